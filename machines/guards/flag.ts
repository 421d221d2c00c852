import { z } from "zod";
import type { GuardKind } from "./types.ts";

export const PUPIL_FLAGS = ["socialWorker", "lookedAfter", "send", "pupilPremium", "youngCarer", "eal"] as const;
export type PupilFlag = (typeof PUPIL_FLAGS)[number];

const FLAG_WORDS = {
  socialWorker: "has a social worker",
  lookedAfter: "looked after",
  send: "SEND",
  pupilPremium: "pupil premium",
  youngCarer: "young carer",
  eal: "EAL",
} as const;

/** Something the school records about the pupil: `{ flag: "lookedAfter" }`. */
export type FlagGuard = { flag: PupilFlag };

export const flag: GuardKind<FlagGuard> = {
  key: "flag",
  schema: z.object({ flag: z.enum(PUPIL_FLAGS) }).strict(),
  evaluate: (guard, { context }) => context.pupil[guard.flag] === true,
  describe: (guard) => FLAG_WORDS[guard.flag],
  figures: () => [],
  dayPredicate: (guard) => {
    const flag = guard.flag;
    return (context) => context.pupil[flag] === true;
  },
};
