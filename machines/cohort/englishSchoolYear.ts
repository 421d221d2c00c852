import { fromEpochDay, toEpochDay, weekdayOf } from "../attendance/schoolDate.ts";

/**
 * The school days of a typical English academic year, built from the rules most local authorities follow. It is a
 * plausible calendar for synthetic data, not any real school's:
 *
 * - Autumn term starts on the first weekday on or after 1 September; the first two days are INSET days.
 * - October half term: the week beginning the last Monday on or before 29 October (28 Oct 2024, 27 Oct 2025,
 *   23 Oct 2023), so that it includes the end of October but not only its last two days.
 * - Christmas: the two weeks beginning the Monday of the (Monday-to-Sunday) week that contains 25 December.
 * - February half term: the week beginning the first Monday on or after 12 February.
 * - Easter: two weeks, the week containing Good Friday and the week containing Easter Monday.
 * - May half term: the week beginning the late-May bank holiday (last Monday of May).
 * - Bank holidays in England (with substitute days and the one-off ones since 2020) are closures.
 * - INSET days: the first two days of the autumn term, the first day of the spring and summer terms, and the last
 *   day of the summer term (five in all).
 * - The summer term ends when the year has 195 weekdays of term after bank holidays (190 school days plus the five
 *   INSET days), which lands it in the third or fourth week of July.
 */

export interface SchoolTerm {
  /** "Autumn 1" … "Summer 2": the six half-terms. */
  readonly name: string;
  /** First weekday of the half-term (an INSET day counts), `YYYY-MM-DD`. */
  readonly start: string;
  /** Last weekday of the half-term, `YYYY-MM-DD`. */
  readonly end: string;
}

export interface SchoolClosure {
  readonly date: string;
  readonly kind: "bank-holiday" | "inset";
  readonly description: string;
}

export interface SchoolYear {
  readonly startYear: number;
  /** "2024-25". */
  readonly label: string;
  /** The school days (days pupils are expected in school), ascending. Pass to `createSchoolCalendar`. */
  readonly days: string[];
  /** Half-terms, in order. With `days`, only those that start within the range, the last one cut short. */
  readonly terms: SchoolTerm[];
  /** Weekdays inside a half-term that are not school days. */
  readonly closures: SchoolClosure[];
}

export const SCHOOL_DAYS_PER_YEAR = 190;
export const INSET_DAYS_PER_YEAR = 5;

const DAY = 1;

function epoch(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Gregorian Easter Sunday (the anonymous Gregorian algorithm), as an epoch day. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epoch(year, month, day);
}

function firstWeekdayOnOrAfter(epochDay: number, weekday: number): number {
  return epochDay + ((weekday - weekdayOf(epochDay) + 7) % 7);
}

function lastWeekdayOnOrBefore(epochDay: number, weekday: number): number {
  return epochDay - ((weekdayOf(epochDay) - weekday + 7) % 7);
}

const MONDAY = 0;

/** Bank holidays in England and Wales for a calendar year, as epoch day → name. */
export function englandBankHolidays(year: number): Map<number, string> {
  const holidays = new Map<number, string>();
  const add = (day: number, name: string) => holidays.set(day, name);

  // New Year's Day, substitute Monday when it falls at a weekend.
  const newYear = epoch(year, 1, 1);
  add(weekdayOf(newYear) >= 5 ? firstWeekdayOnOrAfter(newYear, MONDAY) : newYear, "New Year's Day");
  const easter = easterSunday(year);
  add(easter - 2 * DAY, "Good Friday");
  add(easter + 1 * DAY, "Easter Monday");
  // Early May: first Monday in May (moved to Friday 8 May in 2020 for VE Day).
  add(year === 2020 ? epoch(2020, 5, 8) : firstWeekdayOnOrAfter(epoch(year, 5, 1), MONDAY), "Early May bank holiday");
  // Spring: last Monday in May (moved to Thursday 2 June in 2022 for the Platinum Jubilee).
  add(year === 2022 ? epoch(2022, 6, 2) : lastWeekdayOnOrBefore(epoch(year, 5, 31), MONDAY), "Spring bank holiday");
  add(lastWeekdayOnOrBefore(epoch(year, 8, 31), MONDAY), "Summer bank holiday");
  // Christmas and Boxing Day with substitutes.
  const christmas = epoch(year, 12, 25);
  const cw = weekdayOf(christmas);
  if (cw === 5) {
    add(christmas + 2, "Christmas Day (substitute)");
    add(christmas + 3, "Boxing Day (substitute)");
  } else if (cw === 6) {
    add(christmas + 1, "Boxing Day");
    add(christmas + 2, "Christmas Day (substitute)");
  } else if (cw === 4) {
    add(christmas, "Christmas Day");
    add(christmas + 3, "Boxing Day (substitute)");
  } else {
    add(christmas, "Christmas Day");
    add(christmas + 1, "Boxing Day");
  }
  // One-off bank holidays.
  if (year === 2022) {
    add(epoch(2022, 6, 3), "Platinum Jubilee bank holiday");
    add(epoch(2022, 9, 19), "State funeral of Queen Elizabeth II");
  }
  if (year === 2023) add(epoch(2023, 5, 8), "Coronation of King Charles III");
  return holidays;
}

interface HalfTermSpan {
  name: string;
  start: number;
  /** Inclusive; for Summer 2 decided by the day count. */
  end: number;
}

/**
 * The school days of the academic year starting in September of `startYear` (2024 → 2024-25).
 * `options.days` keeps only the first N school days (terms and closures are cut to match).
 */
