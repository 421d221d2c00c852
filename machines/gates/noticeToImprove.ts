import type { CaseContext, CaseEvent, NoticeToImproveRecord } from "../case/types.ts";
import { holidayOnly } from "./supportFirst.ts";
import type { StatutoryGate } from "./types.ts";
import { LEGAL_STEP_UNAUTHORISED_SESSIONS } from "./unauthorisedAbsence.ts";

/**
 * Notice to improve first (national framework for penalty notices, 2024): a penalty notice for absence other than
 * an unauthorised term-time holiday follows a notice to improve to that parent, for that pupil, whose improvement
 * period (3 to 6 school weeks) has ended. The notice to improve is itself a legal step: it needs unauthorised
 * absence, support recorded first and compulsory school age.
 */
export function samePerson(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function noticesToImprove(context: { readonly noticesToImprove?: readonly NoticeToImproveRecord[] }): readonly NoticeToImproveRecord[] {
  return context.noticesToImprove ?? [];
}

/** The notices to this parent whose improvement period has ended by school day `dayIndex`. */
export function endedNotices(context: CaseContext, parent: string, dayIndex: number): NoticeToImproveRecord[] {
  return noticesToImprove(context).filter((n) => samePerson(n.parent, parent) && dayIndex >= n.dayIndex + n.improvementPeriodSchoolDays);
}

/** The parent a notice to improve or a penalty notice is for, as the person recorded it. */
export function parentNamed(event: CaseEvent): string {
  const parent = "payload" in event ? event.payload.parent : undefined;
  return typeof parent === "string" ? parent : "";
}

export const noticeToImprove: StatutoryGate = {
  id: "noticeToImprove",
  title: "Notice to improve first",
  law:
    "National framework for penalty notices (2024): a penalty notice for absence other than an unauthorised term-time holiday is issued only after a notice to improve to that parent, for that pupil, and once its improvement period (3 to 6 school weeks) has ended. For a holiday only, the notice to improve is not needed.",
  appliesTo: "Recording a penalty notice issued (refused otherwise: the API answers 422 naming the gate; `simulate` lists it under rejectedEvents).",
  describe: () => "a notice to improve to this parent whose improvement period has ended (or an unauthorised holiday only)",
  holds: (_guard, { context, event }) => {
    const parent = parentNamed(event);
    if (endedNotices(context, parent, event.dayIndex).length > 0) return true;
    return holidayOnly(event.metrics) && event.metrics.compulsoryAgeUnauthorisedLast10SchoolWeeks >= LEGAL_STEP_UNAUTHORISED_SESSIONS;
  },
  figures: (_guard, { context, event }) => {
    const parent = parentNamed(event);
    const ended = endedNotices(context, parent, event.dayIndex);
    if (ended.length > 0) {
      const n = ended[ended.length - 1]!;
      return `notice to improve to ${n.parent} on ${n.date}, improvement period of ${n.improvementPeriodSchoolDays} school days ended (${n.unauthorisedAtIssue} unauthorised sessions of compulsory school age in 10 school weeks when it was issued)`;
    }
    return `no notice to improve needed: an unauthorised term-time holiday only (${event.metrics.compulsoryAgeHolidayLast10SchoolWeeks} G sessions in 10 school weeks)`;
  },
  blocked: (_guard, { context, event }) => {
    const parent = parentNamed(event);
    const pending = noticesToImprove(context).filter((n) => samePerson(n.parent, parent));
    if (pending.length > 0) {
      const n = pending[pending.length - 1]!;
      const left = n.dayIndex + n.improvementPeriodSchoolDays - event.dayIndex;
      return `the notice to improve to ${n.parent} of ${n.date} is still in its improvement period (${left} school days left)`;
    }
    return `no notice to improve has been issued to ${parent || "this parent"} for this pupil; issue one (improvement period 15 to 30 school days) before a penalty notice, unless the absence is an unauthorised holiday only`;
  },
};
