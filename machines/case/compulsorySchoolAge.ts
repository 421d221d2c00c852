import { fromEpochDay, toEpochDay, weekdayOf } from "../attendance/schoolDate.ts";

/**
 * Compulsory school age (Education Act 1996 s8): from the prescribed day (31 December, 31 March or 31 August)
 * on or after the child's fifth birthday, until the last Friday in June of the school year in which they
 * turn 16. Legal intervention applies only within it.
 *
 * Without a date of birth, the year group decides: Years 1 to 11 are of compulsory school age, nursery and
 * Reception are not, nor Years 12 and above. Unknown → null (the engine then does not block, and says so).
 */
export function isCompulsorySchoolAge(onDate: string, pupil: { dateOfBirth?: string; yearGroup?: string }): boolean | null {
  if (pupil.dateOfBirth) {
    const [y, m, d] = pupil.dateOfBirth.split("-").map(Number) as [number, number, number];
    const fifth = `${y + 5}-${pad(m)}-${pad(d === 29 && m === 2 ? 28 : d)}`;
    const start = [`${y + 5}-08-31`, `${y + 5}-12-31`, `${y + 6}-03-31`, `${y + 5}-03-31`]
      .filter((p) => p >= fifth)
      .sort()[0]!;
    const turns16 = y + 16;
    const endYear = m >= 9 ? turns16 + 1 : turns16;
    const end = lastFridayOfJune(endYear);
    return onDate >= start && onDate <= end;
  }
  if (pupil.yearGroup) {
    const n = Number(pupil.yearGroup);
    if (Number.isInteger(n)) return n >= 1 && n <= 11;
    return false;
  }
  return null;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function lastFridayOfJune(year: number): string {
  let day = toEpochDay(`${year}-06-30`);
  while (weekdayOf(day) !== 4) day--;
  return fromEpochDay(day);
}
