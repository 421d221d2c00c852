import type { CompiledRule } from "../policy/compilePolicy.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import { heldKey, heldWords, type HeldLegalStepGuard } from "../gates/heldLegalStep.ts";
import { evaluateGuard } from "./guards.ts";
import type { CaseContext, CaseEvent, CaseTask } from "./types.ts";

/**
 * Legal steps held back on a closed school day (machines/gates/heldLegalStep.ts). They are found by the day's
 * baseline, whichever transition the day takes, so a held step never stops another rule from firing: the case
 * stays where the policy's other rules leave it, the history records the held step and why, and one task asks the
 * lead for what is missing.
 */
export type HeldByState = ReadonlyMap<string, readonly CompiledRule[]>;

function heldGuardOf(rule: CompiledRule): HeldLegalStepGuard["heldLegalStep"] {
  const g = rule.guard!;
  const held = ("heldLegalStep" in g ? g : "all" in g ? g.all.at(-1) : undefined) as HeldLegalStepGuard | undefined;
  return held!.heldLegalStep;
}

/** The companions of the active state and its ancestors whose step is held back today and not yet recorded. */
function heldToday(held: HeldByState, context: CaseContext, event: CaseEvent): { rule: CompiledRule; statePath: string }[] {
  const out: { rule: CompiledRule; statePath: string }[] = [];
  const parts = context.statePath ? context.statePath.split(".") : [];
  for (let i = parts.length; i >= 0; i--) {
    const path = parts.slice(0, i).join(".");
    for (const rule of held.get(path) ?? []) {
      if (evaluateGuard(rule.guard as CompiledGuard, { context, event, statePath: rule.from })) out.push({ rule, statePath: rule.from });
    }
  }
  return out;
}

/** One review task per held step: "Legal step held back (…): only 0 unauthorised sessions …". */
export function heldLegalStepTasks(held: HeldByState, context: CaseContext, event: CaseEvent): CaseTask[] {
  if (event.type !== "schoolDayClosed" || held.size === 0) return [];
  return heldToday(held, context, event).map(({ rule, statePath }) => ({
    date: event.date,
    kind: "review",
    title: `Legal step held back (${rule.reason.replace(/^Held back by a statutory gate: /, "")}): ${heldWords(heldGuardOf(rule).gates, { context, event, statePath })}`,
    rule: `statutory:held:${rule.holds}`,
    dueInSchoolDays: 5,
  }));
}

/** What `legalStepsHeld` becomes once today's held steps are recorded, or null when none are. */
export function heldLegalStepsRecorded(held: HeldByState, context: CaseContext, event: CaseEvent): Record<string, string> | null {
  if (event.type !== "schoolDayClosed" || held.size === 0) return null;
  let recorded: Record<string, string> | null = null;
  for (const { rule, statePath } of heldToday(held, context, event)) {
    const { rule: id, gates } = heldGuardOf(rule);
    const key = heldKey(gates, { context, event, statePath });
    if (key !== null) (recorded ??= { ...context.legalStepsHeld })[id] = key;
  }
  return recorded;
}
