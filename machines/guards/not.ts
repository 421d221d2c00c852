import { z } from "zod";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import type { CombinatorKind } from "./types.ts";

/** The part does not hold: `{ not: { flag: "send" } }`. */
export type NotGuard = { not: CompiledGuard };

export const not: CombinatorKind<NotGuard> = {
  key: "not",
  schemaOf: (guard) => z.object({ not: guard }).strict(),
  evaluate: (guard, input, guards) => !guards.evaluate(guard.not, input),
  describe: (guard, guards) => `not ${guards.describeNested(guard.not)}`,
  // The figures of the part it negates: what the rule saw either way.
  figures: (guard, input, guards) => guards.figures(guard.not, input),
  dayPredicate: (guard, guards) => {
    const inner = guards.dayPredicate(guard.not);
    return (c, day, s) => !inner(c, day, s);
  },
  windows: (guard, add, guards) => guards.windows(guard.not, add),
  withMinimumSessions: (guard, minimum, guards) => ({ not: guards.withMinimumSessions(guard.not, minimum) }),
};
