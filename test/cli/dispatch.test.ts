/**
 * The dispatcher in-process, with made-up commands: how any command added to the table behaves.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Command } from "../../cli/command.ts";
import { dispatch } from "../../cli/dispatch.ts";
import { CliError, UsageError } from "../../cli/io.ts";
import { InputError } from "../../machines/attendance/inputProblem.ts";

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const seen: string[][] = [];
const command = (name: string, run: Command["run"]): Command => ({ name, summary: `the ${name} command`, usage: `Usage: ${name} [--thing]`, run });
const COMMANDS: Command[] = [
  command("echo", async (argv) => (seen.push(argv), 0)),
  command("problems", async () => {
    throw new InputError([
      { file: "a.csv", line: 3, field: "date", message: "not a date" },
      { file: "a.csv", line: 9, field: "mark", message: "not a code" },
    ]);
  }),
  command("usage", async () => {
    throw new UsageError("usage", "--thing is required");
  }),
  command("missing", async () => {
    throw new CliError("rollcall: cannot read the file \"x\": no such file");
  }),
  command("bug", async () => {
    throw new TypeError("undefined is not a function");
  }),
];

describe("the CLI dispatcher", () => {
  it("runs the named command with the arguments after its name", async () => {
    expect(await dispatch(["echo", "--thing", "1"], COMMANDS)).toBe(0);
    expect(seen.at(-1)).toEqual(["--thing", "1"]);
  });

  it("gives every command --help, without running it", async () => {
    expect(await dispatch(["echo", "--thing", "--help"], COMMANDS)).toBe(0);
    expect(out).toBe("Usage: echo [--thing]\n");
    expect(seen.at(-1)).not.toContain("--help");
  });

  it("passes --help through after --", async () => {
    expect(await dispatch(["echo", "--", "--help"], COMMANDS)).toBe(0);
    expect(seen.at(-1)).toEqual(["--", "--help"]);
  });

  it("lists every command in the table in the top-level help", async () => {
    expect(await dispatch(["--help"], COMMANDS)).toBe(0);
    for (const c of COMMANDS) expect(out).toContain(`  ${c.name.padEnd(8)}  the ${c.name} command`);
  });

  it("prints every input problem as FILE:LINE: FIELD: message and exits 1", async () => {
    expect(await dispatch(["problems"], COMMANDS)).toBe(1);
    expect(err).toBe("a.csv:3: date: not a date\na.csv:9: mark: not a code\n");
    expect(out).toBe("");
  });

  it("exits 2 for usage errors and 1 for other reported failures, one line each", async () => {
    expect(await dispatch(["usage"], COMMANDS)).toBe(2);
    expect(err).toMatch(/^rollcall usage: --thing is required \(see .* usage --help\)\n$/);
    err = "";
    expect(await dispatch(["missing"], COMMANDS)).toBe(1);
    expect(err).toBe('rollcall: cannot read the file "x": no such file\n');
  });

  it("reports a bug in one line, without a stack trace", async () => {
    vi.stubEnv("ROLLCALL_DEBUG", "");
    expect(await dispatch(["bug"], COMMANDS)).toBe(70);
    expect(err).toMatch(/^rollcall: internal error: undefined is not a function \(set ROLLCALL_DEBUG=1 for details\)\n$/);
    vi.unstubAllEnvs();
  });
});
