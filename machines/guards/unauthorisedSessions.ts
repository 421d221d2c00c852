import { z } from "zod";
import { compare, comparator, type Comparison, comparisonWith, comparisonWords, impossibleCount, type NumberOrParameter, SchoolWeeks } from "./comparison.ts";
import { windowUnauthorised } from "./stamps.ts";
import type { GuardKind } from "./types.ts";

/** Unauthorised sessions in the last N school weeks: `{ unauthorisedSessions: { atLeast: 10, inSchoolWeeks: 12 } }`. */
export type UnauthorisedSessionsGuard = { unauthorisedSessions: Comparison & { inSchoolWeeks: NumberOrParameter } };

export const unauthorisedSessions: GuardKind<UnauthorisedSessionsGuard> = {
  key: "unauthorisedSessions",
  schema: z.object({ unauthorisedSessions: comparisonWith({ inSchoolWeeks: SchoolWeeks }) }).strict(),
  evaluate: ({ unauthorisedSessions: c }, { event }) => {
    const w = event.metrics.windows[c.inSchoolWeeks as number];
    return compare(w ? w.unauthorisedSessions : null, c);
  },
  describe: ({ unauthorisedSessions: c }) => `unauthorised sessions in ${c.inSchoolWeeks} school weeks ${comparisonWords(c, "")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ unauthorisedSessions: c }, { event }) => ({ figure: `unauthorised sessions in the last ${c.inSchoolWeeks} school weeks`, value: event.metrics.windows[c.inSchoolWeeks as number]?.unauthorisedSessions ?? null, unit: "", comparison: c }),
  figures: ({ unauthorisedSessions: c }, { event }) => {
    const w = c.inSchoolWeeks as number;
    return [`${event.metrics.windows[w]?.unauthorisedSessions ?? 0} unauthorised sessions in ${w} school weeks`];
  },
  dayPredicate: ({ unauthorisedSessions: c }) => {
    const cmp = comparator(c);
    const weeks = c.inSchoolWeeks as number;
    return (_c, day) => cmp(windowUnauthorised(day, weeks));
  },
  windows: ({ unauthorisedSessions: c }, add) => add(c.inSchoolWeeks as number),
  impossible: ({ unauthorisedSessions: c }) => impossibleCount("unauthorisedSessions", c),
};
