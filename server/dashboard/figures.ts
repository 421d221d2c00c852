/**
 * The governors' dashboard's figures, pure: the school against the national figures for its phase (same unit,
 * the difference stated, notably worse flagged), a trend by half term against last year, groups including the
 * vulnerable ones, and small-number suppression: every count or rate that would come from fewer than
 * SMALL_GROUP pupils is withheld (the count as "fewer than 5", no percentage).
 */
import { type Benchmark, benchmarkFor, type BenchmarkMeasure, type BenchmarkPhase } from "../../machines/attendance/benchmarks.ts";

/** Fewer pupils than this and neither a group's figures nor a count of pupils is shown. */
export const SMALL_GROUP = 5;
/** A school rate of absence (or persistent or severe absence) this many times the national one is flagged. */
export const NOTABLY_WORSE_RATIO = 1.25;

/** A count of pupils, or null when it is 1 to SMALL_GROUP - 1 (shown as "fewer than 5"). */
export const safeCount = (n: number): number | null => (n > 0 && n < SMALL_GROUP ? null : n);
const pct = (part: number, whole: number) => (whole === 0 ? null : (part / whole) * 100);
const round1 = (v: number) => Math.round(v * 10) / 10;

export interface PupilFigures {
  possible: number;
  attended: number;
  unauthorised: number;
  pupils: number;
  pa: number;
  sa: number;
}
export const emptyFigures = (): PupilFigures => ({ possible: 0, attended: 0, unauthorised: 0, pupils: 0, pa: 0, sa: 0 });
export function addPupil(f: PupilFigures, m: { possibleSessions: number; attendedSessions: number; unauthorisedAbsenceSessions: number; persistentAbsence: boolean; severeAbsence: boolean }): void {
  f.possible += m.possibleSessions;
  f.attended += m.attendedSessions;
  f.unauthorised += m.unauthorisedAbsenceSessions;
  f.pupils += 1;
  f.pa += m.persistentAbsence ? 1 : 0;
  f.sa += m.severeAbsence ? 1 : 0;
}

export interface GroupFigures {
  group: string;
  /** Null when fewer than SMALL_GROUP (or withheld so a small group cannot be found by subtraction). */
  pupils: number | null;
  suppressed: boolean;
  /** Why the figures are withheld, in words, when they are. */
  why: string | null;
  attendancePct: number | null;
  absencePct: number | null;
  /** Null when withheld: fewer than 5 pupils (but not none). */
  persistentAbsence: number | null;
  persistentAbsencePct: number | null;
  severeAbsence: number | null;
  severeAbsencePct: number | null;
}

/** A group's figures with the rule applied: no figures for a group under 5, no count or rate of 1 to 4 pupils. */
export function groupFigures(name: string, f: PupilFigures): GroupFigures {
  if (f.pupils < SMALL_GROUP) {
    return { group: name, pupils: null, suppressed: true, why: f.pupils === 0 ? "no pupils" : `fewer than ${SMALL_GROUP} pupils`, attendancePct: null, absencePct: null, persistentAbsence: null, persistentAbsencePct: null, severeAbsence: null, severeAbsencePct: null };
  }
  const attendance = pct(f.attended, f.possible);
  const pa = safeCount(f.pa);
  const sa = safeCount(f.sa);
  return {
    group: name,
    pupils: f.pupils,
    suppressed: false,
    why: null,
    attendancePct: attendance,
    absencePct: attendance === null ? null : 100 - attendance,
    persistentAbsence: pa,
    persistentAbsencePct: pa === null ? null : pct(f.pa, f.pupils),
    severeAbsence: sa,
    severeAbsencePct: sa === null ? null : pct(f.sa, f.pupils),
  };
}

/**
 * One dimension's groups (year groups, sex, looked after…). Secondary suppression: when exactly one group is
 * withheld for being small, the next smallest is withheld too, so the small one's size and figures cannot be
 * worked out by subtracting the others from the whole school.
 */
export function dimension(groups: ReadonlyMap<string, PupilFigures>, order: (a: string, b: string) => number = (a, b) => a.localeCompare(b, "en", { numeric: true })): GroupFigures[] {
  const names = [...groups.keys()].sort(order);
  const out = names.map((n) => groupFigures(n, groups.get(n)!));
  const small = out.filter((g) => g.suppressed && groups.get(g.group)!.pupils > 0);
  if (small.length === 1) {
    const next = out.filter((g) => !g.suppressed).sort((a, b) => groups.get(a.group)!.pupils - groups.get(b.group)!.pupils)[0];
    if (next) Object.assign(next, groupFigures(next.group, { ...emptyFigures(), pupils: 0 }), { group: next.group, why: `withheld so that a group of fewer than ${SMALL_GROUP} cannot be worked out` });
  }
  return out;
}

