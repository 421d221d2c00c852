import type { SchoolCalendar } from "../attendance/calendar.ts";
import { PENALTY_THRESHOLD_SCHOOL_WEEKS, PENALTY_THRESHOLD_SESSIONS, type PupilSeries } from "../attendance/metrics.ts";
import { fromEpochDay, toEpochDay, weekdayOf } from "../attendance/schoolDate.ts";
import type { StatutoryGate } from "./types.ts";

/**
 * Compulsory school age (Education Act 1996 s8, and the prescribed days of the Education (Start of Compulsory
 * School Age) Order 1998): from the first prescribed day (31 December, 31 March or 31 August) on or after the
 * child's fifth birthday, until the last Friday in June of the school year in which they turn 16. Absence before
 * it began is no offence: those sessions count toward no threshold and no legal step, and no legal step is taken
 * outside it.
 *
 * Without a date of birth, the year group decides: Years 1 to 11 are of compulsory school age (Year 11 until the
 * last Friday in June), nursery and Reception are not, nor Years 12 and above. With neither, the age is not known:
 * the gate does not block, and its words say so, so the lead can record the date of birth.
 */
export type AgeBasis = "date-of-birth" | "year-group" | "unknown";

export interface AgePupil {
  readonly dateOfBirth?: string;
  readonly yearGroup?: string;
}

/** The dates the pupil is of compulsory school age, inclusive (an empty period has `from` after `to`). */
export interface CompulsoryAgePeriod {
  readonly from: string;
  readonly to: string;
  readonly basis: AgeBasis;
}

const ALWAYS: CompulsoryAgePeriod = { from: "0000-01-01", to: "9999-12-31", basis: "unknown" };

/** Periods already worked out, by date of birth or year group (and school year for a Year 11): the gates ask often. */
const periods = new Map<string, CompulsoryAgePeriod>();

/** The period of compulsory school age; `onDate` places a Year 11 pupil known only by year group in a school year. */
export function compulsoryAgePeriod(pupil: AgePupil, onDate: string): CompulsoryAgePeriod {
  const key = pupil.dateOfBirth ? `b${pupil.dateOfBirth}` : pupil.yearGroup === "11" ? `y11|${schoolYearStart(onDate)}` : `y${pupil.yearGroup ?? ""}`;
  let period = periods.get(key);
  if (!period) {
    if (periods.size > 50_000) periods.clear();
    periods.set(key, (period = periodOf(pupil, onDate)));
  }
  return period;
}

function schoolYearStart(onDate: string): number {
  const [y, m] = onDate.split("-").map(Number) as [number, number];
  return m >= 9 ? y : y - 1;
}

function periodOf(pupil: AgePupil, onDate: string): CompulsoryAgePeriod {
  if (pupil.dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(pupil.dateOfBirth)) {
    const [y, m, d] = pupil.dateOfBirth.split("-").map(Number) as [number, number, number];
    const fifth = `${y + 5}-${pad(m)}-${pad(d === 29 && m === 2 ? 28 : d)}`;
    const from = [`${y + 5}-03-31`, `${y + 5}-08-31`, `${y + 5}-12-31`, `${y + 6}-03-31`].filter((p) => p >= fifth).sort()[0]!;
    // The school year in which they turn 16 ends in June of the year they turn 16 (born January to August) or the next.
    const endYear = m >= 9 ? y + 17 : y + 16;
    return { from, to: lastFridayOfJune(endYear), basis: "date-of-birth" };
  }
  if (pupil.yearGroup) {
    const n = Number(pupil.yearGroup);
    if (Number.isInteger(n) && n >= 1 && n <= 10) return { from: "0000-01-01", to: "9999-12-31", basis: "year-group" };
    if (n === 11) {
      const [y, m] = onDate.split("-").map(Number) as [number, number];
      return { from: "0000-01-01", to: lastFridayOfJune(m >= 9 ? y + 1 : y), basis: "year-group" };
    }
    return { from: "9999-12-31", to: "0000-01-01", basis: "year-group" };
  }
  return ALWAYS;
}

/** Of compulsory school age on `onDate`: true or false, or null when neither date of birth nor year group is known. */
export function isCompulsorySchoolAge(onDate: string, pupil: AgePupil): boolean | null {
  const period = compulsoryAgePeriod(pupil, onDate);
  if (period.basis === "unknown") return null;
  return onDate >= period.from && onDate <= period.to;
}

/** The school days (indexes into the calendar, inclusive) on which the pupil is of compulsory school age. */
export interface CompulsoryAgeDays {
  readonly from: number;
  readonly to: number;
  readonly basis: AgeBasis;
}

