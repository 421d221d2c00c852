import type { PupilCaseResult } from "../../../machines/case/simulate.ts";
import { CLOSED, STAGES, TASK_KINDS } from "../../../machines/policy/schema.ts";

export interface RunSummary {
  readonly pupils: number;
  readonly byStage: Readonly<Record<string, number>>;
  readonly tasksByKind: Readonly<Record<string, number>>;
  readonly tasks: number;
  readonly letters: number;
  readonly meetings: number;
  readonly penaltyNoticeDecisions: number;
  readonly moves: number;
}

/** What a policy did over a register: where cases ended and the work it raised. */
export function summarise(results: readonly PupilCaseResult[]): RunSummary {
  const byStage: Record<string, number> = Object.fromEntries([...STAGES, CLOSED].map((s) => [s, 0]));
  const tasksByKind: Record<string, number> = Object.fromEntries(TASK_KINDS.map((k) => [k, 0]));
  let tasks = 0;
  let moves = 0;
  for (const r of results) {
    byStage[r.stage] = (byStage[r.stage] ?? 0) + 1;
    moves += r.transitions.length;
    for (const t of r.tasks) {
      tasksByKind[t.kind] = (tasksByKind[t.kind] ?? 0) + 1;
      tasks++;
    }
  }
  return {
    pupils: results.length,
    byStage,
    tasksByKind,
    tasks,
    letters: tasksByKind.letter ?? 0,
    meetings: tasksByKind.meeting ?? 0,
    penaltyNoticeDecisions: tasksByKind["penalty-notice"] ?? 0,
    moves,
  };
}

/** The stage each case was in at the close of `date`, from its transitions (every case starts in `initial`). */
export function stagesOnDay(results: readonly PupilCaseResult[], date: string, initial = "expect"): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries([...STAGES, CLOSED].map((s) => [s, 0]));
  for (const r of results) {
    let state = initial;
    for (const t of r.transitions) {
      if (t.date > date) break;
      state = t.to;
    }
    const stage = state.split(".")[0]!;
    counts[stage] = (counts[stage] ?? 0) + 1;
  }
  return counts;
}

/**
 * School days cases spent in each stage over the register, summed over all cases: a policy that moves cases on
 * quickly, or keeps them waiting in one stage, shows here.
 */
export function schoolDaysInStages(results: readonly PupilCaseResult[], days: readonly string[], initial = "expect"): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries([...STAGES, CLOSED].map((s) => [s, 0]));
  const index = new Map(days.map((d, i) => [d, i]));
  for (const r of results) {
    let stage = initial.split(".")[0]!;
    let from = 0;
    for (const t of r.transitions) {
      // A move at the close of day i: the case was in the old stage through day i.
      const at = (index.get(t.date) ?? from) + 1;
      totals[stage] = (totals[stage] ?? 0) + Math.max(0, at - from);
      stage = t.to.split(".")[0]!;
      from = Math.max(from, at);
    }
    totals[stage] = (totals[stage] ?? 0) + Math.max(0, days.length - from);
  }
  return totals;
}
