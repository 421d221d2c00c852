/**
 * The README's "Register metrics" example and the synthetic fixtures it runs on stay true.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { parseCalendarCsv } from "../../machines/attendance/calendarFile.ts";
import { checkMarksAgainstCalendar, parseMarksCsv } from "../../machines/attendance/marksCsv.ts";
import { parsePupilsCsv } from "../../machines/attendance/pupilsCsv.ts";
import { upnProblem } from "../../machines/attendance/upn.ts";

vi.setConfig({ testTimeout: 30_000 }); // starts Node with tsx

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");

describe("the shipped example", () => {
  it("fixtures are valid: UPNs with correct check letters, marks only on calendar school days", () => {
    const calendar = parseCalendarCsv(fixture("calendar-autumn-2024.csv"), "calendar");
    const marks = parseMarksCsv(fixture("marks-autumn-2024.csv"), "marks", { validateUpn: upnProblem });
    const pupils = parsePupilsCsv(fixture("pupils.csv"), "pupils", { validateUpn: upnProblem });
    expect([...calendar.problems, ...marks.problems, ...pupils.problems]).toEqual([]);
    expect(checkMarksAgainstCalendar(marks.rows, calendar.calendar!, "marks")).toEqual([]);
    expect(new Set(marks.rows.map((r) => r.upn))).toEqual(new Set(pupils.pupils.map((p) => p.upn)));
  });

  it("README shows lines the command really prints", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Register metrics"));
    const command = /```sh\n([\s\S]*?)\n```/.exec(section)![1]!.replace(/\\\n\s*/g, "");
    const shown = /```\n(Register metrics as of[\s\S]*?)\n```/.exec(section)![1]!.split("\n").filter((l) => l !== "...");
    const args = command.split(/\s+/).slice(command.split(/\s+/).indexOf("--") + 1);
    const stdout = execFileSync(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], { cwd: ROOT, encoding: "utf8" });
    expect(shown.length).toBeGreaterThan(4);
    expect(stdout.split("\n").slice(0, shown.length)).toEqual(shown);
  });

  it("README's simulate example shows lines the command really prints", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Simulating a school's policy"));
    const command = /```sh\n([\s\S]*?)\n```/.exec(section)![1]!.replace(/\\\n\s*/g, "");
    const shown = /```\n(Policy all-saints[\s\S]*?)\n```/.exec(section)![1]!.split("\n").filter((l) => l !== "...");
    const args = command.split(/\s+/).slice(command.split(/\s+/).indexOf("--") + 1);
    const lines = execFileSync(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], { cwd: ROOT, encoding: "utf8" }).split("\n");
    expect(shown.length).toBeGreaterThan(5);
    // Every line the README shows is printed, in the same order (the README leaves rows out).
    let at = 0;
    for (const line of shown) {
      const found = lines.indexOf(line, at);
      expect(found, line).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});
