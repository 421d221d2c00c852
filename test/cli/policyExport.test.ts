/**
 * `rollcall policy export --policy X --format xstate` runs for real, as a child process: its JSON loads with XState's
 * own `createMachine`, and a wrong format or policy is refused with a clear line and the right exit code.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMachine } from "xstate";
import { afterAll, describe, expect, it, vi } from "vitest";
import { compilePolicy } from "../../machines/policy/compilePolicy.ts";
import { exportXStateConfig } from "../../machines/policy/exportXStateConfig.ts";
import { PRESETS } from "../../machines/presets/index.ts";

vi.setConfig({ testTimeout: 60_000 });

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "rollcall-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe("rollcall policy export", () => {
  it("prints the preset's machine config as JSON that createMachine loads, the same as the module's export", async () => {
    const r = await cli("policy", "export", "--policy", "all-saints", "--format", "xstate");
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(r.stdout);
    expect(config).toEqual(JSON.parse(JSON.stringify(exportXStateConfig(compilePolicy(PRESETS["all-saints"], "all-saints")))));
    const machine = createMachine(config, { guards: { policyRule: () => false } });
    expect(Object.keys(machine.root.states)).toEqual(["expect", "monitor", "listen", "facilitate", "formalise", "enforce", "closed"]);
    expect(machine.root.initial?.target[0]?.key).toBe(config.initial);
  });

  it("refuses a format it does not export, and a missing --policy, as bad usage", async () => {
    const wrong = await cli("policy", "export", "--policy", "all-saints", "--format", "scxml");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--format "scxml"');
    expect(wrong.stdout).toBe("");
    const missing = await cli("policy", "export", "--format", "xstate");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--policy");
  });

  it("refuses a policy with problems, naming the file and the path, and prints nothing", async () => {
    const file = join(dir, "broken.json");
    const broken = structuredClone(PRESETS["all-saints"]) as { initial: string };
    broken.initial = "nowhere";
    writeFileSync(file, JSON.stringify(broken));
    const r = await cli("policy", "export", "--policy", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: initial:`);
    expect(r.stdout).toBe("");
  });
});
