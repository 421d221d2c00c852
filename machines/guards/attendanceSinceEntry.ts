import { z } from "zod";
import { compare, Comparison, comparisonWords, impossiblePercentage, pct } from "./comparison.ts";
import { attendanceSince, entryOf } from "./stamps.ts";
import type { GuardKind } from "./types.ts";

/** Attendance % since the case entered the rule's state: `{ attendanceSinceEntry: { atLeast: 95 } }`. */
export type AttendanceSinceEntryGuard = { attendanceSinceEntry: Comparison };

export const attendanceSinceEntry: GuardKind<AttendanceSinceEntryGuard> = {
  key: "attendanceSinceEntry",
  schema: z.object({ attendanceSinceEntry: Comparison }).strict(),
  evaluate: ({ attendanceSinceEntry: c }, { context, event, statePath }) => compare(attendanceSince(entryOf(context, statePath), event), c),
  describe: ({ attendanceSinceEntry: c }) => `attendance since entering ${comparisonWords(c, "%")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ attendanceSinceEntry: c }, { context, event, statePath }) => { const stamp = entryOf(context, statePath); return { figure: `attendance since ${stamp.date}`, value: attendanceSince(stamp, event), unit: "%", comparison: c }; },
  figures: (_guard, { context, event, statePath }) => {
    const stamp = entryOf(context, statePath);
    return [`attendance since ${stamp.date} ${pct(attendanceSince(stamp, event))}`];
  },
  impossible: ({ attendanceSinceEntry: c }) => impossiblePercentage(c),
};
