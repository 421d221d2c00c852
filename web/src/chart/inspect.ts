import type { PupilMetrics } from "../../../machines/attendance/metrics.ts";
import { guardFigures } from "../../../machines/case/explain.ts";
import { evaluateGuard } from "../../../machines/case/guards.ts";
import type { CaseContext, CaseEvent } from "../../../machines/case/types.ts";
import { describeGuard } from "../../../machines/policy/describeGuard.ts";
import type { CompiledGuard } from "../../../machines/policy/compiledGuard.ts";

/**
 * What a case page knows of a case today: the register figures (GET /api/cases/{upn} `metrics`, a PupilMetrics)
 * and the pupil's flags. Not the windows of school weeks, the entry stamps or the case's history: guards that
 * read those are not evaluated here, and say so.
 */
export interface CaseFigures {
  readonly metrics: Partial<PupilMetrics> | null;
  /** The pupil as the case view gives it (its flags: `send`, `lookedAfter`…). */
  readonly pupil?: object | null;
}

/** One part of a guard judged on the case's figures: true, false, or null when the page cannot tell. */
export interface Verdict {
  readonly words: string;
  readonly holds: boolean | null;
  /** The figures it saw ("attendance 88.4%"), or why it cannot be judged here. */
  readonly note: string;
}

export interface Evaluation {
  readonly holds: boolean | null;
  /** The leaves of the guard, in order. */
  readonly parts: readonly Verdict[];
}

/** Whether a leaf guard reads only what the case page has, given the figures. */
function readable(guard: CompiledGuard, figures: CaseFigures): string | null {
  const m = figures.metrics;
  if (!m) return "the case has no register figures yet";
  if ("attendance" in guard) return guard.attendance.overSchoolWeeks ? "needs the figures over school weeks, which the case page does not have" : m.attendancePct === undefined ? "no attendance figure" : null;
  if ("possibleSessions" in guard) return m.possibleSessions === undefined ? "no figure" : null;
  if ("consecutiveUnauthorisedDays" in guard) return m.consecutiveUnauthorisedDays === undefined ? "no figure" : null;
  if ("lateAfterRegisterClosedSessions" in guard) return m.lateAfterRegisterClosedSessions === undefined ? "no figure" : null;
  if ("penaltyThreshold" in guard) return guard.penaltyThreshold === "met" && m.penaltyThresholdMet !== undefined ? null : "judged at the day close (met afresh)";
  if ("flag" in guard) return typeof (figures.pupil as Record<string, unknown> | null | undefined)?.[guard.flag] === "boolean" ? null : "the pupil's flag is not on the case page";
  if ("statutory" in guard) return "a statutory gate: judged by the engine at each day close, on the case's history";
  return "needs the case's history (entry stamps, windows, events), which the case page does not have";
}

function inputFor(figures: CaseFigures, statePath: string) {
  const context = { upn: "", pupil: { ...(figures.pupil ?? {}) }, statePath, entered: {}, target: null, reviewDate: null, medicalEvidenceDayIndex: null, penaltyNotices: [] } as unknown as CaseContext;
  const metrics = { ...(figures.metrics ?? {}), windows: {}, todayMarks: [null, null] };
  const event = { type: "schoolDayClosed", date: figures.metrics?.asOf ?? "", dayIndex: figures.metrics?.dayIndex ?? 0, metrics } as unknown as CaseEvent;
  return { context, event, statePath };
}

/**
 * A guard judged on the case's figures today, part by part ("attendance below 90% (attendance 88.4%): true"),
 * with the same evaluation as the engine (evaluateGuard, guardFigures) for the parts the page has figures for;
 * `all`, `any` and `not` combine them (unknown where a part that decides it is unknown).
 */
export function evaluateOnCase(guard: CompiledGuard | undefined, figures: CaseFigures, statePath: string): Evaluation {
  const parts: Verdict[] = [];
  const walk = (g: CompiledGuard): boolean | null => {
    if ("all" in g) {
      const v = g.all.map(walk);
      return v.includes(false) ? false : v.includes(null) ? null : true;
    }
    if ("any" in g) {
      const v = g.any.map(walk);
      return v.includes(true) ? true : v.includes(null) ? null : false;
    }
    if ("not" in g) {
      const v = walk(g.not);
      return v === null ? null : !v;
    }
    const words = describeGuard(g);
    const why = readable(g, figures);
    if (why) {
      parts.push({ words, holds: null, note: why });
      return null;
    }
    try {
      const input = inputFor(figures, statePath);
      const holds = evaluateGuard(g, input);
      parts.push({ words, holds, note: guardFigures(g, input).join("; ") });
      return holds;
    } catch (e) {
      parts.push({ words, holds: null, note: `could not be judged here (${e instanceof Error ? e.message : String(e)})` });
      return null;
    }
  };
  if (!guard) return { holds: true, parts: [] };
  return { holds: walk(guard), parts };
}
