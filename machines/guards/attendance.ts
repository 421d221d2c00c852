import { z } from "zod";
import { compare, comparator, type Comparison, comparisonWith, comparisonWords, impossiblePercentage, type NumberOrParameter, pct, SchoolWeeks } from "./comparison.ts";
import { windowAttendancePct } from "./stamps.ts";
import type { GuardKind } from "./types.ts";

/** Attendance % for the year to date, or over the last N school weeks: `{ attendance: { below: 90 } }`. */
export type AttendanceGuard = { attendance: Comparison & { overSchoolWeeks?: NumberOrParameter } };

export const attendance: GuardKind<AttendanceGuard> = {
  key: "attendance",
  schema: z.object({ attendance: comparisonWith({ overSchoolWeeks: SchoolWeeks.optional() }) }).strict(),
  evaluate: ({ attendance: c }, { event }) => {
    const m = event.metrics;
    const value = c.overSchoolWeeks ? (m.windows[c.overSchoolWeeks as number]?.attendancePct ?? null) : m.attendancePct;
    return compare(value, c);
  },
  describe: ({ attendance: c }) => {
    const over = c.overSchoolWeeks ? ` over the last ${c.overSchoolWeeks} school weeks` : "";
    return `attendance ${comparisonWords(c, "%")}${over}`;
  },
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ attendance: c }, { event }) => ({ figure: c.overSchoolWeeks ? `attendance over the last ${c.overSchoolWeeks} school weeks` : "attendance", value: c.overSchoolWeeks ? (event.metrics.windows[c.overSchoolWeeks as number]?.attendancePct ?? null) : event.metrics.attendancePct, unit: "%", comparison: c }),
  figures: ({ attendance: c }, { event }) => {
    const m = event.metrics;
    const w = c.overSchoolWeeks as number | undefined;
    return [w ? `attendance over ${w} school weeks ${pct(m.windows[w]?.attendancePct ?? null)}` : `attendance ${pct(m.attendancePct)}`];
  },
  dayPredicate: ({ attendance: c }) => {
    const cmp = comparator(c);
    const weeks = c.overSchoolWeeks as number | undefined;
    if (weeks) return (_c, day) => cmp(windowAttendancePct(day, weeks));
    return (_c, day) => {
      const possible = day.series.possible[day.d + 1]!;
      return cmp(possible === 0 ? null : (day.series.attended[day.d + 1]! / possible) * 100);
    };
  },
  windows: ({ attendance: c }, add) => {
    if (c.overSchoolWeeks) add(c.overSchoolWeeks as number);
  },
  // Each year-to-date attendance-% test waits for the policy's minimum of possible sessions.
  withMinimumSessions: (guard, minimum) => (guard.attendance.overSchoolWeeks ? guard : { all: [{ possibleSessions: { atLeast: minimum } }, guard] }),
  impossible: ({ attendance: c }) => impossiblePercentage(c),
};
