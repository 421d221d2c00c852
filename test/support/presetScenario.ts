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
