import type { TaskKindDef } from "./types.ts";

/** A letter to send: done when marked sent (POST /api/letters/{id}/sent); withdrawn when its meeting was held. */
export const letter: TaskKindDef = {
  kind: "letter",
  words: "Letter",
  outcomes: [{ words: "Letter sent by post" }, { words: "Letter sent by email" }, { words: "Letter handed to parent" }],
  answeredBy: [],
  mergeOpen: false,
};
