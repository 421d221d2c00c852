import { isManualEventType, MANUAL_EVENT_LABELS } from "../policy/events.ts";
import { TASK_ENTRY_WORDS } from "../tasks/index.ts";

/** History entries that are not events a person records, in the school's words. */
const ENTRY_WORDS: Readonly<Record<string, string>> = {
  schoolDayClosed: "Register: school day closed",
  caseOpened: "Case opened",
  registerAmended: "Register amended",
  pupilDetailsChanged: "Pupil details changed",
  policyMigrated: "Moved to a new policy version",
  calendarChanged: "School days re-counted after a change to the calendar",
  ...TASK_ENTRY_WORDS,
};

/** What a case-history entry was, as the history page and the evidence bundle both say it. */
export function historyEntryLabel(eventType: string): string {
  return isManualEventType(eventType) ? MANUAL_EVENT_LABELS[eventType] : (ENTRY_WORDS[eventType] ?? eventType);
}
