import type { TaskKindDef } from "./types.ts";

/** A referral (early help, an agency, the local authority's officer): answered by a referral recorded on the case. */
export const referral: TaskKindDef = {
  kind: "referral",
  words: "Referral",
  outcomes: [{ words: "Referral made" }, { words: "Referral not needed" }],
  answeredBy: [{ event: "referralMade", when: (p) => p.purpose !== "legal", outcome: (p) => `Referral made to ${String(p.to)}` }],
  urgency: 9,
  mergeOpen: true,
};
