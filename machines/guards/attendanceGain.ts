import { z } from "zod";
import type { CaseMetrics } from "../case/types.ts";
import { compare, type Comparison, comparisonWith, comparisonWords, type NumberOrParameter, pct, SchoolWeeks } from "./comparison.ts";
import type { GuardKind } from "./types.ts";

/** Points of year-to-date attendance gained over the last N school weeks: `{ attendanceGain: { atLeast: 2, overSchoolWeeks: 4 } }`. */
export type AttendanceGainGuard = { attendanceGain: Comparison & { overSchoolWeeks: NumberOrParameter } };

/**
 * Points of year-to-date attendance gained over the last N school weeks: today's figure less the figure as it
 * stood before the window. Null (the guard fails) when either is unknown.
 */
export function attendanceGainOf(m: CaseMetrics, weeks: number): number | null {
  const before = m.windows[weeks]?.attendancePctBefore ?? null;
  return before === null || m.attendancePct === null ? null : m.attendancePct - before;
}

export const attendanceGain: GuardKind<AttendanceGainGuard> = {
  key: "attendanceGain",
  schema: z.object({ attendanceGain: comparisonWith({ overSchoolWeeks: SchoolWeeks }) }).strict(),
  evaluate: ({ attendanceGain: c }, { event }) => compare(attendanceGainOf(event.metrics, c.overSchoolWeeks as number), c),
  describe: ({ attendanceGain: c }) => `attendance up ${comparisonWords(c, " points")} over the last ${c.overSchoolWeeks} school weeks`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ attendanceGain: c }, { event }) => ({ figure: `attendance gained over the last ${c.overSchoolWeeks} school weeks`, value: attendanceGainOf(event.metrics, c.overSchoolWeeks as number), unit: " points", comparison: c }),
  figures: ({ attendanceGain: c }, { event }) => {
    const m = event.metrics;
    const w = c.overSchoolWeeks as number;
    return [`attendance ${pct(m.windows[w]?.attendancePctBefore ?? null)} ${w} school weeks ago, ${pct(m.attendancePct)} now`];
  },
  windows: ({ attendanceGain: c }, add) => add(c.overSchoolWeeks as number),
  impossible: ({ attendanceGain: c }) => {
    if (c.atLeast !== undefined && (c.atLeast as number) > 100) return `a gain of ${c.atLeast} points or more`;
    if (c.above !== undefined && (c.above as number) >= 100) return `a gain of more than ${c.above} points`;
    return undefined;
  },
};
