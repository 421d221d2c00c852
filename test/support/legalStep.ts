import type { Register } from "../../machines/attendance/register.ts";
import { computePupilSeries } from "../../machines/attendance/metrics.ts";
import { caseMetricsOnDay } from "../../machines/case/dayMetrics.ts";
import { type CaseSnapshot, openCase, statePath } from "../../machines/case/stepCase.ts";
import type { CaseEvent, CasePupil, SupportRecord } from "../../machines/case/types.ts";
import { compulsoryAgeDays } from "../../machines/gates/compulsorySchoolAge.ts";
import { type CompiledPolicy, compilePolicy, type CompiledRule } from "../../machines/policy/compilePolicy.ts";
import type { ManualEventType } from "../../machines/policy/events.ts";
import type { PolicyInput, PolicyState } from "../../machines/policy/schema.ts";

/**
 * Puts one legal-step rule of a preset on its own: the same policy with every other transition rule removed and
 * this rule's own guard dropped, so the rule would fire on the first event it listens to and only the statutory
 * gates decide. A case is placed in the rule's state, and stepped once.
 */
export function legalStepRules(policy: PolicyInput): CompiledRule[] {
  return compilePolicy(policy).rules.filter((r) => r.gates && !r.builtIn && r.holds === undefined);
}

export function onlyRule(policy: PolicyInput, ruleId: string): PolicyInput {
  const strip = (state: PolicyState): PolicyState => ({
    ...state,
    rules: (state.rules ?? []).filter((r) => r.id === ruleId).map(withoutWhen),
    ...(state.states ? { states: Object.fromEntries(Object.entries(state.states).map(([k, s]) => [k, strip(s)])) } : {}),
  });
  return {
    ...policy,
    stages: Object.fromEntries(Object.entries(policy.stages).map(([k, s]) => [k, strip(s as PolicyState)])) as PolicyInput["stages"],
    anywhere: (policy.anywhere ?? []).filter((r) => r.id === ruleId).map(withoutWhen),
  };
}

function withoutWhen<R extends { when?: unknown }>(rule: R): R {
  const { when: _when, ...rest } = rule;
  return rest as R;
}

/** A case of `pupil` sitting in the state the rule is declared on (its stage's initial state for "anywhere"). */
export function caseIn(compiled: CompiledPolicy, from: string, pupil: CasePupil, support: readonly SupportRecord[] = []): CaseSnapshot {
  const opened = openCase(compiled, {
    upn: pupil.upn,
    pupil,
    openedOn: { date: "2024-09-01", dayIndex: -1, attendancePct: null, possibleSessions: 0, attendedSessions: 0, unauthorisedSessions: 0 },
  });
  const path = from || compiled.policy.initial;
  const value = path.split(".").reduceRight<unknown>((inner, key) => (inner === undefined ? key : { [key]: inner }), undefined);
  const placed = compiled.machine.resolveState({ value: value as never, context: opened.context });
  const leaf = statePath(placed);
  const stamp = opened.context.entered[""]!;
  const entered = Object.fromEntries(leaf.split(".").map((_, i, parts) => [parts.slice(0, i + 1).join("."), stamp]));
  return compiled.machine.resolveState({
    value: placed.value as never,
    context: { ...opened.context, statePath: leaf, entered: { ...opened.context.entered, ...entered }, supportEvents: support },
  }) as CaseSnapshot;
}

/** Valid payloads for each event a rule may listen to. */
export const SAMPLE_PAYLOADS: Record<ManualEventType, Record<string, unknown>> = {
  sapMeetingHeld: { attendees: ["Attendance lead", "Parent"], barriers: [], targets: "", reviewDate: "2025-03-31", outcome: "final-warning" },
  parentDidNotAttend: { meeting: "School Attendance Panel" },
  contractSigned: { signedBy: ["Parent", "Attendance lead"], targets: "95%", reviewDate: "2025-03-31" },
  supportOffered: { support: "Early Help family support" },
  supportDeclined: { support: "Early Help family support" },
  homeVisitMade: { outcome: "seen" },
  referralMade: { to: "Early Help" },
  medicalEvidenceReceived: {},
  noticeToImproveIssued: { parent: "Parent 1", improvementPeriodSchoolDays: 15 },
  penaltyNoticeIssued: { parent: "Parent 1" },
  supportNotAppropriate: { decidedBy: "Head teacher", reason: "Unauthorised term-time holiday" },
  note: { text: "Note" },
  closeCase: { reason: "other" },
  reopenCase: { reason: "Reopened" },
};

/** The event the rule listens to, on school day `d` of the register's only pupil. */
export function eventOn(rule: CompiledRule, register: Register, pupil: CasePupil, d: number): CaseEvent {
  const { calendar } = register;
  const marks = register.marks[0]!;
  const metrics = caseMetricsOnDay(computePupilSeries(marks, calendar), marks, calendar, d, [], compulsoryAgeDays(pupil, calendar));
  const dated = { date: calendar.days[d]!, dayIndex: d, metrics };
  if (rule.on === "schoolDayClosed") return { type: "schoolDayClosed", ...dated };
  return { type: rule.on as ManualEventType, ...dated, payload: SAMPLE_PAYLOADS[rule.on as ManualEventType], actor: "lead" };
}

export const SUPPORT: readonly SupportRecord[] = [{ type: "supportOffered", date: "2024-09-20", actor: "lead", summary: "support offered: Early Help family support" }];

export function pupilBorn(dateOfBirth: string, yearGroup: string): CasePupil {
  return { upn: "A", dateOfBirth, yearGroup, socialWorker: false, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false };
}
