import { z } from "zod";
import { compare, comparator, Comparison, comparisonWords, impossibleCount } from "./comparison.ts";
import type { GuardKind } from "./types.ts";

/** School days in a row with unauthorised absence up to today: `{ consecutiveUnauthorisedDays: { reaches: 3 } }`. */
export type ConsecutiveUnauthorisedDaysGuard = { consecutiveUnauthorisedDays: Comparison };

export const consecutiveUnauthorisedDays: GuardKind<ConsecutiveUnauthorisedDaysGuard> = {
  key: "consecutiveUnauthorisedDays",
  schema: z.object({ consecutiveUnauthorisedDays: Comparison }).strict(),
  evaluate: ({ consecutiveUnauthorisedDays: c }, { event }) => compare(event.metrics.consecutiveUnauthorisedDays, c),
  describe: ({ consecutiveUnauthorisedDays: c }) => `consecutive days of unauthorised absence ${comparisonWords(c, "")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ consecutiveUnauthorisedDays: c }, { event }) => ({ figure: "consecutive days of unauthorised absence", value: event.metrics.consecutiveUnauthorisedDays, unit: "", comparison: c }),
  figures: (_guard, { event }) => [`${event.metrics.consecutiveUnauthorisedDays} consecutive days unauthorised`],
  dayPredicate: ({ consecutiveUnauthorisedDays: c }) => {
    const cmp = comparator(c);
    return (_c, day) => cmp(day.series.consecutiveUnauthorisedDays[day.d]!);
  },
  impossible: ({ consecutiveUnauthorisedDays: c }) => impossibleCount("consecutiveUnauthorisedDays", c),
};
