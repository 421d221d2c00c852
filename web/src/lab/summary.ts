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
