import { parseCalendarCsv } from "../machines/attendance/calendarFile.ts";
import { calendarCsvLines, marksCsvLines, pupilsCsvLines } from "../machines/cohort/cohortCsv.ts";
import { englishSchoolYear } from "../machines/cohort/englishSchoolYear.ts";
import { generateCompactCohort } from "../machines/cohort/generateCohort.ts";
import * as store from "../db/index.ts";
import type { ServerDeps } from "./deps.ts";
import { importMarks, importPupils } from "./imports/importFiles.ts";
import { importParents } from "./parents/importParents.ts";
import { syntheticParentsCsvLines } from "./parents/synthetic.ts";

export const DEMO_SEED = 2025;
export const DEMO_PUPILS = 300;
export const DEMO_START_YEAR = 2025;

/**
 * Loads the synthetic demo school (a full year 2025-26, 300 pupils in Reception to Year 6) through the same
 * imports a school uses, so every case is built by the engine from the register. All names and UPNs are
 * invented. Returns the last school day, which the demo treats as "today".
 */
export async function loadDemoSchool(deps: ServerDeps, actor = "demo-loader"): Promise<{ pupils: number; lastSchoolDay: string }> {
  const cohort = generateCompactCohort({ seed: DEMO_SEED, pupils: DEMO_PUPILS, startYear: DEMO_START_YEAR });
  const pupils = [...pupilsCsvLines(cohort.pupils)].join("\n");
  const marks = [...marksCsvLines(cohort)].join("\n");
  // The school's term dates first, as a school would set up: they tell each day close what follows it.
  const termDatesText = `${[...calendarCsvLines(englishSchoolYear(DEMO_START_YEAR))].join("\n")}\n`;
  const termDates = parseCalendarCsv(termDatesText, "demo-term-dates.csv");
  if (!termDates.calendar) throw new Error(`demo term dates do not parse: ${JSON.stringify(termDates.problems.slice(0, 3))}`);
  await store.recordTermDates(deps.rdb.orm, { text: termDatesText, fileName: "demo-term-dates.csv", schoolDays: termDates.calendar.days, actor });
  const p = await importPupils(deps, `${pupils}\n`, "demo-pupils.csv", actor);
  if (p.status === "invalid") throw new Error(`demo pupils do not import: ${JSON.stringify(p.errors.slice(0, 3))}`);
  // Their invented parents and carers, beside the pupils file as a school would import them.
  const parents = await importParents(deps, `${[...syntheticParentsCsvLines(cohort.pupils, DEMO_SEED)].join("\n")}\n`, "demo-parents.csv", actor);
  if (parents.status === "invalid") throw new Error(`demo parents do not import: ${JSON.stringify(parents.errors.slice(0, 3))}`);
  const m = await importMarks(deps, `${marks}\n`, "demo-marks.csv", actor);
  if (m.status === "invalid") throw new Error(`demo marks do not import: ${JSON.stringify(m.errors.slice(0, 3))}`);
  const lastSchoolDay = cohort.calendar.days.at(-1)!;
  // A working school has done the older tasks: leave the last two school weeks' open, as on a real morning.
  const cutoff = cohort.calendar.days.at(-10)!;
  const old = (await store.listTasks(deps.rdb.orm, { status: "open" })).filter((t) => t.createdOn < cutoff);
  await store.inTransaction(deps.rdb, async (tx) => {
    for (const t of old) await store.completeTask(tx, t.id, { outcome: "Done (demo school)", actor, at: `${t.dueOn ?? t.createdOn}T16:00:00.000Z` });
  });
  return { pupils: cohort.pupils.length, lastSchoolDay };
}
