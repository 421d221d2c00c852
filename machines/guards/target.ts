import { z } from "zod";
import type { CaseContext, CaseEvent } from "../case/types.ts";
import { pct } from "./comparison.ts";
import { attendanceSince } from "./stamps.ts";
import type { GuardKind } from "./types.ts";

/** The case's attendance target (a policy's setTarget, or agreed at a meeting): `{ target: "missed" }`. */
export type TargetGuard = { target: "reviewDue" | "met" | "missed" };

/** A target with no possible session since it was set is not (yet) missed. */
export function targetMet(context: CaseContext, event: CaseEvent): boolean {
  const t = context.target;
  if (!t) return false;
  const since = attendanceSince(t, event);
  return since === null || since >= t.attendancePct;
}

export const target: GuardKind<TargetGuard> = {
  key: "target",
  schema: z.object({ target: z.enum(["reviewDue", "met", "missed"]) }).strict(),
  evaluate: (guard, { context, event }) => {
    const t = context.target;
    if (!t) return false;
    if (guard.target === "reviewDue") {
      return (t.reviewOnDay !== null && event.dayIndex >= t.reviewOnDay) || (t.reviewOn !== null && event.date >= t.reviewOn);
    }
    const met = targetMet(context, event);
    return guard.target === "met" ? met : !met;
  },
  describe: (guard) => ({ reviewDue: "target review due", met: "target met", missed: "target missed" })[guard.target],
  figures: (_guard, { context, event }) =>
    context.target ? [`target ${context.target.attendancePct}% set ${context.target.setOn}: ${pct(attendanceSince(context.target, event))} since`] : [],
};
