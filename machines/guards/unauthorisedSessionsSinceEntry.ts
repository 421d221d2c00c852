import { z } from "zod";
import type { CaseEvent, EntryStamp } from "../case/types.ts";
import { compare, Comparison, comparisonWords, impossibleCount } from "./comparison.ts";
import { entryOf } from "./stamps.ts";
import type { GuardKind } from "./types.ts";

/** Unauthorised sessions since the case entered the rule's state (a formal warning's "further unauthorised absences"). */
export type UnauthorisedSessionsSinceEntryGuard = { unauthorisedSessionsSinceEntry: Comparison };

/** Unauthorised absence sessions after the stamp was taken; null (the guard fails) for stamps kept before it was. */
export function unauthorisedSince(stamp: EntryStamp, event: CaseEvent): number | null {
  return stamp.unauthorisedSessions === undefined ? null : event.metrics.unauthorisedAbsenceSessions - stamp.unauthorisedSessions;
}

export const unauthorisedSessionsSinceEntry: GuardKind<UnauthorisedSessionsSinceEntryGuard> = {
  key: "unauthorisedSessionsSinceEntry",
  schema: z.object({ unauthorisedSessionsSinceEntry: Comparison }).strict(),
  evaluate: ({ unauthorisedSessionsSinceEntry: c }, { context, event, statePath }) => compare(unauthorisedSince(entryOf(context, statePath), event), c),
  describe: ({ unauthorisedSessionsSinceEntry: c }) => `unauthorised sessions since entering ${comparisonWords(c, "")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ unauthorisedSessionsSinceEntry: c }, { context, event, statePath }) => { const stamp = entryOf(context, statePath); return { figure: `unauthorised sessions since ${stamp.date}`, value: unauthorisedSince(stamp, event), unit: "", comparison: c }; },
  figures: (_guard, { context, event, statePath }) => {
    const stamp = entryOf(context, statePath);
    return [`${unauthorisedSince(stamp, event) ?? "unknown"} unauthorised sessions since ${stamp.date}`];
  },
  impossible: ({ unauthorisedSessionsSinceEntry: c }) => impossibleCount("unauthorisedSessionsSinceEntry", c),
};
