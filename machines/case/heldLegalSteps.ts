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

/**
 * The legal steps held back today and not yet recorded: one review task each ("Legal step held back (…): only 0
 * unauthorised sessions …"), and what `legalStepsHeld` becomes once they are recorded. Null when there are none.
 */
export function heldLegalSteps(held: HeldByState, context: CaseContext, event: CaseEvent): { tasks: CaseTask[]; recorded: Record<string, string> } | null {
  if (event.type !== "schoolDayClosed" || held.size === 0) return null;
  const today = heldToday(held, context, event);
  if (today.length === 0) return null;
  const tasks: CaseTask[] = [];
  const recorded: Record<string, string> = { ...context.legalStepsHeld };
  for (const { rule, statePath } of today) {
    const { rule: id, gates } = heldGuardOf(rule);
    const input = { context, event, statePath };
    tasks.push({
      date: event.date,
      kind: "review",
      title: `Legal step held back (${rule.reason.replace(/^Held back by a statutory gate: /, "")}): ${heldWords(gates, input)}`,
      rule: `statutory:held:${rule.holds}`,
      dueInSchoolDays: 5,
    });
    const key = heldKey(gates, input);
    if (key !== null) recorded[id] = key;
  }
  return { tasks, recorded };
}
