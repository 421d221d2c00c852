import { type ClassFigures, type ClassRegister, classFigures, weekRange } from "./classAttendance.ts";

export interface WeeklyCelebration {
  readonly week: number;
  readonly from: string;
  readonly to: string;
  readonly target: number;
  /** Best first; classes with no possible session this week are left out. */
  readonly ranking: readonly ClassFigures[];
  readonly atOrAboveTarget: readonly string[];
  /** The winning class, or several when tied at the top. */
  readonly winners: readonly string[];
}

/** The week's class ranking, the classes at or above the school's target, and the winner (Friday's assembly). */
export function weeklyCelebration(cr: ClassRegister, week: number, target: number, excluded?: ReadonlySet<string>): WeeklyCelebration {
  const range = weekRange(cr.calendar, week);
  const ranking = classFigures(cr, range, excluded)
    .filter((c) => c.attendancePct !== null)
    .sort((a, b) => b.attendancePct! - a.attendancePct! || a.class.localeCompare(b.class, "en", { numeric: true }));
  const top = ranking[0]?.attendancePct ?? null;
  return {
    week,
    from: cr.calendar.days[range.from]!,
    to: cr.calendar.days[range.to]!,
    target,
    ranking,
    atOrAboveTarget: ranking.filter((c) => c.attendancePct! >= target).map((c) => c.class),
    winners: top === null ? [] : ranking.filter((c) => c.attendancePct === top).map((c) => c.class),
  };
}
