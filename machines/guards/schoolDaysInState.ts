import { z } from "zod";
import { compare, comparator, Comparison, comparisonWords, impossibleCount } from "./comparison.ts";
import { entryOf } from "./stamps.ts";
import type { GuardKind } from "./types.ts";

/** A timer (ADR 001): school days since the case entered the rule's state: `{ schoolDaysInState: { atLeast: 10 } }`. */
export type SchoolDaysInStateGuard = { schoolDaysInState: Comparison };

export const schoolDaysInState: GuardKind<SchoolDaysInStateGuard> = {
  key: "schoolDaysInState",
  schema: z.object({ schoolDaysInState: Comparison }).strict(),
  evaluate: ({ schoolDaysInState: c }, { context, event, statePath }) => compare(event.dayIndex - entryOf(context, statePath).dayIndex, c),
  describe: ({ schoolDaysInState: c }) => `school days in this state ${comparisonWords(c, "")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ schoolDaysInState: c }, { context, event, statePath }) => { const stamp = entryOf(context, statePath); return { figure: `school days in this state (since ${stamp.date})`, value: event.dayIndex - stamp.dayIndex, unit: "", comparison: c }; },
  figures: (_guard, { context, event, statePath }) => {
    const stamp = entryOf(context, statePath);
    return [`${event.dayIndex - stamp.dayIndex} school days since ${stamp.date}`];
  },
  dayPredicate: ({ schoolDaysInState: c }) => {
    const cmp = comparator(c);
    return (context, day, s) => cmp(day.d - entryOf(context, s).dayIndex);
  },
  impossible: ({ schoolDaysInState: c }) => impossibleCount("schoolDaysInState", c),
};
