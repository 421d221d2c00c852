import { z } from "zod";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import type { DayPredicate, CombinatorKind } from "./types.ts";

/** Every part holds: `{ all: [{ attendance: { below: 90 } }, { schoolDaysInState: { atLeast: 10 } }] }`. */
export type AllGuard = { all: CompiledGuard[] };

export const all: CombinatorKind<AllGuard> = {
  key: "all",
  schemaOf: (guard) => z.object({ all: z.array(guard).min(1) }).strict(),
  evaluate: (guard, input, guards) => guard.all.every((g) => guards.evaluate(g, input)),
  describe: (guard, guards) => guard.all.map(guards.describeNested).join(" and "),
  figures: (guard, input, guards) => guard.all.flatMap((g) => guards.figures(g, input)),
  dayPredicate: (guard, guards) => {
    const parts = guard.all.map(guards.dayPredicate);
    if (parts.length === 1) return parts[0]!;
    if (parts.length === 2) {
      const [a, b] = parts as [DayPredicate, DayPredicate];
      return (c, day, s) => a(c, day, s) && b(c, day, s);
    }
    return (c, day, s) => {
      for (const p of parts) if (!p(c, day, s)) return false;
      return true;
    };
  },
  windows: (guard, add, guards) => guard.all.forEach((g) => guards.windows(g, add)),
  withMinimumSessions: (guard, minimum, guards) => ({ all: guard.all.map((g) => guards.withMinimumSessions(g, minimum)) }),
  impossible: (guard, guards) => guard.all.map(guards.impossible).find(Boolean),
};
