/**
 * The simulation parts of the benchmark, with no database: the engine (sparse stepping), the naive dense
 * stepping it replaces, and the bare scan of the metrics that is the floor under both. Pure functions over a
 * generated cohort, so the correctness test (test/bench/benchCorrectness.test.ts) runs them on a small one.
 */
import type { Register } from "../machines/attendance/register.ts";
import { allocatePupilSeries, fillPupilSeries, N_CODE_RESOLUTION_SCHOOL_DAYS, PENALTY_THRESHOLD_SCHOOL_WEEKS } from "../machines/attendance/metrics.ts";
import { type PupilCaseResult, simulateCohort } from "../machines/case/simulate.ts";
import { casePupil } from "../machines/case/simulationReport.ts";
import type { CasePupil } from "../machines/case/types.ts";
import { DEFAULT_YEAR_GROUPS, generateRegister, type GeneratedRegister } from "../machines/cohort/generateCohort.ts";
import { compilePolicy, type CompiledPolicy } from "../machines/policy/compilePolicy.ts";
import { PRESETS } from "../machines/presets/index.ts";

/** Year groups of a local authority's schools (primary and secondary). */
export const LA_YEAR_GROUPS: readonly string[] = ["R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];

export interface SimulationSubject {
  readonly compiled: CompiledPolicy;
  readonly register: GeneratedRegister;
  readonly pupils: ReadonlyMap<string, CasePupil>;
}

/** A synthetic cohort (deterministic by seed) and a compiled preset, ready to simulate. */
export function simulationSubject(options: { seed: number; pupils: number; policy?: string; days?: number; la?: boolean }): SimulationSubject {
  const policy = options.policy ?? "all-saints";
  const preset = PRESETS[policy];
  if (!preset) throw new Error(`no preset "${policy}"`);
  const register = generateRegister({
    seed: options.seed,
    pupils: options.pupils,
    days: options.days,
    yearGroups: options.la ? LA_YEAR_GROUPS : DEFAULT_YEAR_GROUPS,
  });
  return {
    compiled: compilePolicy(preset, policy),
    register,
    pupils: new Map(register.pupils.map((p) => [p.upn, casePupil(p)])),
  };
}

/** The engine: every pupil's case over the whole register, stepped sparsely (the default). */
export function runEngine(subject: SimulationSubject): PupilCaseResult[] {
  return simulateCohort(subject.compiled, subject.register, { pupils: subject.pupils });
}

/** The naive way: one XState event per pupil per school day. */
export function runDense(subject: SimulationSubject): PupilCaseResult[] {
  return simulateCohort(subject.compiled, subject.register, { pupils: subject.pupils, mode: "dense" });
}

/**
 * The floor: only the metrics, over typed arrays. Each pupil's register is reduced to its prefix sums, and
 * every figure a case can see on a school day (the whole of `CaseMetrics` and the policy's windows) is
 * computed for every day, as numbers, with no objects and no machine. Returns a checksum so nothing is
 * optimised away.
 */
export function runScan(register: Pick<Register, "calendar" | "marks">, windows: readonly number[]): number {
  const { calendar } = register;
  const days = calendar.days.length;
  const storage = allocatePupilSeries(days);
  const penaltyStart = new Int32Array(days);
  const windowStart = windows.map(() => new Int32Array(days));
  for (let d = 0; d < days; d++) {
    penaltyStart[d] = calendar.windowStart(d, PENALTY_THRESHOLD_SCHOOL_WEEKS);
    windows.forEach((w, i) => (windowStart[i]![d] = calendar.windowStart(d, w)));
  }
  let checksum = 0;
  for (const marks of register.marks) {
    const s = fillPupilSeries(storage, marks, calendar);
    for (let d = 0; d < days; d++) {
      const possible = s.possible[d + 1]!;
      const attended = s.attended[d + 1]!;
      const absent = s.authorised[d + 1]! + s.unauthorised[d + 1]!;
      if (possible > 0) {
        checksum += (attended / possible) * 100;
        if (absent * 10 >= possible) checksum += 1;
        if (absent * 2 >= possible) checksum += 1;
      }
      checksum += s.unauthorisedLast10Weeks[d]! + s.penaltyThresholdMet[d]!;
      if (s.penaltyThresholdMet[d] === 1 && (d === 0 || s.penaltyThresholdMet[d - 1] === 0)) checksum += 1;
      checksum += s.holiday[d + 1]! - s.holiday[penaltyStart[d]!]!;
      checksum += s.consecutiveUnauthorisedDays[d]! + s.continuousAbsenceDays[d]! + s.illnessSpellDays[d]! + s.illness[d + 1]!;
      const cutoff = d - N_CODE_RESOLUTION_SCHOOL_DAYS + 1;
      if (cutoff > 0) checksum += s.reasonNotYetKnown[cutoff]!;
      checksum += s.late[d + 1]! + s.lateAfterClose[d + 1]! + marks[2 * d]! + marks[2 * d + 1]!;
      for (let i = 0; i < windowStart.length; i++) {
        const start = windowStart[i]![d]!;
        const wPossible = possible - s.possible[start]!;
        if (wPossible > 0) checksum += ((attended - s.attended[start]!) / wPossible) * 100;
        checksum += s.unauthorised[d + 1]! - s.unauthorised[start]!;
      }
      if (d === days - 1 || calendar.weekOfDay[d + 1] !== calendar.weekOfDay[d]) checksum += 1;
    }
  }
  return checksum;
}

/** Dense and sparse stepping gave identical transitions, tasks, end states and rejected events. */
export function sameResults(a: readonly PupilCaseResult[], b: readonly PupilCaseResult[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  return true;
}

/** Counts of what a simulation produced, printed beside the timings. */
export function resultCounts(results: readonly PupilCaseResult[]): { pupils: number; transitions: number; tasks: number } {
  let transitions = 0;
  let tasks = 0;
  for (const r of results) {
    transitions += r.transitions.length;
    tasks += r.tasks.length;
  }
  return { pupils: results.length, transitions, tasks };
}
