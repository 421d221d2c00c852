import { describeGuard, guardFigures, type GuardInput } from "../guards/index.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";

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

/** The figures a guard saw, each guard kind's own (machines/guards/). */
export { guardFigures } from "../guards/index.ts";
