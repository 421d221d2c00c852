import type { CompiledAction } from "../policy/compilePolicy.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import { evaluateGuard } from "./guards.ts";
import { letterHeldBack } from "./letterRepeat.ts";
import { statutoryTasks } from "./statutoryBaseline.ts";
import type { CaseContext, CaseEvent, CaseTask } from "./types.ts";

export interface CompiledDailyRule {
  readonly id: string;
  readonly guard: CompiledGuard;
  readonly in?: readonly string[];
  readonly actions: readonly CompiledAction[];
  readonly reason: string;
  readonly seed: string;
  /**
   * It can raise a concern letter, which the case must remember (the repeat period): on a day it holds, the
   * sparse stepper steps the machine rather than producing the tasks alone.
   */
  readonly raisesConcernLetter?: boolean;
}

function isIn(path: string, prefixes: readonly string[] | undefined): boolean {
  return !prefixes || prefixes.some((p) => path === p || path.startsWith(`${p}.`));
}

/** Everything a closed school day produces besides transitions: the statutory baselines and the daily rules. */
export function dailyTasks(daily: readonly CompiledDailyRule[], context: CaseContext, event: CaseEvent): CaseTask[] {
  const tasks = statutoryTasks(context, event);
  if (event.type !== "schoolDayClosed") return tasks;
  for (const rule of daily) {
    if (!isIn(context.statePath, rule.in)) continue;
    if (!evaluateGuard(rule.guard, { context, event, statePath: context.statePath })) continue;
    addDailyRuleTasks(rule, context, event, tasks);
  }
  return tasks;
}

/** The tasks and letters of a daily rule whose guard holds on the event's day, appended to `tasks`. */
export function addDailyRuleTasks(rule: CompiledDailyRule, context: CaseContext, event: { readonly date: string; readonly dayIndex: number }, tasks: CaseTask[]): void {
  const date = event.date;
  for (const action of rule.actions) {
    if (action.type === "createTask") {
      const p = action.params;
      tasks.push({ date, kind: p.kind as CaseTask["kind"], title: p.title, rule: rule.id, ...(p.dueInSchoolDays !== undefined ? { dueInSchoolDays: p.dueInSchoolDays } : {}) });
    } else if (action.type === "issueLetter") {
      if (letterHeldBack(context, event, action.params) !== null) continue;
      tasks.push({ date, kind: "letter", title: action.params.title, rule: rule.id, template: action.params.template });
    }
  }
}
