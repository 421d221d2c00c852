import { z } from "zod";
import { compare, comparator, Comparison, comparisonWords, impossibleCount } from "./comparison.ts";
import type { GuardKind } from "./types.ts";

/** School days of the current spell of illness (I): `{ illnessSpellDays: { reaches: 3 } }`. */
export type IllnessSpellDaysGuard = { illnessSpellDays: Comparison };

export const illnessSpellDays: GuardKind<IllnessSpellDaysGuard> = {
  key: "illnessSpellDays",
  schema: z.object({ illnessSpellDays: Comparison }).strict(),
  evaluate: ({ illnessSpellDays: c }, { event }) => compare(event.metrics.illnessSpellDays, c),
  describe: ({ illnessSpellDays: c }) => `days of illness in this spell ${comparisonWords(c, "")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ illnessSpellDays: c }, { event }) => ({ figure: "days of illness in this spell", value: event.metrics.illnessSpellDays, unit: "", comparison: c }),
  figures: (_guard, { event }) => [`${event.metrics.illnessSpellDays} days of illness`],
  dayPredicate: ({ illnessSpellDays: c }) => {
    const cmp = comparator(c);
    return (_c, day) => cmp(day.series.illnessSpellDays[day.d]!);
  },
  impossible: ({ illnessSpellDays: c }) => impossibleCount("illnessSpellDays", c),
};
