/**
 * A rule's guard, evaluated: one loop over the guard kinds of machines/guards/, each of which holds its own
 * evaluation (and schema, words, figures and look-ahead). The names here stay for the engine's callers.
 */
export { evaluateGuard, type GuardInput } from "../guards/index.ts";
export { compare } from "../guards/comparison.ts";
export { attendanceSince } from "../guards/stamps.ts";
export { PERIOD_METRIC } from "../guards/periodAttendance.ts";
export { attendanceGainOf as attendanceGain } from "../guards/attendanceGain.ts";
export { unauthorisedSince } from "../guards/unauthorisedSessionsSinceEntry.ts";
export { absenceWithoutEvidence } from "../guards/continuousAbsenceWithoutMedicalEvidence.ts";
export { targetMet } from "../guards/target.ts";
