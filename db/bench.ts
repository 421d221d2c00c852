/**
 * Storage timings on synthetic data: `npx tsx db/bench.ts` (about a minute; writes only to a temp directory).
 *  1. A school: 1,500 pupils × a full year (190 days): upsertPupils, applyMarks (new, then identical), loadRegister.
 *  2. A local authority: 100,000 pupils, imported one day at a time, then loadRegister for all of them.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { cohortMarkRows, generateCohort, generateCompactCohort, type CohortMark } from "../machines/cohort/generateCohort.ts";
import type { RollcallDb } from "./client.ts";
import { recordImport } from "./imports.ts";
import { upsertPupils } from "./pupils.ts";
import { applyMarks, loadRegister } from "./register.ts";
import { openTempDatabase } from "./testSupport.ts";

const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;
let imports = 0;
const newImport = async (rdb: RollcallDb) =>
  (await recordImport(rdb.orm, { kind: "marks", sha256: String(++imports).padStart(64, "0"), fileName: "bench.csv", rows: 0, recordedAt: new Date().toISOString(), actor: "bench" })).id;

{
  const { rdb, cleanup } = await openTempDatabase();
  const cohort = generateCohort({ seed: 2024, pupils: 1500 });
  console.log(`School: 1,500 pupils, ${cohort.calendar.days.length} days, ${cohort.marks.length} marks`);
  let t = performance.now();
  await upsertPupils(rdb.orm, cohort.pupils);
  console.log(`  upsertPupils             ${ms(t)}`);
  t = performance.now();
  await applyMarks(rdb.orm, cohort.marks, await newImport(rdb), "bench");
  console.log(`  applyMarks (new)         ${ms(t)}`);
  t = performance.now();
  await applyMarks(rdb.orm, cohort.marks, await newImport(rdb), "bench");
  console.log(`  applyMarks (identical)   ${ms(t)}`);
  t = performance.now();
  await loadRegister(rdb.orm);
  console.log(`  loadRegister             ${ms(t)}`);
  await cleanup();
}

{
  const { rdb, dir, cleanup } = await openTempDatabase();
  const days = 3;
  const la = generateCompactCohort({ seed: 5, pupils: 100_000, days, yearGroups: ["R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"] });
  const byDay = new Map<string, CohortMark[]>();
  for (const row of cohortMarkRows(la)) {
    const list = byDay.get(row.date) ?? [];
    list.push(row);
    byDay.set(row.date, list);
  }
  console.log(`Local authority: 100,000 pupils, ${days} days imported one at a time`);
  let t = performance.now();
  await upsertPupils(rdb.orm, la.pupils);
  console.log(`  upsertPupils             ${ms(t)}`);
  for (const [date, rows] of byDay) {
    t = performance.now();
    await applyMarks(rdb.orm, rows, await newImport(rdb), "bench");
    console.log(`  applyMarks ${date}    ${ms(t)} (${rows.length} marks)`);
  }
  t = performance.now();
  const register = await loadRegister(rdb.orm);
  console.log(`  loadRegister             ${ms(t)} (${register.upns.length} pupils)`);
  console.log(`  file                     ${(statSync(join(dir, "rollcall.db")).size / 1e6).toFixed(0)} MB (+ WAL)`);
  await cleanup();
}
