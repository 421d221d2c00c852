import type { CaseMetrics, ManualCaseEvent, SupportRecord } from "../case/types.ts";
import type { StatutoryGate } from "./types.ts";

/**
 * Support first (Working together to improve school attendance, 2024): before legal intervention there must be
 * evidence of support offered, unless support is inappropriate. What counts is something a person did and
 * recorded on this case; a letter the system sent, or a case entering a stage, is not support.
 */
export const SUPPORT_EVENT_TYPES = ["supportOffered", "supportDeclined", "sapMeetingHeld", "contractSigned", "referralMade", "supportNotAppropriate"] as const;
export type SupportEventType = (typeof SUPPORT_EVENT_TYPES)[number];

export function isSupportEvent(type: string): type is SupportEventType {
  return (SUPPORT_EVENT_TYPES as readonly string[]).includes(type);
}

/** What a support event adds to the case's record of support, or null (a legal referral is not support). */
export function supportRecordOf(event: ManualCaseEvent): SupportRecord | null {
  if (!isSupportEvent(event.type)) return null;
  const p = event.payload;
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  let summary: string;
  switch (event.type) {
    case "supportOffered":
      summary = `support offered: ${text(p.support)}`;
      break;
    case "supportDeclined":
      summary = `support offered and declined: ${text(p.support)}`;
      break;
    case "sapMeetingHeld":
      summary = `School Attendance Panel meeting held with a plan (${Array.isArray(p.attendees) ? p.attendees.join(", ") : ""})`;
      break;
    case "contractSigned":
      summary = `attendance contract signed (${Array.isArray(p.signedBy) ? p.signedBy.join(", ") : ""})`;
      break;
    case "referralMade":
      if (p.purpose === "legal") return null;
      summary = `referral made to ${text(p.to)}`;
      break;
    case "supportNotAppropriate":
      summary = `support not appropriate, decided by ${text(p.decidedBy)}: ${text(p.reason)}`;
      break;
  }
  return { type: event.type, date: event.date, ...(event.actor ? { actor: event.actor } : {}), summary };
}

/** The unauthorised absence the legal step sees is an unauthorised term-time holiday (G) and nothing else. */
export function holidayOnly(m: CaseMetrics): boolean {
  return m.compulsoryAgeHolidayLast10SchoolWeeks > 0 && m.compulsoryAgeHolidayLast10SchoolWeeks === m.compulsoryAgeUnauthorisedLast10SchoolWeeks;
}

export function supportRecords(context: { readonly supportEvents?: readonly SupportRecord[] }): readonly SupportRecord[] {
  return context.supportEvents ?? [];
}

/** "support offered: Early Help family support on 2025-01-10 by lead; …" */
export function supportWords(records: readonly SupportRecord[]): string {
  return records.map((r) => `${r.summary} on ${r.date}${r.actor ? ` by ${r.actor}` : ""}`).join("; ");
}

export const supportFirst: StatutoryGate = {
  id: "supportFirst",
  title: "Support first, recorded by a person",
  law:
    "Working together to improve school attendance (2024): legal intervention only after support has been offered and not engaged with, unless support is inappropriate. Support is something a person did and recorded on this case: support offered or declined, a School Attendance Panel meeting held with a plan, an attendance contract, an early-help or agency referral, or a recorded decision (who decided, and why) that support is not appropriate. A letter the system sent, or a case entering a stage, is not support. An unauthorised term-time holiday (G and nothing else) needs none.",
  appliesTo: "A move into Enforce, a penalty-notice or legal-referral task, a legal warning letter, a notice to improve.",
  describe: () => "support recorded by a person first (or an unauthorised holiday only)",
  holds: (_guard, { context, event }) => supportRecords(context).length > 0 || holidayOnly(event.metrics),
  figures: (_guard, { context, event }) => {
    const records = supportRecords(context);
    if (records.length > 0) return `support recorded first: ${supportWords(records)}`;
    return `no support needed: the unauthorised absence is a term-time holiday (${event.metrics.compulsoryAgeHolidayLast10SchoolWeeks} G sessions) and nothing else`;
  },
  blocked: () =>
    "no support has been recorded on this case by a person; record the support offered (or declined), the meeting held, the contract, the early-help referral, or a decision that support is not appropriate (who decided and why)",
};
