import { describeGate } from "../gates/index.ts";
import { type HeldLegalStepGuard, heldLegalStepIsNew, heldWords } from "../gates/heldLegalStep.ts";
import type { GuardBehaviour } from "./types.ts";

/**
 * The compiler's companion of a legal step whose statutory gates do not hold (machines/gates/heldLegalStep.ts):
 * internal, no policy writes one.
 */
export const heldLegalStep: GuardBehaviour<HeldLegalStepGuard> = {
  key: "heldLegalStep",
  evaluate: (guard, input) => heldLegalStepIsNew(guard, input),
  describe: (guard) => `a statutory gate does not hold (${guard.heldLegalStep.gates.map(describeGate).join(", ")}): the legal step is held back`,
  figures: (guard, input) => [heldWords(guard.heldLegalStep.gates, input)],
};
