import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePupilsCsv } from "../../machines/attendance/pupilsCsv.ts";
import { upnProblem } from "../../machines/attendance/upn.ts";
import { parseParentsCsv } from "./parentsCsv.ts";
import { PARENTS_CSV_HEADER, syntheticParentsCsvLines } from "./synthetic.ts";

const SCHOOL = new URL("../../examples/small-school/", import.meta.url);

describe("the parents file", () => {
  it("the example school's parents.csv reads without a problem, for pupils on its roll, and is the generator's output", () => {
    const text = readFileSync(new URL("parents.csv", SCHOOL), "utf8");
    const pupils = parsePupilsCsv(readFileSync(new URL("pupils.csv", SCHOOL), "utf8"), "pupils.csv").pupils;
    const parsed = parseParentsCsv(text, "parents.csv", { validateUpn: upnProblem });
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.length).toBeGreaterThanOrEqual(pupils.length);
    const roll = new Set(pupils.map((p) => p.upn));
    expect(parsed.rows.every((r) => roll.has(r.upn))).toBe(true);
    expect(text).toBe(`${[...syntheticParentsCsvLines(pupils, 7)].join("\n")}\n`);
  });

  it("names the line and column of each problem; an empty priority is the row's place for the pupil", () => {
    const text = [
      PARENTS_CSV_HEADER,
      "H820100001003,Ms Jo Example,Mother,Y,Y,1 Test Row,,ZZ99 1AA,07700 900001,,,Y,Y",
      "H820100001003,Mr Lee Example,Father,Y,N,,,,,,,N,",
      "H820100001003,Mx Sam Example,,perhaps,Y,,,ZZ99,12,x@,10,Y,",
    ].join("\n");
    const parsed = parseParentsCsv(text, "parents.csv");
    expect(parsed.rows.map((r) => [r.details.name, r.details.priority, r.details.correspondence, r.details.liableForNotices])).toEqual([
      ["Ms Jo Example", 1, true, true],
      ["Mr Lee Example", 2, false, null],
    ]);
    expect(parsed.problems.map((p) => `${p.file}:${p.line}: ${p.field}`)).toEqual(["parents.csv:4: parental_responsibility"]);
    const fixed = parseParentsCsv(text.replace("perhaps", "N"), "parents.csv");
    expect(fixed.problems.map((p) => `${p.line}: ${p.field}`).sort()).toEqual(["4: email", "4: phone", "4: postcode", "4: priority", "4: relationship"]);
  });
});
