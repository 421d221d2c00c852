import { z } from "zod";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import type { CombinatorKind } from "./types.ts";

/** At least one part holds: `{ any: [{ flag: "lookedAfter" }, { flag: "socialWorker" }] }`. */
export type AnyGuard = { any: CompiledGuard[] };

export const any: CombinatorKind<AnyGuard> = {
  key: "any",
  schemaOf: (guard) => z.object({ any: z.array(guard).min(1) }).strict(),
  evaluate: (guard, input, guards) => guard.any.some((g) => guards.evaluate(g, input)),
  describe: (guard, guards) => guard.any.map(guards.describeNested).join(" or "),
  figures: (guard, input, guards) => guard.any.flatMap((g) => guards.figures(g, input)),
  dayPredicate: (guard, guards) => {
    const parts = guard.any.map(guards.dayPredicate);
    return (c, day, s) => {
      for (const p of parts) if (p(c, day, s)) return true;
      return false;
    };
  },
  windows: (guard, add, guards) => guard.any.forEach((g) => guards.windows(g, add)),
  withMinimumSessions: (guard, minimum, guards) => ({ any: guard.any.map((g) => guards.withMinimumSessions(g, minimum)) }),
  // Impossible only when every part is: then name the first.
  impossible: (guard, guards) => (guard.any.every((g) => guards.impossible(g)) ? guards.impossible(guard.any[0]!) : undefined),
};
