import { z } from "zod";
import type { GuardKind } from "./types.ts";

/**
 * The national penalty-notice threshold (10 unauthorised sessions in 10 school weeks): met today, or met today
 * and not yesterday: `{ penaltyThreshold: "metAfresh" }`.
 */
export type PenaltyThresholdGuard = { penaltyThreshold: "met" | "metAfresh" };

export const penaltyThreshold: GuardKind<PenaltyThresholdGuard> = {
  key: "penaltyThreshold",
  schema: z.object({ penaltyThreshold: z.enum(["met", "metAfresh"]) }).strict(),
  evaluate: (guard, { event }) => (guard.penaltyThreshold === "met" ? event.metrics.penaltyThresholdMet : event.metrics.penaltyThresholdMetAfresh),
  describe: (guard) =>
    guard.penaltyThreshold === "met" ? "national penalty threshold met (10 unauthorised sessions in 10 school weeks)" : "national penalty threshold met afresh",
  figures: (_guard, { event }) => [`${event.metrics.unauthorisedSessionsLast10SchoolWeeks} unauthorised sessions in 10 school weeks`],
  dayPredicate: (guard) => {
    if (guard.penaltyThreshold === "met") return (_c, day) => day.series.penaltyThresholdMet[day.d] === 1;
    return (_c, day) => day.penaltyThresholdMetAfresh;
  },
};
