import { createRandom } from "../cohort/random.ts";
import { type ClassRegister, classFigures, type DayRange } from "./classAttendance.ts";

/** One ticket: a class that had 100% attendance on a school day. */
export interface DrawEntry {
  readonly class: string;
  readonly date: string;
}

/** Every class-day of 100% attendance in a half term: each is a ticket in that half term's prize draw. */
export function perfectDays(cr: ClassRegister, halfTerm: DayRange, excluded?: ReadonlySet<string>): DrawEntry[] {
  const entries: DrawEntry[] = [];
  for (let d = halfTerm.from; d <= halfTerm.to; d++) {
    for (const c of classFigures(cr, { from: d, to: d }, excluded)) {
      if (c.possibleSessions > 0 && c.attendedSessions === c.possibleSessions) entries.push({ class: c.class, date: cr.calendar.days[d]! });
    }
  }
  return entries;
}

export interface DrawResult {
  /** Recorded with the result, so anyone can re-run the draw and get the same winner. */
  readonly seed: number;
  readonly tickets: number;
  readonly winner: DrawEntry | null;
}

/**
 * A fair, reproducible draw: every ticket equally likely, chosen by a seeded generator. The same entries and seed
 * always give the same winner; the entries are put in a fixed order first, so the order they arrive in does not
 * matter.
 */
export function prizeDraw(entries: readonly DrawEntry[], seed: number): DrawResult {
  const tickets = [...entries].sort((a, b) => a.date.localeCompare(b.date) || a.class.localeCompare(b.class));
  if (tickets.length === 0) return { seed, tickets: 0, winner: null };
  const random = createRandom(seed).fork("prize-draw");
  return { seed, tickets: tickets.length, winner: tickets[random.int(0, tickets.length)]! };
}
