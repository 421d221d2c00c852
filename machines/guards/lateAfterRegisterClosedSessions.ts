import { z } from "zod";
import { compare, comparator, Comparison, comparisonWords, impossibleCount } from "./comparison.ts";
import type { GuardKind } from "./types.ts";

/** Sessions this year marked late after the register closed (U): `{ lateAfterRegisterClosedSessions: { atLeast: 5 } }`. */
export type LateAfterRegisterClosedSessionsGuard = { lateAfterRegisterClosedSessions: Comparison };

export const lateAfterRegisterClosedSessions: GuardKind<LateAfterRegisterClosedSessionsGuard> = {
  key: "lateAfterRegisterClosedSessions",
  schema: z.object({ lateAfterRegisterClosedSessions: Comparison }).strict(),
  evaluate: ({ lateAfterRegisterClosedSessions: c }, { event }) => compare(event.metrics.lateAfterRegisterClosedSessions, c),
  describe: ({ lateAfterRegisterClosedSessions: c }) => `late after the register closed (U) ${comparisonWords(c, "")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ lateAfterRegisterClosedSessions: c }, { event }) => ({ figure: "sessions late after the register closed", value: event.metrics.lateAfterRegisterClosedSessions, unit: "", comparison: c }),
  figures: (_guard, { event }) => [`${event.metrics.lateAfterRegisterClosedSessions} sessions late after the register closed`],
  dayPredicate: ({ lateAfterRegisterClosedSessions: c }) => {
    const cmp = comparator(c);
    return (_c, day) => cmp(day.series.lateAfterClose[day.d + 1]!);
  },
  impossible: ({ lateAfterRegisterClosedSessions: c }) => impossibleCount("lateAfterRegisterClosedSessions", c),
};
