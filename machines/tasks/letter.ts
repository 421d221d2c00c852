import type { TaskKindDef } from "./types.ts";

/** A letter to send: done when marked sent (POST /api/letters/{id}/sent); withdrawn when its meeting was held. */
export const letter: TaskKindDef = {
  kind: "letter",
  words: "Letter",
  outcomes: [{ words: "Letter sent by post" }, { words: "Letter sent by email" }, { words: "Letter handed to parent" }],
  answeredBy: [],
  urgency: 10,
  mergeOpen: false,
};

/**
 * History entries a letter writes (server/letters/): they record the letter and leave the case where it is, so a
 * replay of the case passes over them. `letterPrinted` carries the digest of the copy kept as printed.
 */
export const LETTER_ENTRY_TYPES = {
  printed: "letterPrinted",
  sent: "letterSent",
  withdrawn: "letterWithdrawn",
} as const;
export const LETTER_ENTRY_WORDS: Readonly<Record<string, string>> = {
  letterPrinted: "Letter printed (kept as printed)",
  letterSent: "Letter sent",
  letterWithdrawn: "Letter withdrawn",
};
