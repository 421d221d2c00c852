import { describeGate, gateFigures, gateHolds, type StatutoryGuard } from "../gates/index.ts";
import type { GuardBehaviour } from "./types.ts";

/**
 * A statutory gate inside a compiled legal step (`{ statutory: "supportFirst" }`), added by the compiler whatever
 * the policy says: no policy writes one. Each gate's behaviour and words live in machines/gates/.
 */
export const statutory: GuardBehaviour<StatutoryGuard> = {
  key: "statutory",
  evaluate: (guard, input) => gateHolds(guard, input),
  describe: (guard) => describeGate(guard),
  figures: (guard, input) => [gateFigures(guard, input)],
};