export function englishSchoolYear(startYear: number, options: { days?: number } = {}): SchoolYear {
  if (!Number.isInteger(startYear) || startYear < 1900 || startYear > 2200) {
    throw new RangeError(`startYear must be a year such as 2024, not ${startYear}`);
  }
  const y1 = startYear;
  const y2 = startYear + 1;
  const bankHolidays = new Map([...englandBankHolidays(y1), ...englandBankHolidays(y2)]);

  const autumnStart = (() => {
    let d = epoch(y1, 9, 1);
    while (weekdayOf(d) >= 5) d++;
    return d;
  })();
  const octoberHalfTerm = lastWeekdayOnOrBefore(epoch(y1, 10, 29), MONDAY);
  const christmas = epoch(y1, 12, 25);
  const christmasHoliday = lastWeekdayOnOrBefore(christmas, MONDAY); // Monday of the week (Mon–Sun) with 25 Dec
  const springStart = christmasHoliday + 14;
  const februaryHalfTerm = firstWeekdayOnOrAfter(epoch(y2, 2, 12), MONDAY);
  const easter = easterSunday(y2);
  const easterHoliday = lastWeekdayOnOrBefore(easter - 2, MONDAY); // Monday of the week containing Good Friday
  const summerStart = easterHoliday + 14;
  const mayHalfTerm = lastWeekdayOnOrBefore(epoch(y2, 5, 31), MONDAY);

  const spans: HalfTermSpan[] = [
    { name: "Autumn 1", start: autumnStart, end: octoberHalfTerm - 3 },
    { name: "Autumn 2", start: octoberHalfTerm + 7, end: christmasHoliday - 3 },
    { name: "Spring 1", start: springStart, end: februaryHalfTerm - 3 },
    { name: "Spring 2", start: februaryHalfTerm + 7, end: easterHoliday - 3 },
    { name: "Summer 1", start: summerStart, end: mayHalfTerm - 3 },
    { name: "Summer 2", start: mayHalfTerm + 7, end: Number.NaN },
  ];

  const termDays = INSET_DAYS_PER_YEAR + SCHOOL_DAYS_PER_YEAR;
  const weekdaysOfTerm: { day: number; term: number }[] = [];
  for (let t = 0; t < spans.length; t++) {
    const span = spans[t]!;
    const last = Number.isNaN(span.end) ? epoch(y2, 8, 31) : span.end;
    for (let d = span.start; d <= last; d++) {
      if (weekdayOf(d) >= 5 || bankHolidays.has(d)) continue;
      weekdaysOfTerm.push({ day: d, term: t });
      if (weekdaysOfTerm.length === termDays) break;
    }
    if (weekdaysOfTerm.length === termDays) {
      span.end = weekdaysOfTerm[weekdaysOfTerm.length - 1]!.day;
      spans.length = t + 1;
      break;
    }
  }
  const summer2 = spans[5];
  if (!summer2 || Number.isNaN(summer2.end)) throw new Error(`could not fit ${termDays} term days into ${y1}-${y2}`);

  // INSET days.
  const firstDayOf = (t: number) => weekdaysOfTerm.find((w) => w.term === t)!.day;
  const inset = new Map<number, string>();
  const autumnFirst = weekdaysOfTerm.filter((w) => w.term === 0).slice(0, 2);
  for (const w of autumnFirst) inset.set(w.day, "INSET day");
  inset.set(firstDayOf(2), "INSET day");
  inset.set(firstDayOf(4), "INSET day");
  inset.set(weekdaysOfTerm[weekdaysOfTerm.length - 1]!.day, "INSET day");

  let days = weekdaysOfTerm.filter((w) => !inset.has(w.day)).map((w) => w.day);
  const closuresAll: { day: number; kind: SchoolClosure["kind"]; description: string }[] = [];
  for (const span of spans) {
    for (let d = span.start; d <= span.end; d++) {
      if (weekdayOf(d) >= 5) continue;
      const bank = bankHolidays.get(d);
      if (bank) closuresAll.push({ day: d, kind: "bank-holiday", description: bank });
      else if (inset.has(d)) closuresAll.push({ day: d, kind: "inset", description: inset.get(d)! });
    }
  }

  let terms = spans.map((s) => ({ name: s.name, start: s.start, end: s.end }));
  let closures = closuresAll;
  if (options.days !== undefined) {
    const n = options.days;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`days must be a positive whole number, not ${n}`);
    if (n > days.length) throw new RangeError(`${y1}-${y2} has only ${days.length} school days, not ${n}`);
    days = days.slice(0, n);
    const lastDay = days[days.length - 1]!;
    terms = terms.filter((t) => t.start <= lastDay).map((t) => ({ ...t, end: Math.min(t.end, lastDay) }));
    closures = closures.filter((c) => c.day <= lastDay);
  }

  return {
    startYear,
    label: `${y1}-${String(y2 % 100).padStart(2, "0")}`,
    days: days.map(fromEpochDay),
    terms: terms.map((t) => ({ name: t.name, start: fromEpochDay(t.start), end: fromEpochDay(t.end) })),
    closures: closures.map((c) => ({ date: fromEpochDay(c.day), kind: c.kind, description: c.description })),
  };
}

/** The weekdays from `start` to `end` inclusive that are not weekends (for readers of term ranges). */
export function weekdaysBetween(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = toEpochDay(start); d <= toEpochDay(end); d++) if (weekdayOf(d) < 5) out.push(fromEpochDay(d));
  return out;
}
