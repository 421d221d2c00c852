import { PENALTY_THRESHOLD_SCHOOL_WEEKS, PENALTY_THRESHOLD_SESSIONS } from "../attendance/metrics.ts";
import type { StatutoryGate } from "./types.ts";

/**
 * Only unauthorised absence can ground a legal step. A rule's attendance figures may start a case, but a legal
 * step must also see unauthorised absence (G, N, O, U) on days of compulsory school age: at least the national
 * penalty-notice threshold (10 sessions in 10 school weeks), or the higher figure the policy sets. Illness and
 * other authorised absence is no offence; a school that doubts an illness re-codes the mark (an amendment), and
 * the engine then sees O.
 */
export const LEGAL_STEP_UNAUTHORISED_SESSIONS = PENALTY_THRESHOLD_SESSIONS;

export const unauthorisedAbsence: StatutoryGate = {
  id: "unauthorisedAbsence",
  title: "Unauthorised absence only",
  law:
    "Education Act 1996 s444 and the national framework for penalty notices (2024): the offence is failing to secure regular attendance, and authorised absence (illness, medical appointments, leave the school granted) is not an offence. A legal step needs unauthorised absence (G, N, O, U) on days of compulsory school age: at least 10 sessions in the last 10 school weeks, the national penalty-notice threshold.",
  appliesTo: "Every legal step: a move into Enforce, a penalty-notice or legal-referral task, a legal warning letter, a notice to improve.",
  stricter: "A policy may raise the number of sessions (`gates.legalStepUnauthorisedSessions`), never lower it below 10.",
  describe: (guard) => `${guard.atLeast ?? LEGAL_STEP_UNAUTHORISED_SESSIONS} or more unauthorised sessions (G, N, O, U) of compulsory school age in ${PENALTY_THRESHOLD_SCHOOL_WEEKS} school weeks`,
  holds: (guard, { event }) => event.metrics.compulsoryAgeUnauthorisedLast10SchoolWeeks >= (guard.atLeast ?? LEGAL_STEP_UNAUTHORISED_SESSIONS),
  figures: (_guard, { event }) => {
    const m = event.metrics;
    return `${m.compulsoryAgeUnauthorisedLast10SchoolWeeks} unauthorised sessions (G, N, O, U) of compulsory school age in ${PENALTY_THRESHOLD_SCHOOL_WEEKS} school weeks, ${m.compulsoryAgeHolidayLast10SchoolWeeks} of them unauthorised holiday (G)`;
  },
  blocked: (guard, { event }) => {
    const m = event.metrics;
    const needed = guard.atLeast ?? LEGAL_STEP_UNAUTHORISED_SESSIONS;
    return `only ${m.compulsoryAgeUnauthorisedLast10SchoolWeeks} unauthorised sessions (G, N, O, U) of compulsory school age in the last ${PENALTY_THRESHOLD_SCHOOL_WEEKS} school weeks, and a legal step needs ${needed}; authorised absence such as illness (${m.authorisedAbsenceSessions} authorised sessions this year) is not an offence. If the school doubts an absence is authorised, amend the register mark`;
  },
};
