/**
 * A case's plan, worked out from its figures: the review date a meeting's target runs to (the policy's review
 * period counted in school days), whether a date is a school day in the term dates in force, and progress against
 * the target (attendance since it was set, and what is still needed by the review). Pure: no I/O.
 */
import type { CompiledPolicy } from "../policy/compilePolicy.ts";
import { activePaths } from "../case/stepCase.ts";

/**
 * The school days the policy's target runs for when `event` is recorded from `statePath`: the `setTarget` of the
 * first rule for that event from the current state that sets one; null when none does.
 */
export function reviewPeriodSchoolDays(compiled: CompiledPolicy, statePath: string, event: string): number | null {
  for (const p of activePaths(statePath)) {
    for (const rule of compiled.rulesByState.get(p) ?? []) {
      if (rule.on !== event) continue;
      const set = rule.actions.find((a) => a.type === "setTarget");
      if (set) return (set.params as { schoolDays: number }).schoolDays;
    }
  }
  return null;
}

/**
 * The school day `n` school days after `from` in `schoolDays` (ascending), counting `from`'s own day as 0 whether
 * or not it is a school day; null when the term dates end before it.
 */
export function schoolDaysAfter(schoolDays: readonly string[], from: string, n: number): string | null {
  // The first school day after `from`.
  let lo = 0;
  let hi = schoolDays.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (schoolDays[mid]! <= from) lo = mid + 1;
    else hi = mid;
  }
  return n < 1 ? (schoolDays.includes(from) ? from : (schoolDays[lo] ?? null)) : (schoolDays[lo + n - 1] ?? null);
}

export interface TermDatesInForce {
  readonly schoolDays: readonly string[];
  readonly firstDay: string;
  readonly lastDay: string;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const long = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[m! - 1]} ${y}`;
};

/**
 * Why `date` cannot be a review date, or null when it can: it must not be before the meeting, and be a school day in the term
 * dates in force (not a weekend, holiday or closure, nor past the last day they plan). With no term dates, only the
 * order is checked.
 */
export function reviewDateProblem(date: string, meetingDate: string, term: TermDatesInForce | null): string | null {
  if (date < meetingDate) return `the review cannot come before the meeting (${long(meetingDate)})`;
  if (!term) return null;
  if (date > term.lastDay) return `${long(date)} is after the last school day in the term dates in force (${long(term.lastDay)}): upload the next term dates, or choose a school day by then`;
  if (date < term.firstDay || !term.schoolDays.includes(date)) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const what = weekday === 0 || weekday === 6 ? "a weekend" : "a holiday or closure in the term dates in force";
    const next = schoolDaysAfter(term.schoolDays, date, 1);
    return `${long(date)} is not a school day (${what})${next ? `; the next school day is ${long(next)}` : ""}`;
  }
  return null;
}

export interface ProgressInput {
  readonly targetPct: number;
  /** Sessions possible and attended this year when the target was set. */
  readonly possibleAtSet: number;
  readonly attendedAtSet: number;
  /** Sessions possible and attended this year now. */
  readonly possibleNow: number;
  readonly attendedNow: number;
  /** Sessions left before the review is judged (the review day's own included), 0 when it is due. */
  readonly sessionsToReview: number;
}

export interface Progress {
  readonly targetPct: number;
  readonly possibleSince: number;
  readonly attendedSince: number;
  /** Attendance since the target was set; null before any possible session. */
  readonly pctSince: number | null;
  readonly onTarget: boolean;
  readonly sessionsToReview: number;
  /** Sessions of the ones left that must be attended to reach the target by the review; 0 when it is already safe. */
  readonly needed: number;
  /** Whether attending every session left can still reach the target. */
  readonly reachable: boolean;
  /** Attendance since the target was set, at the review, if every session left is attended. */
  readonly bestPct: number | null;
}

/** Progress against a target: "needs 47 of the next 50 sessions to reach 95% by the review". */
export function targetProgress(i: ProgressInput): Progress {
  const possibleSince = Math.max(0, i.possibleNow - i.possibleAtSet);
  const attendedSince = Math.max(0, Math.min(possibleSince, i.attendedNow - i.attendedAtSet));
  const left = Math.max(0, i.sessionsToReview);
  const pctSince = possibleSince > 0 ? (attendedSince / possibleSince) * 100 : null;
  const total = possibleSince + left;
  // Smallest x with (attendedSince + x) / total ≥ target: integer sessions, so compare in hundredths exactly.
  const raw = total === 0 ? 0 : Math.ceil((i.targetPct * total - 100 * attendedSince) / 100 - 1e-9);
  const needed = Math.max(0, raw);
  return {
    targetPct: i.targetPct,
    possibleSince,
    attendedSince,
    pctSince,
    onTarget: pctSince === null || pctSince >= i.targetPct,
    sessionsToReview: left,
    needed: Math.min(needed, left),
    reachable: needed <= left,
    bestPct: total > 0 ? ((attendedSince + left) / total) * 100 : null,
  };
}

/** What the progress says, in words. */
export function progressWords(p: Progress): string {
  const since = p.pctSince === null ? "No sessions yet since the target was set" : `${p.pctSince.toFixed(1)}% since the target was set (${p.attendedSince} of ${p.possibleSince} sessions)`;
  if (p.sessionsToReview === 0) return `${since}: the target of ${p.targetPct}% is ${p.onTarget ? "met" : "missed"} at the review.`;
  if (!p.reachable) return `${since}: ${p.targetPct}% can no longer be reached by the review (at best ${p.bestPct!.toFixed(1)}% with every one of the next ${p.sessionsToReview} sessions attended).`;
  if (p.needed === 0) return `${since}: the target of ${p.targetPct}% is reached by the review whatever the next ${p.sessionsToReview} sessions hold.`;
  return `${since}: needs ${p.needed} of the next ${p.sessionsToReview} sessions to reach ${p.targetPct}% by the review.`;
}

/** Sessions (two a school day) from the day after `asOf` to `review`, both as school days of the term dates. */
export function sessionsUntil(schoolDays: readonly string[], asOf: string | null, review: string): number {
  return 2 * schoolDays.filter((d) => (asOf === null || d > asOf) && d <= review).length;
}
