import { z } from "zod";
import { compare, type Comparison, comparisonWith, comparisonWords, impossiblePercentage, pct } from "./comparison.ts";
import type { GuardKind } from "./types.ts";

/** Periods a pupil's attendance can be measured over besides the year to date (certificates, termly reports). */
export const ATTENDANCE_PERIODS = ["halfTerm", "term", "schoolYear"] as const;
export type AttendancePeriod = (typeof ATTENDANCE_PERIODS)[number];

export const PERIOD_WORDS = { halfTerm: "half term", term: "term", schoolYear: "school year" } as const;
/** The metric each `periodAttendance` period reads. */
export const PERIOD_METRIC = { halfTerm: "halfTermAttendancePct", term: "termAttendancePct", schoolYear: "schoolYearAttendancePct" } as const;

/** Attendance % this half term, term or school year so far: `{ periodAttendance: { atLeast: 100, period: "halfTerm" } }`. */
export type PeriodAttendanceGuard = { periodAttendance: Comparison & { period: AttendancePeriod } };

export const periodAttendance: GuardKind<PeriodAttendanceGuard> = {
  key: "periodAttendance",
  schema: z.object({ periodAttendance: comparisonWith({ period: z.enum(ATTENDANCE_PERIODS) }) }).strict(),
  evaluate: ({ periodAttendance: c }, { event }) => compare(event.metrics[PERIOD_METRIC[c.period]], c),
  describe: ({ periodAttendance: c }) => `attendance this ${PERIOD_WORDS[c.period]} ${comparisonWords(c, "%")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ periodAttendance: c }, { event }) => ({ figure: `attendance this ${PERIOD_WORDS[c.period]}`, value: event.metrics[PERIOD_METRIC[c.period]], unit: "%", comparison: c }),
  figures: ({ periodAttendance: c }, { event }) => [`attendance this ${PERIOD_WORDS[c.period]} ${pct(event.metrics[PERIOD_METRIC[c.period]])}`],
  impossible: ({ periodAttendance: c }) => impossiblePercentage(c),
};
