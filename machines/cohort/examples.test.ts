/**
 * examples/small-school is the generator's output for seed 7, 40 pupils, 2024-25, and the README's demo school:
 * it must stay byte-identical to what the generator makes now, and keep the cases the demo relies on.
 * (A test, so it may read files; the generator itself does no I/O.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { calendarCsvLines, marksCsvLines, pupilsCsvLines } from "./cohortCsv.ts";
import { DEFAULT_YEAR_GROUPS, generateCompactCohort } from "./generateCohort.ts";
import { measureCohort } from "./measure.ts";

const file = (name: string) => readFileSync(new URL(`../../examples/small-school/${name}`, import.meta.url), "utf8");
const text = (lines: Iterable<string>) => [...lines].join("\n") + "\n";

describe("examples/small-school", () => {
  const cohort = generateCompactCohort({ seed: 7, pupils: 40 });

  it("is exactly what `npm run cohort -- --seed 7 --pupils 40` writes", () => {
    expect(file("pupils.csv")).toBe(text(pupilsCsvLines(cohort.pupils, DEFAULT_YEAR_GROUPS)));
    expect(file("calendar.csv")).toBe(text(calendarCsvLines(cohort.schoolYear)));
    expect(file("marks.csv") === text(marksCsvLines(cohort))).toBe(true); // 450 KB: no diff printed
  });

  it("has the cases the demo needs: PA, SA, a social worker, the penalty threshold", () => {
    const rates = measureCohort({ calendar: cohort.calendar, marks: cohort.marksByPupil });
    expect(rates.persistentAbsencePupils).toBeGreaterThanOrEqual(3);
    expect(rates.severeAbsencePupils).toBeGreaterThanOrEqual(1);
    expect(rates.severeAbsencePupils).toBeLessThanOrEqual(2);
    expect(rates.penaltyThresholdPupils).toBeGreaterThanOrEqual(1);
    expect(cohort.pupils.some((p) => p.socialWorker)).toBe(true);
  });
});
