import type { TaskKindDef } from "./types.ts";

/** A review of progress: done with its finding. */
export const review: TaskKindDef = {
  kind: "review",
  words: "Review",
  outcomes: [{ words: "Reviewed: improving" }, { words: "Reviewed: not improving" }],
  answeredBy: [],
  urgency: 7,
  mergeOpen: true,
};
