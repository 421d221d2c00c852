import type { SchoolCalendar } from "../attendance/calendar.ts";
import { computePupilSeries, percentage, type PupilSeries } from "../attendance/metrics.ts";
import type { Pupil } from "../attendance/pupilsCsv.ts";
import type { Register } from "../attendance/register.ts";

/** A pupil's class for celebration: their `class`, or their year group when the pupils file gives none. */
export function classOf(pupil: Pick<Pupil, "class" | "yearGroup">): string {
  return pupil.class ?? (pupil.yearGroup === "R" ? "Reception" : `Year ${pupil.yearGroup}`);
}

/** School days `from` to `to` (school-day indexes, inclusive). */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

export interface ClassFigures {
  readonly class: string;
  readonly pupils: number;
  readonly possibleSessions: number;
  readonly attendedSessions: number;
  /** Unrounded; null when nothing was possible. */
  readonly attendancePct: number | null;
}

/**
 * The register grouped by class, with each pupil's series computed once, so class figures over any range of
 * school days are sums of the pupils' own prefix sums: exactly the arithmetic of a pupil's attendance.
 */
export interface ClassRegister {
  readonly calendar: SchoolCalendar;
  readonly classes: ReadonlyMap<string, readonly { upn: string; series: PupilSeries }[]>;
}

export function classRegister(register: Register, pupils: readonly Pupil[]): ClassRegister {
  const byUpn = new Map(pupils.map((p) => [p.upn, p]));
  const classes = new Map<string, { upn: string; series: PupilSeries }[]>();
  register.upns.forEach((upn, p) => {
    const pupil = byUpn.get(upn);
    if (!pupil) return;
    const name = classOf(pupil);
    const list = classes.get(name) ?? [];
    list.push({ upn, series: computePupilSeries(register.marks[p]!, register.calendar) });
    classes.set(name, list);
  });
  return { calendar: register.calendar, classes };
}

/**
 * Each class's attendance over a range of school days. `excluded` pupils (a long-term individual circumstance
 * the school has flagged) are left out of these celebration figures only; statutory figures never use this.
 */
export function classFigures(cr: ClassRegister, range: DayRange, excluded: ReadonlySet<string> = new Set()): ClassFigures[] {
  const out: ClassFigures[] = [];
  for (const [name, members] of cr.classes) {
    let possible = 0;
    let attended = 0;
    let pupils = 0;
    for (const { upn, series } of members) {
      if (excluded.has(upn)) continue;
      const p = series.possible[range.to + 1]! - series.possible[range.from]!;
      if (p === 0) continue;
      pupils++;
      possible += p;
      attended += series.attended[range.to + 1]! - series.attended[range.from]!;
    }
    out.push({ class: name, pupils, possibleSessions: possible, attendedSessions: attended, attendancePct: percentage(attended, possible) });
  }
  return out.sort((a, b) => a.class.localeCompare(b.class, "en", { numeric: true }));
}

/** The school days of school week `week` (its index in the calendar). */
export function weekRange(calendar: SchoolCalendar, week: number): DayRange {
  const from = calendar.weekFirstDay[week]!;
  const next = calendar.weekFirstDay[week + 1];
  return { from, to: (next ?? calendar.days.length) - 1 };
}

/** Half terms: runs of school days separated by a half term or holiday (not a long weekend): the calendar's own. */
export function halfTerms(calendar: SchoolCalendar): DayRange[] {
  const out: DayRange[] = [];
  const first = calendar.halfTermFirstDay;
  const n = calendar.days.length;
  for (let d = 0; d < n; d++) if (d + 1 === n || first[d + 1] !== first[d]) out.push({ from: first[d]!, to: d });
  return out;
}
