import { z } from "zod";
import { compare, comparator, Comparison, comparisonWords } from "./comparison.ts";
import type { GuardKind } from "./types.ts";

/** Possible sessions in the year so far: `{ possibleSessions: { atLeast: 20 } }` (the minimum-sessions wait). */
export type PossibleSessionsGuard = { possibleSessions: Comparison };

export const possibleSessions: GuardKind<PossibleSessionsGuard> = {
  key: "possibleSessions",
  schema: z.object({ possibleSessions: Comparison }).strict(),
  evaluate: ({ possibleSessions: c }, { event }) => compare(event.metrics.possibleSessions, c),
  describe: ({ possibleSessions: c }) => `possible sessions ${comparisonWords(c, "")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ possibleSessions: c }, { event }) => ({ figure: "possible sessions", value: event.metrics.possibleSessions, unit: "", comparison: c }),
  figures: (_guard, { event }) => [`${event.metrics.possibleSessions} possible sessions`],
  dayPredicate: ({ possibleSessions: c }) => {
    const cmp = comparator(c);
    return (_c, day) => cmp(day.series.possible[day.d + 1]!);
  },
};