export type Phase = BenchmarkPhase;

/** The school's phase from its year groups: Reception (and nursery) to Year 6 primary, Years 7 to 13 secondary. */
export function phaseOf(yearGroups: Iterable<string>): { phase: Phase; words: string } {
  let primary = 0;
  let secondary = 0;
  for (const y of yearGroups) {
    const n = Number(y);
    if (y === "R" || y === "N1" || y === "N2" || (Number.isInteger(n) && n >= 1 && n <= 6)) primary++;
    else if (Number.isInteger(n) && n >= 7 && n <= 13) secondary++;
  }
  if (primary > 0 && secondary === 0) return { phase: "primary", words: "primary" };
  if (secondary > 0 && primary === 0) return { phase: "secondary", words: "secondary" };
  return { phase: "all", words: "all-through (compared with all schools)" };
}

export interface Comparison {
  measure: "attendance" | BenchmarkMeasure;
  label: string;
  /** The school's figure (percentage), or null when withheld. */
  school: number | null;
  /** The unit both figures are in. */
  unit: "% of possible sessions" | "% of pupils";
  national: number;
  nationalLabel: string;
  nationalPhase: Phase;
  year: string;
  source: string;
  /** School minus national, in percentage points (rounded to 0.1), or null. */
  differencePoints: number | null;
  /** For absence-type measures, the school's rate over the national one. */
  ratio: number | null;
  /** The difference in words: "1.6 points below the national primary figure (94.5%, 2023/24)". */
  words: string;
  /** The school is notably worse than the national figure. */
  notablyWorse: boolean;
}

const PHASE_WORDS: Record<Phase, string> = { all: "all-schools", primary: "primary", secondary: "secondary", special: "special" };

function compare(measure: Comparison["measure"], label: string, school: number | null, b: Benchmark, unit: Comparison["unit"], higherIsWorse: boolean, nationalValue = b.value): Comparison {
  const which = `the national ${PHASE_WORDS[b.phase]} figure (${Number(nationalValue.toFixed(2))}%, ${b.year})`;
  if (school === null) {
    return { measure, label, school, unit, national: nationalValue, nationalLabel: b.label, nationalPhase: b.phase, year: b.year, source: b.source, differencePoints: null, ratio: null, words: `Not shown (fewer than ${SMALL_GROUP} pupils); ${which}.`, notablyWorse: false };
  }
  const diff = round1(school - nationalValue);
  const ratio = higherIsWorse && nationalValue > 0 ? Math.round((school / nationalValue) * 10) / 10 : null;
  // Attendance is judged by its absence (100 - attendance), so the two never disagree.
  const absenceRatio = higherIsWorse ? school / nationalValue : (100 - school) / (100 - nationalValue);
  const notablyWorse = absenceRatio >= NOTABLY_WORSE_RATIO;
  let words = diff === 0 ? `The same as ${which}` : `${Math.abs(diff).toFixed(1)} ${Math.abs(diff) === 1 ? "point" : "points"} ${diff > 0 ? "above" : "below"} ${which}`;
  if (ratio !== null && ratio >= 1.5) words += `: ${ratio.toFixed(1)} times the national rate`;
  return { measure, label, school, unit, national: nationalValue, nationalLabel: b.label, nationalPhase: b.phase, year: b.year, source: b.source, differencePoints: diff, ratio, words: `${words}.`, notablyWorse };
}

/** The school beside the national figures for its phase, each in the same unit, with the difference stated. */
export function comparisons(school: GroupFigures & { unauthorisedPct: number | null }, phase: Phase): Comparison[] {
  const out: Comparison[] = [];
  const absence = benchmarkFor("absence", phase);
  if (absence) {
    out.push(compare("attendance", "Attendance", school.attendancePct, absence, "% of possible sessions", false, 100 - absence.value));
    out.push(compare("absence", "Overall absence", school.absencePct, absence, "% of possible sessions", true));
  }
  const unauthorised = benchmarkFor("unauthorised-absence", phase);
  if (unauthorised) out.push(compare("unauthorised-absence", "Unauthorised absence", school.unauthorisedPct, unauthorised, "% of possible sessions", true));
  const pa = benchmarkFor("persistent-absence", phase);
  if (pa) out.push(compare("persistent-absence", "Persistent absence (10% or more)", school.persistentAbsencePct, pa, "% of pupils", true));
  const sa = benchmarkFor("severe-absence", phase);
  if (sa) out.push(compare("severe-absence", "Severe absence (50% or more)", school.severeAbsencePct, sa, "% of pupils", true));
  return out;
}

export const HALF_TERM_NAMES = ["Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"];
