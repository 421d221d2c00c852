import { z } from "zod";
import type { CaseEvent, EntryStamp } from "../case/types.ts";
import { compare, comparator, Comparison, comparisonWords, pct } from "./comparison.ts";
import { entryOf } from "./stamps.ts";
import type { GuardKind } from "./types.ts";

/** Points of attendance gained since the case entered the rule's state: `{ improvementSinceEntry: { atLeast: 2 } }`. */
export type ImprovementSinceEntryGuard = { improvementSinceEntry: Comparison };

/** Today's attendance % less the stamp's; 0 when either is unknown. */
function improvement(stamp: EntryStamp, event: CaseEvent): number {
  const now = event.metrics.attendancePct;
  if (now === null || stamp.attendancePct === null) return 0;
  return now - stamp.attendancePct;
}

export const improvementSinceEntry: GuardKind<ImprovementSinceEntryGuard> = {
  key: "improvementSinceEntry",
  schema: z.object({ improvementSinceEntry: Comparison }).strict(),
  evaluate: ({ improvementSinceEntry: c }, { context, event, statePath }) => compare(improvement(entryOf(context, statePath), event), c),
  describe: ({ improvementSinceEntry: c }) => `improvement since entering ${comparisonWords(c, " points")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ improvementSinceEntry: c }, { context, event, statePath }) => { const stamp = entryOf(context, statePath); return { figure: `improvement since ${stamp.date}`, value: improvement(stamp, event), unit: " points", comparison: c }; },
  figures: (_guard, { context, event, statePath }) => {
    const stamp = entryOf(context, statePath);
    return [`attendance ${pct(stamp.attendancePct)} on ${stamp.date}, ${pct(event.metrics.attendancePct)} now`];
  },
  dayPredicate: ({ improvementSinceEntry: c }) => {
    const cmp = comparator(c);
    return (context, day, s) => {
      const stamp = entryOf(context, s);
      const possible = day.series.possible[day.d + 1]!;
      if (possible === 0 || stamp.attendancePct === null) return cmp(0);
      return cmp((day.series.attended[day.d + 1]! / possible) * 100 - stamp.attendancePct);
    };
  },
};
