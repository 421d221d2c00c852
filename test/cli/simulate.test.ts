/**
 * `simulate` and `policy check` run for real, as child processes, on the fixture school and temporary files.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { PRESET_IDS } from "../../machines/presets/index.ts";

vi.setConfig({ testTimeout: 60_000 });

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MARKS = join(ROOT, "test/fixtures/marks-autumn-2024.csv");
const PUPILS = join(ROOT, "test/fixtures/pupils.csv");
const dir = mkdtempSync(join(tmpdir(), "rollcall-simulate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe("rollcall simulate", () => {
  it("prints one JSON array sorted by UPN with stage, state, transitions and tasks; identical input gives identical bytes", async () => {
    const a = await cli("simulate", "--policy", "all-saints", "--marks", MARKS, "--pupils", PUPILS, "--json");
    const b = await cli("simulate", "--policy", "all-saints", "--marks", MARKS, "--pupils", PUPILS, "--json");
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const cases = JSON.parse(a.stdout) as { upn: string; stage: string; state: string; transitions: { date: string; from: string; to: string; event: string; reason: string }[]; tasks: { date: string; kind: string; title: string }[] }[];
    expect(cases.map((c) => c.upn)).toEqual([...cases.map((c) => c.upn)].sort());
    expect(Object.keys(cases[0]!)).toEqual(["upn", "stage", "state", "transitions", "tasks"]);
    for (const c of cases) {
      expect(["expect", "monitor", "listen", "facilitate", "formalise", "enforce", "closed"]).toContain(c.stage);
      expect(c.state.split(".")[0]).toBe(c.stage);
      for (const t of c.transitions) expect(Object.keys(t)).toEqual(expect.arrayContaining(["date", "from", "to", "event", "reason"]));
      for (const t of c.tasks) expect(["first-day-call", "home-visit", "letter", "meeting", "review", "referral", "notification", "penalty-notice"]).toContain(t.kind);
    }
    expect(cases.some((c) => c.transitions.length > 0)).toBe(true);
  });

  it("applies scripted events and reports those no rule accepts on stderr", async () => {
    const sim = JSON.parse((await cli("simulate", "--policy", "all-saints", "--marks", MARKS, "--json")).stdout) as { upn: string; state: string; transitions: { date: string; to: string }[] }[];
    const invited = sim.find((c) => c.transitions.some((t) => t.to === "formalise.sapInvited"));
    const upn = (invited ?? sim[0]!).upn;
    const date = invited ? invited.transitions.find((t) => t.to === "formalise.sapInvited")!.date : "2024-10-01";
    const payload = JSON.stringify({ attendees: ["AL"], reviewDate: "2024-12-01" }).replace(/"/g, '""');
    const events = join(dir, "events.csv");
    writeFileSync(events, `upn,date,event,payload_json\n${upn},${date},sapMeetingHeld,"${payload}"\n${upn},${date},reopenCase,"{""reason"":""x""}"\n`);
    const r = await cli("simulate", "--policy", "all-saints", "--marks", MARKS, "--events", events, "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${upn} ${date} reopenCase: not accepted`);
    if (invited) {
      const after = (JSON.parse(r.stdout) as typeof sim).find((c) => c.upn === upn)!;
      expect(after.transitions.map((t) => t.to)).toContain("formalise.sapTarget");
    }
  });

  it("rejects a bad events file naming file, line and field, with nothing on stdout", async () => {
    const events = join(dir, "bad-events.csv");
    writeFileSync(events, 'upn,date,event,payload_json\nA820100001006,2024-13-01,sapMeetingHeld,"{""attendees"":[]}"\nA820100001006,2024-10-01,teaParty,\n');
    const r = await cli("simulate", "--policy", "all-saints", "--marks", MARKS, "--events", events, "--json");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/bad-events\.csv:2: date: /),
      expect.stringMatching(/bad-events\.csv:2: payload_json\.attendees: /),
      expect.stringMatching(/bad-events\.csv:3: event: "teaParty" is not an event/),
    ]));
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("rejects an unknown policy with one clear line", async () => {
    const r = await cli("simulate", "--policy", "no-such-school", "--marks", MARKS);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/"no-such-school" is neither a preset .* nor a file/);
  });
});

describe("rollcall policy check", () => {
  it("passes every preset", async () => {
    for (const id of PRESET_IDS) {
      const r = await cli("policy", "check", id);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${id}: ok`);
    }
  });

  it("fails a policy file with a stuck state, naming it", async () => {
    const shown = JSON.parse((await cli("policy", "show", "dfe-2024")).stdout);
    shown.stages.enforce.rules = [];
    const path = join(dir, "stuck.json");
    writeFileSync(path, JSON.stringify(shown, null, 2));
    const r = await cli("policy", "check", path);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("state enforce: no rule of the policy leads out of this state");
  });

  it("names the line of a JSON syntax error", async () => {
    const path = join(dir, "broken.json");
    writeFileSync(path, '{\n  "id": "x",\n  "name": oops\n}\n');
    const r = await cli("policy", "check", path);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.json:3: \(file\): not valid JSON/);
  });
});