export function compulsoryAgeDays(pupil: AgePupil, calendar: SchoolCalendar): CompulsoryAgeDays {
  const days = calendar.days;
  if (days.length === 0) return { from: 0, to: -1, basis: "unknown" };
  const period = compulsoryAgePeriod(pupil, days[0]!);
  return { from: firstIndexOnOrAfter(days, period.from), to: firstIndexOnOrAfter(days, nextDay(period.to)) - 1, basis: period.basis };
}

/** Every school day counts: for registers read without a pupil (the register metrics, the dashboard). */
export function everyDay(calendar: SchoolCalendar): CompulsoryAgeDays {
  return { from: 0, to: calendar.days.length - 1, basis: "unknown" };
}

/**
 * Unauthorised sessions (G, N, O, U) and unauthorised-holiday sessions (G) on days of compulsory school age in
 * the national window of 10 school weeks ending on day `d`: the figures every legal step is judged by.
 */
export function compulsoryAgeWindow(series: PupilSeries, calendar: SchoolCalendar, d: number, age: CompulsoryAgeDays): { unauthorised: number; holiday: number } {
  if (d < 0) return { unauthorised: 0, holiday: 0 };
  const lo = Math.max(calendar.windowStart(d, PENALTY_THRESHOLD_SCHOOL_WEEKS), age.from);
  const hi = Math.min(d, age.to);
  if (hi < lo) return { unauthorised: 0, holiday: 0 };
  return { unauthorised: series.unauthorised[hi + 1]! - series.unauthorised[lo]!, holiday: series.holiday[hi + 1]! - series.holiday[lo]! };
}

/** The national penalty-notice threshold met on day `d` and not the day before, counting only days of compulsory school age. */
export function compulsoryAgeThresholdMetAfresh(series: PupilSeries, calendar: SchoolCalendar, d: number, age: CompulsoryAgeDays): boolean {
  if (d < age.from || d > age.to) return false;
  if (compulsoryAgeWindow(series, calendar, d, age).unauthorised < PENALTY_THRESHOLD_SESSIONS) return false;
  return d === 0 || compulsoryAgeWindow(series, calendar, d - 1, age).unauthorised < PENALTY_THRESHOLD_SESSIONS;
}

const BASIS_WORDS: Record<AgeBasis, string> = {
  "date-of-birth": "by date of birth",
  "year-group": "by year group (no date of birth on record)",
  unknown: "age not known: no date of birth or year group on record",
};

export const compulsorySchoolAge: StatutoryGate = {
  id: "compulsorySchoolAge",
  title: "Compulsory school age",
  law:
    "Education Act 1996 s8: a child is of compulsory school age from the first prescribed day (31 December, 31 March or 31 August) on or after their fifth birthday until the last Friday in June of the school year in which they turn 16. Absence before then is no offence. Only sessions on days of compulsory school age count toward the penalty-notice threshold and any legal rule; without a date of birth the year group decides (Years 1 to 11), and the history says so.",
  appliesTo: "Every legal step: a move into Enforce, a penalty-notice or legal-referral task, a legal warning letter, a notice to improve, a penalty notice; and the national 'consider a penalty notice' task.",
  describe: () => "of compulsory school age",
  holds: (_guard, { context, event }) => isCompulsorySchoolAge(event.date, context.pupil) !== false,
  figures: (_guard, { context, event }) => {
    const age = isCompulsorySchoolAge(event.date, context.pupil);
    const basis = BASIS_WORDS[compulsoryAgePeriod(context.pupil, event.date).basis];
    return age === null ? `compulsory school age not checked (${basis})` : `${age ? "of" : "not of"} compulsory school age on ${event.date} (${basis})`;
  },
  blocked: (_guard, { context, event }) => {
    const period = compulsoryAgePeriod(context.pupil, event.date);
    const when = period.from > period.to ? "" : event.date < period.from ? `: compulsory school age begins on ${period.from}` : `: compulsory school age ended on ${period.to}`;
    return `the pupil is not of compulsory school age on ${event.date} (${BASIS_WORDS[period.basis]})${when}; no legal step applies`;
  },
};

function firstIndexOnOrAfter(days: readonly string[], date: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nextDay(date: string): string {
  if (date >= "9999-12-31") return "9999-12-32";
  if (date < "0001-01-01") return "0000-01-02";
  return fromEpochDay(toEpochDay(date) + 1);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function lastFridayOfJune(year: number): string {
  let day = toEpochDay(`${year}-06-30`);
  while (weekdayOf(day) !== 4) day--;
  return fromEpochDay(day);
}
