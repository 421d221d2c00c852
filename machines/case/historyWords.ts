import { isManualEventType, MANUAL_EVENT_LABELS } from "../policy/events.ts";
import { TASK_ENTRY_WORDS } from "../tasks/index.ts";
import { MEETING_ENTRY_WORDS, MEETING_SCHEDULED } from "../meetings/meetingScheduled.ts";
import { meetingHeldLines } from "../meetings/meetingHeldWords.ts";

/** History entries that are not events a person records, in the school's words. */
const ENTRY_WORDS: Readonly<Record<string, string>> = {
  schoolDayClosed: "Register: school day closed",
  caseOpened: "Case opened",
  registerAmended: "Register amended",
  pupilDetailsChanged: "Pupil details changed",
  policyMigrated: "Moved to a new policy version",
  calendarChanged: "School days re-counted after a change to the calendar",
  ...TASK_ENTRY_WORDS,
  ...MEETING_ENTRY_WORDS,
};

/** What a case-history entry was, as the history page and the evidence bundle both say it. */
export function historyEntryLabel(eventType: string): string {
  return isManualEventType(eventType) ? MANUAL_EVENT_LABELS[eventType] : (ENTRY_WORDS[eventType] ?? eventType);
}

/**
 * An entry's details in the school's words where its payload needs more than its field names (a SAP meeting:
 * "Plan agreed: target 95%", each agreed action with who and by when); null: show the payload's fields as they are.
 */
export function historyPayloadLines(eventType: string, payload: Record<string, unknown> | null): string[] | null {
  if (!payload) return null;
  if (eventType === "sapMeetingHeld" || eventType === "contractSigned") return meetingHeldLines(eventType, payload);
  if (eventType === MEETING_SCHEDULED) {
    const w = (k: string) => (typeof payload[k] === "string" ? (payload[k] as string) : "");
    return [`${w("meeting")}: ${w("date")} at ${w("time")}, ${w("place")}`, `Invited: ${w("invited")}`, ...(w("notes") ? [`Notes: ${w("notes")}`] : [])];
  }
  return null;
}
