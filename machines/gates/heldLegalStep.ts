import { failingGates } from "./index.ts";
import type { GateInput, StatutoryGuard } from "./types.ts";

/**
 * The companion of a legal step on a closed school day: when the rule's own guard holds but a statutory gate does
 * not, the move is held back (the case stays where it is), and the history records it once, with why, and one task
 * asks the lead to record what is missing. Recorded again only when the case re-enters the state or the failing
 * gates change, so a held case does not raise a task every day.
 */
export interface HeldLegalStepGuard {
  /**
   * `once`: a closed school day's step, held back and recorded once (until the case re-enters the state or the
   * failing gates change). Otherwise a person's event, refused each time (and not passed on to another rule).
   */
  readonly heldLegalStep: { readonly rule: string; readonly gates: readonly StatutoryGuard[]; readonly once: boolean };
}

/** What `legalStepsHeld[rule]` holds for the step as it stands today, or null when every gate holds. */
export function heldKey(gates: readonly StatutoryGuard[], input: GateInput): string | null {
  const failing = failingGates(gates, input);
  if (failing.length === 0) return null;
  const entered = input.context.entered[input.statePath] ?? input.context.entered[""];
  return `${entered?.date ?? ""}|${failing.map((f) => f.gate.statutory).join(",")}`;
}

export function heldLegalStepIsNew(guard: HeldLegalStepGuard, input: GateInput): boolean {
  const { rule, gates, once } = guard.heldLegalStep;
  const key = heldKey(gates, input);
  return key !== null && (!once || input.context.legalStepsHeld?.[rule] !== key);
}

/** Why the step is held back, in words, for the history and the lead's task. */
export function heldWords(gates: readonly StatutoryGuard[], input: GateInput): string {
  return failingGates(gates, input)
    .map((f) => f.why)
    .join("; ");
}
