import type { TaskKindDef } from "./types.ts";

/** Considering (or requesting) a penalty notice: answered by a notice to improve or a penalty notice recorded. */
export const penaltyNotice: TaskKindDef = {
  kind: "penalty-notice",
  words: "Penalty notice",
  outcomes: [{ words: "Penalty notice to be issued" }, { words: "Not issued: support first" }, { words: "Not issued: other reason" }],
  answeredBy: [
    { event: "noticeToImproveIssued", outcome: (p, date) => `Notice to improve issued to ${String(p.parent)} on ${date}` },
    { event: "penaltyNoticeIssued", outcome: (p, date) => `Penalty notice issued to ${String(p.parent)} on ${date}` },
  ],
  urgency: 4,
  mergeOpen: true,
};
