/**
 * Calendar dates as `YYYY-MM-DD` strings and as epoch days (days since 1970-01-01, UTC).
 * Registers are about calendar days, not instants, so everything here is UTC and free of time zones:
 * a browser in British Summer Time computes the same school weeks as a server in UTC.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Epoch day of a `YYYY-MM-DD` date, or undefined when the text is not a real calendar date. */
export function parseIsoDate(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

export function toEpochDay(isoDate: string): number {
  const day = parseIsoDate(isoDate);
  if (day === undefined) throw new RangeError(`not a date (YYYY-MM-DD): ${isoDate}`);
  return day;
}

export function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(epochDay: number): number {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return (((epochDay + 3) % 7) + 7) % 7;
}

/** Epoch day of the Monday that starts the calendar week containing `epochDay`. */
export function mondayOf(epochDay: number): number {
  return epochDay - weekdayOf(epochDay);
}

export function addDays(isoDate: string, days: number): string {
  return fromEpochDay(toEpochDay(isoDate) + days);
}
