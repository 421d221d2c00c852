/**
 * Writes a synthetic school as CSV files: pupils.csv, marks.csv and calendar.csv.
 *
 *   npx tsx scripts/generateCohort.ts --seed 1 --pupils 30 --out examples/small-school [--days N]
 *       [--start-year 2024] [--year-groups R,1,2,3,4,5,6] [--mix national|primary]
 *
 * Deterministic: the same arguments write byte-identical files. Marks are streamed, so large cohorts
 * (100,000 pupils) never hold every row in memory.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { calendarCsvLines, marksCsvLines, pupilsCsvLines } from "../machines/cohort/cohortCsv.ts";
import { DEFAULT_YEAR_GROUPS, generateCompactCohort, PRIMARY_PROFILE_WEIGHTS } from "../machines/cohort/generateCohort.ts";
import { measureCohort } from "../machines/cohort/measure.ts";

/** Appends lines to a file through a buffer. */
function lineWriter(path: string) {
  const fd = openSync(path, "w");
  let buffer = "";
  let lines = 0;
  return {
    line(text: string) {
      buffer += text + "\n";
      lines++;
      if (buffer.length >= 1 << 20) {
        writeSync(fd, buffer);
        buffer = "";
      }
    },
    close(): number {
      if (buffer) writeSync(fd, buffer);
      closeSync(fd);
      return lines;
    },
  };
}

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(
    "usage: npx tsx scripts/generateCohort.ts --seed N --pupils N --out DIR [--days N] [--start-year YYYY] [--year-groups R,1,2,...] [--mix national|primary]",
  );
  process.exit(2);
}

function wholeNumber(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined) {
    if (fallback === undefined) usage(`--${name} is required`);
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) usage(`--${name} must be a whole number, not "${raw}"`);
  return n;
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: "string" },
        pupils: { type: "string" },
        out: { type: "string" },
        days: { type: "string" },
        "start-year": { type: "string" },
        "year-groups": { type: "string" },
        mix: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (values.help) usage();
  const seed = wholeNumber("seed", values.seed);
  const pupils = wholeNumber("pupils", values.pupils, 30);
  const out = values.out ?? usage("--out is required");
  const days = values.days === undefined ? undefined : wholeNumber("days", values.days);
  const startYear = wholeNumber("start-year", values["start-year"], 2024);
  const yearGroups = values["year-groups"]?.split(",").map((g) => g.trim());
  const mix = values.mix ?? "national";
  if (mix !== "national" && mix !== "primary") usage(`--mix must be national or primary, not "${mix}"`);
  const profileWeights = mix === "primary" ? PRIMARY_PROFILE_WEIGHTS : undefined;

  const started = performance.now();
  let cohort;
  try {
    cohort = generateCompactCohort({ seed, pupils, startYear, days, yearGroups, profileWeights });
  } catch (error) {
    usage((error as Error).message);
  }
  mkdirSync(out, { recursive: true });

  const write = (file: string, lines: Iterable<string>) => {
    const writer = lineWriter(join(out, file));
    for (const line of lines) writer.line(line);
    return writer.close() - 1;
  };
  write("pupils.csv", pupilsCsvLines(cohort.pupils, yearGroups ?? DEFAULT_YEAR_GROUPS));
  const markRows = write("marks.csv", marksCsvLines(cohort));
  write("calendar.csv", calendarCsvLines(cohort.schoolYear));
  const year = cohort.schoolYear;

  const rates = measureCohort({ calendar: cohort.calendar, marks: cohort.marksByPupil });
  const pct = (x: number) => `${x.toFixed(1)}%`;
  console.log(
    [
      `wrote ${out}/pupils.csv (${cohort.pupils.length} pupils), marks.csv (${markRows} marks), calendar.csv ` +
        `(${year.label}, ${cohort.calendar.days.length} school days, ${cohort.calendar.days[0]} to ${cohort.calendar.days.at(-1)})`,
      `absence ${pct(rates.overallAbsencePct)} (authorised ${pct(rates.authorisedAbsencePct)}, unauthorised ${pct(rates.unauthorisedAbsencePct)}); ` +
        `persistent absence ${rates.persistentAbsencePupils} pupils (${pct(rates.persistentAbsencePct)}), ` +
        `severe ${rates.severeAbsencePupils} (${pct(rates.severeAbsencePct)}); ` +
        `${rates.penaltyThresholdPupils} met the penalty-notice threshold; ` +
        `${cohort.pupils.filter((p) => p.socialWorker).length} with a social worker`,
      `seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ].join("\n"),
  );
}

main();
