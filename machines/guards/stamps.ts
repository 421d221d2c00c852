import type { SeriesDay } from "../case/lookAhead.ts";
import type { CaseContext, CaseEvent, EntryStamp } from "../case/types.ts";

/**
 * Figures several guard kinds read: the stamp taken when the case entered the rule's state, attendance since a
 * stamp, and (for the look-ahead) a window's figures straight from the pupil's prefix sums.
 */

/** The stamp taken when the case entered the state the rule is declared on (or when it was opened). */
export function entryOf(context: CaseContext, statePath: string): EntryStamp {
  return context.entered[statePath] ?? context.entered[""]!;
}

export function attendanceSince(stamp: { possibleSessions: number; attendedSessions: number } | { possibleAtSet: number; attendedAtSet: number }, event: CaseEvent): number | null {
  const possibleBefore = "possibleSessions" in stamp ? stamp.possibleSessions : stamp.possibleAtSet;
  const attendedBefore = "attendedSessions" in stamp ? stamp.attendedSessions : stamp.attendedAtSet;
  const possible = event.metrics.possibleSessions - possibleBefore;
  return possible > 0 ? ((event.metrics.attendedSessions - attendedBefore) / possible) * 100 : null;
}

/** Attendance % over the last `weeks` school weeks on the day `day` is set to, from the prefix sums. */
export function windowAttendancePct(day: SeriesDay, weeks: number): number | null {
  const { series, calendar, d } = day;
  const start = calendar.windowStart(d, weeks);
  const possible = series.possible[d + 1]! - series.possible[start]!;
  return possible === 0 ? null : ((series.attended[d + 1]! - series.attended[start]!) / possible) * 100;
}

/** Unauthorised sessions in the last `weeks` school weeks on the day `day` is set to, from the prefix sums. */
export function windowUnauthorised(day: SeriesDay, weeks: number): number {
  const { series, calendar, d } = day;
  return series.unauthorised[d + 1]! - series.unauthorised[calendar.windowStart(d, weeks)]!;
}
