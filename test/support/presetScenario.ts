import { expect } from "vitest";
import type { Register } from "../../machines/attendance/register.ts";
import { type PupilCaseResult, simulateCohort, type SimulateOptions } from "../../machines/case/simulate.ts";
import type { CompiledPolicy } from "../../machines/policy/compilePolicy.ts";
import type { PolicyInput, PolicyState } from "../../machines/policy/schema.ts";
import { PRESENT } from "./registerBuilder.ts";

/** What the preset ladder tests share: synthetic pupils, simulation both ways, the rules a document names. */

/** Present every day except the given days, marked with the given code for both sessions. */
export function absentOn(spec: Record<number, string>): (d: number) => [string, string] {
  return (d) => (spec[d] ? [spec[d]!, spec[d]!] : PRESENT);
}

/** Simulates sparse (the default) and dense, asserts they agree, and returns the result. */
export function simulateBothWays(compiled: CompiledPolicy, register: Register, options: SimulateOptions = {}): PupilCaseResult[] {
  const sparse = simulateCohort(compiled, register, options);
  expect(sparse).toEqual(simulateCohort(compiled, register, { ...options, mode: "dense" }));
  return sparse;
}

/** Every rule id written in a policy document: stage and sub-state rules, anywhere rules, daily rules. */
export function documentRuleIds(policy: PolicyInput): string[] {
  const visit = (state: PolicyState): string[] => [...(state.rules ?? []).map((r) => r.id), ...Object.values(state.states ?? {}).flatMap(visit)];
  return [
    ...Object.values(policy.stages as Record<string, PolicyState>).flatMap(visit),
    ...(policy.anywhere ?? []).map((r) => r.id),
    ...(policy.daily ?? []).map((r) => r.id),
  ];
}

/**
 * A pupil hovering at a band edge: from day `from`, absent (with `code`) on each day that the year's attendance
 * so far is at or above `pct` (and at least `gapDays` school days after the last absence), present otherwise, so
 * the year's figure crosses `pct` back and forth. `halfDay` makes each absence the morning session only (a finer
 * wobble). Present every day before `from`. Computed once for `days` school days.
 */
export function hoverAt(
  pct: number,
  days: number,
  options: { from?: number; code?: string; gapDays?: number; halfDay?: boolean } = {},
): (d: number) => [string, string] {
  const { from = 0, code = "I", gapDays = 1, halfDay = false } = options;
  const absent: boolean[] = [];
  let attended = 0;
  let possible = 0;
  let last = -Infinity;
  for (let d = 0; d < days; d++) {
    const away = d >= from && d - last >= gapDays && possible > 0 && (attended / possible) * 100 >= pct;
    absent.push(away);
    if (away) last = d;
    possible += 2;
    attended += away ? (halfDay ? 1 : 0) : 2;
  }
  const marks: [string, string] = halfDay ? [code, PRESENT[1]] : [code, code];
  return (d) => (absent[d] ? marks : PRESENT);
}

/** Moves into `to` (a dotted state path, or a stage: any state inside it), from outside it. */
export function movesInto(transitions: readonly { from: string; to: string }[], to: string): number {
  const inside = (path: string) => path === to || path.startsWith(`${to}.`);
  return transitions.filter((t) => inside(t.to) && !inside(t.from)).length;
}
