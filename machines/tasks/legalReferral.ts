import type { TaskKindDef } from "./types.ts";

/** A referral for prosecution or other legal intervention: answered by a legal referral recorded on the case. */
export const legalReferral: TaskKindDef = {
  kind: "legal-referral",
  words: "Legal referral",
  outcomes: [{ words: "Referral made" }, { words: "Not referred: support continues" }],
  answeredBy: [{ event: "referralMade", when: (p) => p.purpose === "legal", outcome: (p) => `Legal referral made to ${String(p.to)}` }],
  urgency: 5,
  mergeOpen: true,
};
