import { gateFigures } from "../gates/index.ts";
import { heldWords } from "../gates/heldLegalStep.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import { describeGuard } from "../policy/describeGuard.ts";
import { PERIOD_WORDS } from "../policy/describeGuard.ts";
import { absenceWithoutEvidence, attendanceSince, type GuardInput, PERIOD_METRIC, unauthorisedSince } from "./guards.ts";

interface RuleLike {
  readonly guard?: CompiledGuard;
}

/**
 * Why a rule fired, with the figures its guard saw: "attendance below 95% (attendance 93.2%)". Kept in the
 * history so an auditor reads the rule and the numbers together.
 */
export function explainRule(rule: RuleLike, input: GuardInput): string {
  if (!rule.guard) return "";
  const figures = guardFigures(rule.guard, input);
  const unique = [...new Set(figures)];
  return `${describedGuard(rule.guard)}${unique.length ? ` (${unique.join("; ")})` : ""}`;
}

/** Compiled guards never change: each is described once. */
const descriptions = new WeakMap<CompiledGuard, string>();
function describedGuard(guard: CompiledGuard): string {
  let text = descriptions.get(guard);
  if (text === undefined) descriptions.set(guard, (text = describeGuard(guard)));
  return text;
}

function pct(value: number | null): string {
  return value === null ? "no possible sessions" : `${value.toFixed(1)}%`;
}

export function guardFigures(guard: CompiledGuard, input: GuardInput): string[] {
  const { context, event } = input;
  const m = event.metrics;
  if ("all" in guard) return guard.all.flatMap((g) => guardFigures(g, input));
  if ("any" in guard) return guard.any.flatMap((g) => guardFigures(g, input));
  if ("not" in guard) return guardFigures(guard.not, input);
  if ("attendance" in guard) {
    const w = guard.attendance.overSchoolWeeks as number | undefined;
    return [w ? `attendance over ${w} school weeks ${pct(m.windows[w]?.attendancePct ?? null)}` : `attendance ${pct(m.attendancePct)}`];
  }
  if ("periodAttendance" in guard) {
    const period = guard.periodAttendance.period;
    return [`attendance this ${PERIOD_WORDS[period]} ${pct(m[PERIOD_METRIC[period]])}`];
  }
  if ("attendanceGain" in guard) {
    const w = guard.attendanceGain.overSchoolWeeks as number;
    return [`attendance ${pct(m.windows[w]?.attendancePctBefore ?? null)} ${w} school weeks ago, ${pct(m.attendancePct)} now`];
  }
  if ("possibleSessions" in guard) return [`${m.possibleSessions} possible sessions`];
  if ("attendanceSinceEntry" in guard) {
    const stamp = context.entered[input.statePath] ?? context.entered[""]!;
    return [`attendance since ${stamp.date} ${pct(attendanceSince(stamp, event))}`];
  }
  if ("unauthorisedSessionsSinceEntry" in guard) {
    const stamp = context.entered[input.statePath] ?? context.entered[""]!;
    return [`${unauthorisedSince(stamp, event) ?? "unknown"} unauthorised sessions since ${stamp.date}`];
  }
  if ("unauthorisedSessions" in guard) {
    const w = guard.unauthorisedSessions.inSchoolWeeks as number;
    return [`${m.windows[w]?.unauthorisedSessions ?? 0} unauthorised sessions in ${w} school weeks`];
  }
  if ("consecutiveUnauthorisedDays" in guard) return [`${m.consecutiveUnauthorisedDays} consecutive days unauthorised`];
  if ("continuousAbsenceWithoutMedicalEvidence" in guard) return [`${absenceWithoutEvidence(context, event)} days absent without medical evidence`];
  if ("illnessSpellDays" in guard) return [`${m.illnessSpellDays} days of illness`];
  if ("lateAfterRegisterClosedSessions" in guard) return [`${m.lateAfterRegisterClosedSessions} sessions late after the register closed`];
  if ("schoolDaysInState" in guard) {
    const stamp = context.entered[input.statePath] ?? context.entered[""]!;
    return [`${event.dayIndex - stamp.dayIndex} school days since ${stamp.date}`];
  }
  if ("improvementSinceEntry" in guard) {
    const stamp = context.entered[input.statePath] ?? context.entered[""]!;
    return [`attendance ${pct(stamp.attendancePct)} on ${stamp.date}, ${pct(m.attendancePct)} now`];
  }
  if ("penaltyThreshold" in guard) return [`${m.unauthorisedSessionsLast10SchoolWeeks} unauthorised sessions in 10 school weeks`];
  if ("target" in guard && context.target) {
    return [`target ${context.target.attendancePct}% set ${context.target.setOn}: ${pct(attendanceSince(context.target, event))} since`];
  }
  if ("reviewDate" in guard && context.reviewDate) return [`review date ${context.reviewDate}`];
  if ("statutory" in guard) return [gateFigures(guard, input)];
  if ("heldLegalStep" in guard) return [heldWords(guard.heldLegalStep.gates, input)];
  return [];
}
