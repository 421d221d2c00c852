/**
 * One pupil's register as the case page's chart and the evidence bundle need it: day by day (cumulative
 * attendance %, unauthorised sessions in the last 10 school weeks) and week by week (the marks and the week's
 * figures). Computed with machines/attendance from the stored register, so the figures are the engine's own.
 */
import * as store from "../../db/index.ts";
import type { SchoolCalendar } from "../../machines/attendance/calendar.ts";
import { codeAt, NO_MARK } from "../../machines/attendance/codes.ts";
import { computePupilSeries, metricsOnDay, type PupilMetrics, type PupilSeries, percentage, windowFigures } from "../../machines/attendance/metrics.ts";
import { fromEpochDay, toEpochDay, weekdayOf } from "../../machines/attendance/schoolDate.ts";
import type { ServerDeps } from "../deps.ts";

export interface PupilRegister {
  readonly calendar: SchoolCalendar;
  readonly marks: Uint8Array;
  readonly series: PupilSeries;
}

/** The pupil's marks over every school day the register holds, and their prefix sums. */
export async function pupilRegister(deps: ServerDeps, upn: string): Promise<PupilRegister> {
  const register = await store.loadRegister(deps.rdb.orm, { upns: [upn] });
  const marks = register.marks[register.pupilIndex.get(upn) ?? -1] ?? new Uint8Array(register.calendar.days.length * 2);
  return { calendar: register.calendar, marks, series: computePupilSeries(marks, register.calendar) };
}

/** Figures as of the last school day on or before `date` (the last day held when no date). */
export function metricsAsOf(reg: PupilRegister, date?: string | null): PupilMetrics {
  const d = date ? reg.calendar.lastDayOnOrBefore(date) : reg.calendar.days.length - 1;
  return metricsOnDay(reg.series, reg.calendar, d);
}

/** Unauthorised sessions in the last `weeks` school weeks, as of the last school day on or before `date`. */
export function unauthorisedInWeeks(reg: PupilRegister, weeks: number, date?: string | null): number {
  const d = date ? reg.calendar.lastDayOnOrBefore(date) : reg.calendar.days.length - 1;
  return windowFigures(reg.series, reg.calendar, d, weeks).unauthorisedSessions;
}

export interface AttendanceDay {
  readonly date: string;
  /** Cumulative attendance % to the end of this day (2 decimals); null while nothing was possible. */
  readonly attendancePct: number | null;
  /** Unauthorised absence sessions in the 10 school weeks ending with this day's week. */
  readonly unauthorisedLast10Weeks: number;
  /** Possible sessions so far. */
  readonly possibleSessions: number;
}

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

/** Day by day over the school days held, read straight from the prefix arrays. */
export function dailySeries(reg: PupilRegister): AttendanceDay[] {
  const { calendar, series } = reg;
  return calendar.days.map((date, d) => ({
    date,
    attendancePct: round2(percentage(series.attended[d + 1]!, series.possible[d + 1]!)),
    unauthorisedLast10Weeks: series.unauthorisedLast10Weeks[d]!,
    possibleSessions: series.possible[d + 1]!,
  }));
}

export interface RegisterWeek {
  /** Monday of the week. */
  readonly weekCommencing: string;
  /** Monday to Friday (and Saturday, Sunday when the school met): the date and its AM and PM codes ("" = no mark). */
  readonly days: readonly { readonly date: string; readonly weekday: number; readonly am: string; readonly pm: string }[];
  readonly possibleSessions: number;
  readonly attendedSessions: number;
  readonly authorisedSessions: number;
  readonly unauthorisedSessions: number;
  readonly weekPct: number | null;
  /** Cumulative attendance % at the end of the week. */
  readonly cumulativePct: number | null;
}

const codeOf = (index: number) => (index === NO_MARK ? "" : codeAt(index).code);

/** The register by school week: each day's marks and the week's figures. */
export function weeklyRecord(reg: PupilRegister): RegisterWeek[] {
  const { calendar, series, marks } = reg;
  const weeks: RegisterWeek[] = [];
  for (let w = 0; w < calendar.weekFirstDay.length; w++) {
    const first = calendar.weekFirstDay[w]!;
    const end = w + 1 < calendar.weekFirstDay.length ? calendar.weekFirstDay[w + 1]! : calendar.days.length;
    const span = (a: Int32Array) => a[end]! - a[first]!;
    const days = [];
    for (let d = first; d < end; d++) {
      days.push({ date: calendar.days[d]!, weekday: weekdayOf(toEpochDay(calendar.days[d]!)), am: codeOf(marks[2 * d]!), pm: codeOf(marks[2 * d + 1]!) });
    }
    weeks.push({
      weekCommencing: fromEpochDay(calendar.weekMonday[w]!),
      days,
      possibleSessions: span(series.possible),
      attendedSessions: span(series.attended),
      authorisedSessions: span(series.authorised),
      unauthorisedSessions: span(series.unauthorised),
      weekPct: round2(percentage(span(series.attended), span(series.possible))),
      cumulativePct: round2(percentage(series.attended[end]!, series.possible[end]!)),
    });
  }
  return weeks;
}
