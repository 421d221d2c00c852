import { describeGate } from "../gates/index.ts";
import type { CompiledGuard } from "./compiledGuard.ts";
import type { Comparison } from "./schema.ts";

export const PERIOD_WORDS = { halfTerm: "half term", term: "term", schoolYear: "school year" } as const;

const CALENDAR_WORDS = {
  endOfSchoolWeek: "end of the school week",
  endOfHalfTerm: "end of the half term",
  endOfTerm: "end of the term",
  endOfSchoolYear: "end of the school year",
} as const;

const FLAG_WORDS = {
  socialWorker: "has a social worker",
  lookedAfter: "looked after",
  send: "SEND",
  pupilPremium: "pupil premium",
  youngCarer: "young carer",
  eal: "EAL",
} as const;

/** A guard in the words a school uses, for the chart's arrows and the history: "attendance below 95%". */
export function describeGuard(guard: CompiledGuard | undefined): string {
  if (!guard) return "always";
  if ("all" in guard) return guard.all.map(describeNested).join(" and ");
  if ("any" in guard) return guard.any.map(describeNested).join(" or ");
  if ("not" in guard) return `not ${describeNested(guard.not)}`;
  if ("attendance" in guard) {
    const over = guard.attendance.overSchoolWeeks ? ` over the last ${guard.attendance.overSchoolWeeks} school weeks` : "";
    return `attendance ${comparison(guard.attendance, "%")}${over}`;
  }
  if ("periodAttendance" in guard) {
    return `attendance this ${PERIOD_WORDS[guard.periodAttendance.period]} ${comparison(guard.periodAttendance, "%")}`;
  }
  if ("attendanceGain" in guard) {
    return `attendance up ${comparison(guard.attendanceGain, " points")} over the last ${guard.attendanceGain.overSchoolWeeks} school weeks`;
  }
  if ("possibleSessions" in guard) return `possible sessions ${comparison(guard.possibleSessions, "")}`;
  if ("attendanceSinceEntry" in guard) return `attendance since entering ${comparison(guard.attendanceSinceEntry, "%")}`;
  if ("unauthorisedSessionsSinceEntry" in guard) return `unauthorised sessions since entering ${comparison(guard.unauthorisedSessionsSinceEntry, "")}`;
  if ("unauthorisedSessions" in guard) {
    return `unauthorised sessions in ${guard.unauthorisedSessions.inSchoolWeeks} school weeks ${comparison(guard.unauthorisedSessions, "")}`;
  }
  if ("consecutiveUnauthorisedDays" in guard) return `consecutive days of unauthorised absence ${comparison(guard.consecutiveUnauthorisedDays, "")}`;
  if ("continuousAbsenceWithoutMedicalEvidence" in guard) {
    return `days of continuous absence without medical evidence ${comparison(guard.continuousAbsenceWithoutMedicalEvidence, "")}`;
  }
  if ("illnessSpellDays" in guard) return `days of illness in this spell ${comparison(guard.illnessSpellDays, "")}`;
  if ("lateAfterRegisterClosedSessions" in guard) return `late after the register closed (U) ${comparison(guard.lateAfterRegisterClosedSessions, "")}`;
  if ("schoolDaysInState" in guard) return `school days in this state ${comparison(guard.schoolDaysInState, "")}`;
  if ("improvementSinceEntry" in guard) return `improvement since entering ${comparison(guard.improvementSinceEntry, " points")}`;
  if ("flag" in guard) return FLAG_WORDS[guard.flag];
  if ("penaltyThreshold" in guard) {
    return guard.penaltyThreshold === "met"
      ? "national penalty threshold met (10 unauthorised sessions in 10 school weeks)"
      : "national penalty threshold met afresh";
  }
  if ("target" in guard) return { reviewDue: "target review due", met: "target met", missed: "target missed" }[guard.target];
  if ("reviewDate" in guard) return "review date reached";
  if ("calendar" in guard) return CALENDAR_WORDS[guard.calendar];
  if ("payload" in guard) return Object.entries(guard.payload).map(([k, v]) => `${k} is ${String(v)}`).join(" and ");
  if ("statutory" in guard) return describeGate(guard);
  if ("heldLegalStep" in guard) return `a statutory gate does not hold (${guard.heldLegalStep.gates.map(describeGate).join(", ")}): the legal step is held back`;
  return JSON.stringify(guard);
}

function describeNested(g: CompiledGuard): string {
  const text = describeGuard(g);
  return "all" in g || "any" in g ? `(${text})` : text;
}

function comparison(c: Comparison, unit: string): string {
  if (c.below !== undefined) return `below ${c.below}${unit}`;
  if (c.atMost !== undefined) return `at most ${c.atMost}${unit}`;
  if (c.atLeast !== undefined) return `${c.atLeast}${unit} or more`;
  if (c.above !== undefined) return `above ${c.above}${unit}`;
  if (c.reaches !== undefined) return `reaches ${c.reaches}${unit}`;
  return "?";
}
