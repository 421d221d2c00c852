import { z } from "zod";

/**
 * A meeting scheduled on a case (a School Attendance Panel, a panel, another meeting): when, where, who is invited.
 * It is an entry in the case's hash-chained history that leaves the case where it is (the audit's replay passes
 * over it); a meeting rearranged is a later entry, the latest of which is the meeting in force. Scheduling one
 * makes the case's open meeting task due on its date, and the invitation letter raised with that task carries its
 * date, time and place (merge fields `meetingDate`, `meetingTime`, `meetingPlace`).
 */
export const MEETING_SCHEDULED = "meetingScheduled";

export const MEETING_KINDS = ["sap", "panel", "other"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_WORDS: Readonly<Record<MeetingKind, string>> = {
  sap: "School Attendance Panel meeting",
  panel: "Panel meeting",
  other: "Meeting",
};

const text = z.string().trim().min(1);

export const MeetingScheduledPayload = z
  .object({
    kind: z.enum(MEETING_KINDS),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date in the form YYYY-MM-DD"),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time on the 24-hour clock, for example 09:30"),
    place: text.max(200),
    invitees: z.array(text.max(200)).min(1, "name at least one person invited").max(30),
    notes: z.string().max(2000).optional(),
  })
  .strict();
export type MeetingScheduled = z.infer<typeof MeetingScheduledPayload>;

/** The history's label for the entry. */
export const MEETING_ENTRY_WORDS: Readonly<Record<string, string>> = { [MEETING_SCHEDULED]: "Meeting scheduled" };

export const isMeetingEntryType = (eventType: string): boolean => eventType in MEETING_ENTRY_WORDS;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "2025-09-16" → "Tuesday 16 September 2025", as a letter says it. */
export function meetingDateWords(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "09:30" → "9.30am", "14:00" → "2pm". */
export function meetingTimeWords(hhmm: string): string {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return hhmm;
  const h = Number(m[1]);
  const suffix = h < 12 ? "am" : "pm";
  const twelve = h % 12 === 0 ? 12 : h % 12;
  return m[2] === "00" ? `${twelve}${suffix}` : `${twelve}.${m[2]}${suffix}`;
}

/** The entry in words: "School Attendance Panel meeting on Tuesday 16 September 2025 at 9.30am, Room 2 (invited: …)". */
export function meetingScheduledWords(p: MeetingScheduled, rearranged = false): string {
  return `${MEETING_KIND_WORDS[p.kind]} ${rearranged ? "rearranged for" : "on"} ${meetingDateWords(p.date)} at ${meetingTimeWords(p.time)}, ${p.place} (invited: ${p.invitees.join(", ")})`;
}

/** The payload as the history page and the evidence bundle show it: in words, field by field. */
export function meetingScheduledPayloadWords(p: MeetingScheduled): Record<string, string> {
  return {
    meeting: MEETING_KIND_WORDS[p.kind],
    date: meetingDateWords(p.date),
    time: meetingTimeWords(p.time),
    place: p.place,
    invited: p.invitees.join(", "),
    ...(p.notes?.trim() ? { notes: p.notes.trim() } : {}),
  };
}
