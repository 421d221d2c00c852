import { compulsorySchoolAge } from "./compulsorySchoolAge.ts";
import { noticeToImprove } from "./noticeToImprove.ts";
import { penaltyNoticeCap } from "./penaltyNoticeCap.ts";
import { supportFirst } from "./supportFirst.ts";
import type { GateId, GateInput, StatutoryGate, StatutoryGuard } from "./types.ts";
import { LEGAL_STEP_UNAUTHORISED_SESSIONS, unauthorisedAbsence } from "./unauthorisedAbsence.ts";

export type { GateId, GateInput, StatutoryGate, StatutoryGuard } from "./types.ts";
export { GATE_IDS } from "./types.ts";
export { LEGAL_STEP_UNAUTHORISED_SESSIONS } from "./unauthorisedAbsence.ts";

/**
 * The statutory gates, in the order they are checked and documented. Adding a gate is its module and a line here
 * (and, if it guards a new kind of step, a line in `gatesForStep`).
 */
export const GATES: Readonly<Record<GateId, StatutoryGate>> = {
  compulsorySchoolAge,
  unauthorisedAbsence,
  supportFirst,
  noticeToImprove,
  penaltyNoticeCap,
};

/** Task kinds that are legal steps wherever a policy raises them. */
export const LEGAL_TASK_KINDS = ["penalty-notice", "legal-referral"] as const;
/** The letter kind that is a legal step: a warning of a penalty notice or of prosecution. */
export const LEGAL_LETTER_KIND = "legal-warning";

/** The kinds of legal step, each with the gates it passes. */
export type LegalStep = "legalIntervention" | "penaltyNotice";

/** What a rule does, as far as the gates care. */
export interface StepShape {
  readonly on: string;
  readonly from: string;
  readonly to?: string;
  readonly actions: readonly { readonly type: string; readonly params: Readonly<Record<string, unknown>> }[];
}

const inEnforce = (path: string | undefined) => path !== undefined && (path === "enforce" || path.startsWith("enforce."));

/**
 * Is this rule a legal step, and which? By construction, not by the policy's say-so: a move into Enforce, a
 * penalty-notice or legal-referral task, a letter whose template is a legal warning, a notice to improve, a
 * penalty notice. `letterKind` answers the kind of a letter template.
 */
export function legalStepOf(rule: StepShape, letterKind: (template: string) => string | undefined): LegalStep | null {
  if (rule.on === "penaltyNoticeIssued") return "penaltyNotice";
  if (rule.on === "noticeToImproveIssued") return "legalIntervention";
  if (inEnforce(rule.to) && !inEnforce(rule.from)) return "legalIntervention";
  for (const action of rule.actions) {
    if (action.type === "createTask" && (LEGAL_TASK_KINDS as readonly string[]).includes(action.params.kind as string)) return "legalIntervention";
    if (action.type === "issueLetter" && letterKind(action.params.template as string) === LEGAL_LETTER_KIND) return "legalIntervention";
  }
  return null;
}

export interface GateSettings {
  /** Unauthorised sessions of compulsory school age in 10 school weeks a legal step needs (10 or more). */
  readonly legalStepUnauthorisedSessions: number;
}

/** The gates a legal step passes, in order. */
export function gatesForStep(step: LegalStep, settings: GateSettings): StatutoryGuard[] {
  if (step === "penaltyNotice") return [{ statutory: "compulsorySchoolAge" }, { statutory: "noticeToImprove" }, { statutory: "penaltyNoticeCap" }];
  return [
    { statutory: "compulsorySchoolAge" },
    { statutory: "unauthorisedAbsence", atLeast: Math.max(LEGAL_STEP_UNAUTHORISED_SESSIONS, settings.legalStepUnauthorisedSessions) },
    { statutory: "supportFirst" },
  ];
}

export function gateHolds(guard: StatutoryGuard, input: GateInput): boolean {
  return GATES[guard.statutory].holds(guard, input);
}

export function describeGate(guard: StatutoryGuard): string {
  return GATES[guard.statutory].describe(guard);
}

export function gateFigures(guard: StatutoryGuard, input: GateInput): string {
  return GATES[guard.statutory].figures(guard, input);
}

/** The gates that do not hold, each with why and what the lead can do. */
export function failingGates(gates: readonly StatutoryGuard[], input: GateInput): { gate: StatutoryGuard; why: string }[] {
  return gates.filter((g) => !gateHolds(g, input)).map((gate) => ({ gate, why: GATES[gate.statutory].blocked(gate, input) }));
}

/** The "Statutory gates" section of docs/policies.md, generated from the gate modules (a test keeps it in step). */
export function statutoryGatesMarkdown(): string {
  const lines = [
    "## Statutory gates",
    "",
    "Every compiled policy passes through these gates, whatever its data says ([ADR 008](decisions/008-statutory-gates.md)).",
    "A policy can make them stricter, never weaker. A rule is a **legal step**, whatever the policy calls it, when it",
    "moves a case into Enforce, raises a `penalty-notice` or `legal-referral` task, issues a letter whose template is",
    "of kind `legal-warning`, or accepts a notice to improve or a penalty notice. A policy whose letter or task names a",
    "legal step (a penalty notice, prosecution, legal intervention, court) without saying which kind it is does not",
    "compile.",
    "",
    "- A **move into Enforce** or a legal task or letter on a closed school day whose gates do not hold is *held back*:",
    "  the case stays where it is, the history records the held move and why, and one task asks the lead to record",
    "  what is missing. A person's event (a meeting that would move the case into Enforce, a notice to improve, a",
    "  penalty notice) whose gates do not hold is refused: the API answers `422` naming the gate; `simulate` lists it",
    "  under `rejectedEvents`.",
    "- When a legal step is taken, its history entry quotes what each gate saw: the unauthorised sessions, the",
    "  support events by date and who recorded them, the age basis. The evidence bundle lists the same support events.",
    "",
  ];
  for (const gate of Object.values(GATES)) {
    lines.push(`### ${gate.title} (\`${gate.id}\`)`, "", gate.law, "", `**Guards:** ${gate.appliesTo}`, "");
    if (gate.stricter) lines.push(`**Stricter:** ${gate.stricter}`, "");
  }
  return lines.join("\n");
}
