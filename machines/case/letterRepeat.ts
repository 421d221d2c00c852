import type { LetterKind } from "../policy/schema.ts";
import type { CaseContext, CaseTask } from "./types.ts";

/**
 * No nagging. The same concern letter (or legal warning) is not raised for the same pupil again within the
 * policy's repeat period (`letterRepeatSchoolDays`, 20 school days unless the policy says otherwise), and a
 * recognition letter does not go out on a day a concern letter does (stepCase.ts drops it, with a note).
 */
export interface LetterToRaise {
  readonly template: string;
  readonly kind: LetterKind;
  readonly repeatSchoolDays: number;
}

/** Why the letter is held back today, or null when it goes out. */
export function letterHeldBack(context: CaseContext, event: { readonly dayIndex: number }, letter: LetterToRaise): string | null {
  if (!isConcernKind(letter.kind) || letter.repeatSchoolDays <= 0) return null;
  const last = context.lettersSent?.[letter.template];
  if (!last || event.dayIndex - last.dayIndex >= letter.repeatSchoolDays) return null;
  return `not raised again: the same letter was raised on ${last.date}, ${event.dayIndex - last.dayIndex} school days ago (the policy waits ${letter.repeatSchoolDays})`;
}

/** The letters among a day's tasks, as `lettersSent` entries, or null when there are none. */
export function lettersRaisedOn(tasks: readonly CaseTask[], event: { readonly date: string; readonly dayIndex: number }): Record<string, { date: string; dayIndex: number }> | null {
  let raised: Record<string, { date: string; dayIndex: number }> | null = null;
  for (const t of tasks) {
    if (t.kind === "letter" && t.template) (raised ??= {})[t.template] = { date: event.date, dayIndex: event.dayIndex };
  }
  return raised;
}

export function isConcernKind(kind: LetterKind | undefined): boolean {
  return kind === undefined || kind === "concern" || kind === "legal-warning";
}
