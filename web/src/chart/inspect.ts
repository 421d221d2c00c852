import type { PathVisit } from "../../../machines/case/casePath.ts";
import { isWithin, type Judged, type JudgedRule } from "../../../machines/case/judgeGuard.ts";
import { activeStates, type ChartArrow, type ChartModel } from "./chartModel.ts";

/**
 * What a case page knows of its case for the chart (GET /api/cases/{upn}/guards): the states it entered, with
 * dates, and every rule judged by the engine on the case's figures today (machines/case/judgeGuard.ts, over the
 * guard registry of machines/guards/). The chart only finds its way in them: it judges nothing itself.
 */
export interface CaseJudgement {
  /** The school day the figures are from. */
  readonly asOf: string | null;
  readonly path: readonly PathVisit[];
  readonly rules: readonly JudgedRule[];
}

/** The judged rule an arrow draws: the same rule, from the same state, to the same state. */
export function judgedFor(arrow: ChartArrow, judgement: CaseJudgement | null | undefined): JudgedRule | undefined {
  if (!judgement) return undefined;
  return judgement.rules.find((r) => r.rule === arrow.rule && r.from === arrow.from && (r.to ?? "") === arrow.to);
}

/** A state the case was in: when (in order: a case can come back), and which step of its path each stay was. */
export interface Stay {
  readonly step: number;
  readonly enteredOn: string;
  readonly leftOn: string | null;
}

/** A move of the case along an arrow: which step of its path, and when. */
export interface Taken {
  readonly step: number;
  readonly date: string;
}

export interface PathOnChart {
  /** By state id (a stage too, when the case was in a state inside it): its stays, oldest first. */
  readonly stays: ReadonlyMap<string, readonly Stay[]>;
  /** The arrows (their ids in the full model) the case took: the step of its path and the date, each time. */
  readonly taken: ReadonlyMap<string, readonly Taken[]>;
  /** For each step of the path after the first: the arrow it went along (its id), if the chart draws it. */
  readonly arrowOfStep: readonly (string | null)[];
}

/** The arrow a move of the case went along: the rule that moved it, from a state it was in, to one it entered. */
function arrowOfMove(model: ChartModel, visit: PathVisit): ChartArrow | undefined {
  const candidates = [...model.arrows, ...model.everywhere];
  if (visit.rule) {
    const hit = candidates.find((a) => a.rule === visit.rule && isWithin(visit.from, a.from) && isWithin(visit.state, a.to));
    if (hit) return hit;
  }
  // A reopened case has no rule of the policy: the chart's own reopen arrow.
  return candidates.find((a) => a.rule === "reopen-case" && isWithin(visit.from, a.from) && isWithin(visit.state, a.to));
}

/** The case's path placed on the chart: each state (and its stage) with the stays in it, and the arrows it took. */
export function pathOnChart(model: ChartModel, path: readonly PathVisit[]): PathOnChart {
  const stays = new Map<string, Stay[]>();
  const taken = new Map<string, Taken[]>();
  const arrowOfStep: (string | null)[] = [null];
  path.forEach((visit, i) => {
    const before = i > 0 ? activeStates(path[i - 1]!.state) : new Set<string>();
    for (const id of activeStates(visit.state)) {
      const list = stays.get(id) ?? [];
      const last = list.at(-1);
      // Moving between states inside a stage is one stay in the stage.
      if (last && before.has(id)) list[list.length - 1] = { ...last, leftOn: visit.leftOn };
      else list.push({ step: i + 1, enteredOn: visit.enteredOn, leftOn: visit.leftOn });
      stays.set(id, list);
    }
    if (i === 0) return;
    const arrow = arrowOfMove(model, visit);
    arrowOfStep.push(arrow?.id ?? null);
    if (arrow) taken.set(arrow.id, [...(taken.get(arrow.id) ?? []), { step: i + 1, date: visit.enteredOn }]);
  });
  return { stays, taken, arrowOfStep };
}

/** The leaves of a judged guard's words without its verdict ("attendance 88.4% < 90%"), for a list that shows it apart. */
export function conditionWords(text: string): string {
  const at = text.lastIndexOf(": ");
  return at < 0 ? text : text.slice(0, at);
}

/** `all`/`any`/`not` in words, for a nested list. */
export function combinationWords(judged: Judged): string | null {
  if (!("parts" in judged)) return null;
  return judged.kind === "all" ? "All of these:" : judged.kind === "any" ? "Any one of these:" : "Not this:";
}
