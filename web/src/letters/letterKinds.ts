/** The kinds of letter a policy's templates have (machines/policy/schema.ts LETTER_KINDS), in the school's words. */
export const LETTER_KIND_WORDS: Readonly<Record<string, string>> = {
  recognition: "Recognition and praise",
  concern: "Attendance concern",
  "legal-warning": "Legal warning",
  information: "Information",
  other: "Other letters",
};

export function letterKindWords(kind: string | null): string {
  return LETTER_KIND_WORDS[kind ?? "other"] ?? kind ?? "Other letters";
}

/** Where the bulk letters view opens, for all letters or one kind (no pupil data in the address). */
export function bulkLettersHref(kind?: string | null): string {
  return `#/letters/bulk${kind ? `/${encodeURIComponent(kind)}` : ""}`;
}
