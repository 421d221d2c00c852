/**
 * The `metrics` command run for real, as a child process, on temporary files.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { withCheckLetter } from "../../machines/attendance/upn.ts";

// Each test starts Node with tsx, some several times: allow for a loaded machine running the whole suite.
vi.setConfig({ testTimeout: 30_000 });

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURES = join(ROOT, "test/fixtures");
const dir = mkdtempSync(join(tmpdir(), "rollcall-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, ROLLCALL_DEBUG: "" } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const cli = (...args: string[]) => run(process.execPath, ["--import", "tsx", "cli/index.ts", ...args]);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const A = withCheckLetter("123456789012"); // A123456789012
const H = withCheckLetter("820100001003"); // H820100001003
const P = withCheckLetter("000000000001"); // P000000000001

const KEYS = [
  "upn",
  "possibleSessions",
  "attendedSessions",
  "authorisedAbsenceSessions",
  "unauthorisedAbsenceSessions",
  "attendancePct",
  "persistentAbsence",
  "severeAbsence",
  "unauthorisedSessionsLast10SchoolWeeks",
  "penaltyThresholdMet",
  "penaltyThresholdFirstMetOn",
];

// Pupils deliberately out of UPN order. Monday 9 and Tuesday 10 September 2024; P is only in on the Tuesday.
const MARKS = [
  "upn,date,session,mark",
  `${P},2024-09-10,AM,/`,
  `${P},2024-09-10,PM,\\`,
  `${H},2024-09-09,AM,/`,
  `${H},2024-09-09,PM,I`,
  `${H},2024-09-10,AM,O`,
  `${H},2024-09-10,PM,O`,
  `${A},2024-09-09,AM,X`,
  `${A},2024-09-09,PM,X`,
  `${A},2024-09-10,AM,L`,
  `${A},2024-09-10,PM,\\`,
].join("\n");

describe("metrics --json", () => {
  it("prints one JSON array, sorted by UPN, with exactly the contract's keys in order", async () => {
    const { code, stdout, stderr } = await cli("metrics", "--marks", file("marks.csv", MARKS), "--json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const pupils = JSON.parse(stdout) as Record<string, unknown>[];
    expect(pupils.map((p) => p.upn)).toEqual([A, H, P]);
    for (const p of pupils) expect(Object.keys(p)).toEqual(KEYS);
    expect(pupils[1]).toEqual({
      upn: H,
      possibleSessions: 4,
      attendedSessions: 1,
      authorisedAbsenceSessions: 1,
      unauthorisedAbsenceSessions: 2,
      attendancePct: 25,
      persistentAbsence: true,
      severeAbsence: true,
      unauthorisedSessionsLast10SchoolWeeks: 2,
      penaltyThresholdMet: false,
      penaltyThresholdFirstMetOn: null,
    });
    expect(pupils[0]).toMatchObject({ possibleSessions: 2, attendancePct: 100 });
  });

  it("ignores marks after --as-of, and pupils not yet marked by then", async () => {
    const { code, stdout } = await cli("metrics", "--marks", file("marks.csv", MARKS), "--json", "--as-of", "2024-09-09");
    expect(code).toBe(0);
    const pupils = JSON.parse(stdout) as Record<string, unknown>[];
    expect(pupils.map((p) => p.upn)).toEqual([A, H]);
    expect(pupils[0]).toMatchObject({ possibleSessions: 0, attendancePct: null, persistentAbsence: false });
    expect(pupils[1]).toMatchObject({ possibleSessions: 2, attendedSessions: 1, unauthorisedAbsenceSessions: 0, attendancePct: 50 });
  });

  it("reports the penalty threshold with the date it was first met", async () => {
    const { stdout } = await cli(
      "metrics",
      "--marks", join(FIXTURES, "marks-autumn-2024.csv"),
      "--calendar", join(FIXTURES, "calendar-autumn-2024.csv"),
      "--as-of", "2024-11-03",
      "--json",
    );
    const holiday = (JSON.parse(stdout) as Record<string, unknown>[]).find((p) => p.upn === "A820100001006");
    expect(holiday).toMatchObject({ unauthorisedSessionsLast10SchoolWeeks: 10, penaltyThresholdMet: true, penaltyThresholdFirstMetOn: "2024-10-25" });
  });
});

describe("metrics as a table", () => {
  it("prints an aligned table with attendance to one decimal place and the PA/SA flags", async () => {
    const { code, stdout } = await cli("metrics", "--marks", join(FIXTURES, "marks-autumn-2024.csv"));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Register metrics as of 2024-11-29 \(58 school days\)/);
    expect(stdout).toMatch(/^L820100001005 +116 +37\.9 +PA +SA /m);
    expect(stdout).toMatch(/^X820100001004 +116 +86\.2 +PA +16 /m);
    const header = stdout.split("\n").find((l) => l.startsWith("UPN"))!;
    const row = stdout.split("\n").find((l) => l.startsWith("H820100001003"))!;
    // Right-aligned numbers end under the end of their header.
    expect(row.indexOf("99.1") + 4).toBe(header.indexOf("Attend%") + "Attend%".length);
  });
});

describe("metrics with bad input", () => {
  it("exits 1 with every problem as FILE:LINE: FIELD: message on stderr, and nothing on stdout", async () => {
    const marks = file(
      "bad.csv",
      [
        "upn,date,session,mark",
        `K123456789012,2024-09-09,AM,/`,
        `${A},2024-09-31,AM,/`,
        `${A},2024-09-09,noon,/`,
        `${A},2024-09-09,PM,ZZ`,
        `${A},2024-09-10,AM,J`,
        `${H},2024-09-09,AM,/`,
        `${H},2024-09-09,AM,O`,
        `${H},2024-09-09,PM,/`,
        `${H},2024-09-09,PM,/`,
      ].join("\n"),
    );
    const { code, stdout, stderr } = await cli("metrics", "--marks", marks, "--json");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const lines = stderr.trimEnd().split("\n");
    const located = lines.map((l) => /^(.+):(\d+): ([a-z_()]+): ./.exec(l)?.slice(1, 4).join(":"));
    expect(located).toEqual([
      `${marks}:2:upn`,
      `${marks}:3:date`,
      `${marks}:4:session`,
      `${marks}:5:mark`,
      `${marks}:6:mark`,
      `${marks}:8:mark`,
    ]);
    expect(lines[4]).toMatch(/"J".*withdrawn.*J1/);
    expect(lines[5]).toMatch(/line 7/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("checks marks against the calendar when one is given", async () => {
    const marks = file("weekend.csv", `upn,date,session,mark\n${A},2024-09-09,AM,/\n${A},2024-09-07,AM,/\n`);
    const calendar = file("calendar.csv", "start,end,type\n2024-09-02,2024-12-20,term\n");
    const { code, stdout, stderr } = await cli("metrics", "--marks", marks, "--calendar", calendar);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`${marks}:3: date: 2024-09-07 (Saturday) is not a school day in the calendar, but "/" counts as a possible session\n`);
  });

  it("reports problems in the calendar file and the marks file together", async () => {
    const marks = file("m.csv", `upn,date,session,mark\n${A},2024-09-09,AM,H\n`);
    const calendar = file("c.csv", "start,end,type\n2024-09-02,2024-12-20,semester\n");
    const { code, stderr } = await cli("metrics", "--marks", marks, "--calendar", calendar);
    expect(code).toBe(1);
    expect(stderr.trimEnd().split("\n")).toEqual([
      `${calendar}:2: type: "semester" is not a type; use term or closure`,
      expect.stringMatching(new RegExp(`^${marks.replace(/[.\\]/g, "\\$&")}:2: mark: code "H"`)),
    ]);
  });

  it("says so in one line when a file is missing", async () => {
    const missing = join(dir, "no-such-file.csv");
    const { code, stdout, stderr } = await cli("metrics", "--marks", missing);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`rollcall: cannot read the marks file "${missing}": no such file\n`);
  });

  it("exits 2 for bad usage: no --marks, a bad --as-of, an unknown option, an unknown command", async () => {
    for (const args of [["metrics"], ["metrics", "--marks", "x.csv", "--as-of", "29/11/2024"], ["metrics", "--marks", "x.csv", "--csv"], ["attendance"]]) {
      const { code, stdout, stderr } = await cli(...args);
      expect([args, code]).toEqual([args, 2]);
      expect(stdout).toBe("");
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(/--help/);
    }
  });
});

describe("help", () => {
  it("--help lists the commands and exits 0", async () => {
    const { code, stdout } = await cli("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: /);
    expect(stdout).toMatch(/^ {2}metrics {2}/m);
  });

  it("metrics --help shows the command's options and exits 0, even with other arguments", async () => {
    for (const args of [["metrics", "--help"], ["metrics", "--marks", "x.csv", "-h"], ["help", "metrics"]]) {
      const { code, stdout } = await cli(...args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/metrics --marks FILE \[--as-of YYYY-MM-DD\] \[--calendar FILE\] \[--json\]/);
      expect(stdout).toMatch(/--calendar FILE/);
    }
  });

  it("no command at all is bad usage: the help on stderr, exit 2", async () => {
    const { code, stdout, stderr } = await cli();
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/Commands:/);
  });
});

describe("npm run --silent cli", () => {
  it("runs metrics from the project root", async () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const { code, stdout } = await run(npm, ["run", "--silent", "cli", "--", "metrics", "--marks", "test/fixtures/marks-autumn-2024.csv", "--json"]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as unknown[]).length).toBe(7);
  });
});
