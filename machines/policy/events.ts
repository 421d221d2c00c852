import { z } from "zod";
import { EVENT_TYPES, type EventType } from "./schema.ts";
import { AgreedAction } from "../tasks/agreedAction.ts";

/**
 * The events a person records on a case, with their payloads. The same schemas validate the API, the
 * scripted events of `rollcall simulate --events` and the web forms.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date in the form YYYY-MM-DD");
const text = z.string().trim().min(1);

export const MANUAL_EVENT_PAYLOADS = {
  sapMeetingHeld: z
    .object({
      attendees: z.array(text).min(1, "name at least one person who attended"),
      barriers: z.array(text).default([]),
      targets: z.string().default(""),
      targetAttendancePct: z.number().min(0).max(100).optional(),
      reviewDate: isoDate,
      /** Actions agreed, each with who does it and by when: each becomes a task (machines/tasks/agreedAction.ts). */
      actions: z.array(AgreedAction).default([]),
      outcome: z.enum(["plan-agreed", "plan-reviewed-improving", "plan-reviewed-not-improving", "final-warning"]).default("plan-agreed"),
      notes: z.string().optional(),
    })
    .strict(),
  parentDidNotAttend: z.object({ meeting: text, notes: z.string().optional() }).strict(),
  contractSigned: z
    .object({
      signedBy: z.array(text).min(1),
      targets: text,
      targetAttendancePct: z.number().min(0).max(100).optional(),
      reviewDate: isoDate,
    })
    .strict(),
  supportOffered: z.object({ support: text, notes: z.string().optional() }).strict(),
  supportDeclined: z.object({ support: text, notes: z.string().optional() }).strict(),
  homeVisitMade: z
    .object({ outcome: z.enum(["seen", "no-answer", "concern-raised"]), notes: z.string().optional() })
    .strict(),
  referralMade: z
    .object({
      to: text,
      /** An early-help or agency referral is support; a legal referral (prosecution, APS) is not. */
      purpose: z.enum(["early-help", "agency", "legal"]).optional(),
      notes: z.string().optional(),
    })
    .strict(),
  medicalEvidenceReceived: z.object({ coversFrom: isoDate.optional(), notes: z.string().optional() }).strict(),
  noticeToImproveIssued: z.object({ parent: text, improvementPeriodSchoolDays: z.number().int().min(15).max(30) }).strict(),
  penaltyNoticeIssued: z.object({ parent: text, notes: z.string().optional() }).strict(),
  supportNotAppropriate: z.object({ decidedBy: text, reason: text }).strict(),
  note: z.object({ text }).strict(),
  closeCase: z.object({ reason: z.enum(["left-school", "attendance-improved", "other"]), notes: z.string().optional() }).strict(),
  reopenCase: z.object({ reason: text }).strict(),
} satisfies Record<Exclude<EventType, "schoolDayClosed">, z.ZodType>;

export type ManualEventType = keyof typeof MANUAL_EVENT_PAYLOADS;
export const MANUAL_EVENT_TYPES = EVENT_TYPES.filter((t): t is ManualEventType => t !== "schoolDayClosed");

export const MANUAL_EVENT_LABELS: Record<ManualEventType, string> = {
  sapMeetingHeld: "School Attendance Panel meeting held",
  parentDidNotAttend: "Parent did not attend",
  contractSigned: "Attendance contract signed",
  supportOffered: "Support offered",
  supportDeclined: "Support declined",
  homeVisitMade: "Home visit made",
  referralMade: "Referral made",
  medicalEvidenceReceived: "Medical evidence received",
  noticeToImproveIssued: "Notice to improve issued",
  penaltyNoticeIssued: "Penalty notice issued",
  supportNotAppropriate: "Support not appropriate (decision recorded)",
  note: "Note",
  closeCase: "Close case",
  reopenCase: "Reopen case",
};

export type ManualEventPayload<T extends ManualEventType> = z.infer<(typeof MANUAL_EVENT_PAYLOADS)[T]>;

export function isManualEventType(type: string): type is ManualEventType {
  return Object.hasOwn(MANUAL_EVENT_PAYLOADS, type);
}

export type PayloadCheck =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; problems: { field: string; message: string }[] };

/** Validates a manual event's payload, naming each bad field. */
export function checkEventPayload(type: string, payload: unknown): PayloadCheck {
  if (!isManualEventType(type)) {
    return { ok: false, problems: [{ field: "event", message: `"${type}" is not an event a person can record; use one of ${MANUAL_EVENT_TYPES.join(", ")}` }] };
  }
  const result = MANUAL_EVENT_PAYLOADS[type].safeParse(payload ?? {});
  if (result.success) return { ok: true, payload: result.data as Record<string, unknown> };
  return {
    ok: false,
    problems: result.error.issues.map((i) => ({ field: i.path.length ? i.path.join(".") : "payload", message: i.message })),
  };
}
