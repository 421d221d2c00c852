import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRegister } from "../machines/attendance/register.ts";
import { generateCohort, type Cohort } from "../machines/cohort/generateCohort.ts";
import type { RollcallDb } from "./client.ts";
import { recordImport } from "./imports.ts";
import { applyMarks, loadRegister } from "./register.ts";
import { openTempDatabase } from "./testSupport.ts";

// A school's year at full size: 1,500 synthetic pupils × 190 days (about 555,000 marks). Correctness is
// asserted; the times are printed for the record, not asserted (they depend on the machine). See db/bench.ts.
describe("a full year for 1,500 pupils", () => {
  let cohort: Cohort;
  let rdb: RollcallDb;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    cohort = generateCohort({ seed: 2024, pupils: 1500 });
    ({ rdb, cleanup } = await openTempDatabase());
  });
  afterAll(async () => cleanup());

  it("stores every mark and loads the same register back", async () => {
    const imp = await recordImport(rdb.orm, { kind: "marks", sha256: "1".repeat(64), fileName: "year.csv", rows: cohort.marks.length, recordedAt: "t", actor: "test" });
    let started = performance.now();
    const result = await applyMarks(rdb.orm, cohort.marks, imp.id, "t");
    const applyMs = performance.now() - started;
    expect(result.changedUpns.length).toBe(1500);
    expect(result.newDays.length).toBe(cohort.calendar.days.length);

    started = performance.now();
    const register = await loadRegister(rdb.orm);
    const loadMs = performance.now() - started;
    const expected = buildRegister(cohort.marks);
    expect(register.upns).toEqual(expected.upns);
    expect(register.calendar.days).toEqual(expected.calendar.days);
    for (let p = 0; p < expected.upns.length; p++) expect(Buffer.compare(register.marks[p]!, expected.marks[p]!)).toBe(0);

    const again = await applyMarks(rdb.orm, cohort.marks, imp.id, "t");
    expect(again.unchanged).toBe(cohort.marks.length);
    console.info(
      `[db] ${cohort.marks.length} marks (1,500 pupils × ${cohort.calendar.days.length} days): applyMarks ${applyMs.toFixed(0)} ms, loadRegister ${loadMs.toFixed(0)} ms`,
    );
  });
});
