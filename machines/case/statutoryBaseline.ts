import { PENALTY_NOTICES_PER_PARENT_IN_THREE_YEARS } from "./guards.ts";
import type { CaseContext, CaseEvent, CaseTask } from "./types.ts";

/** LA notification: this many consecutive school days of unauthorised absence. */
export const LA_NOTIFICATION_CONSECUTIVE_UNAUTHORISED_DAYS = 10;
/**
 * LA notification for illness "expected to reach 15 school days": Rollcall asks the question when a spell of
 * illness reaches 10 school days, so the school can notify in time.
 */
export const ILLNESS_SPELL_PROMPT_DAYS = 10;

/**
 * The national duties every policy carries on each closed school day, whatever the school wrote:
 * first-day calling on N, same-day notice to a social worker of unexplained absence, considering a penalty
 * notice when the national threshold is met (afresh), and the LA notifications.
 */
export function statutoryTasks(context: CaseContext, event: CaseEvent): CaseTask[] {
  if (event.type !== "schoolDayClosed") return [];
  const m = event.metrics;
  const tasks: CaseTask[] = [];
  const [am, pm] = m.todayMarks;
  const date = event.date;
  if (am === "N" || pm === "N") {
    tasks.push({ date, kind: "first-day-call", title: "First-day call: absent with no reason given (N)", rule: "statutory:first-day-call", dueInSchoolDays: 0 });
  }
  if (context.pupil.socialWorker && (am === "N" || am === "O" || pm === "N" || pm === "O")) {
    tasks.push({ date, kind: "notification", title: "Tell the social worker today: unexplained absence", rule: "statutory:social-worker", dueInSchoolDays: 0 });
  }
  if (m.penaltyThresholdMetAfresh) {
    const issued = context.penaltyNotices.filter((n) => n.date > `${Number(date.slice(0, 4)) - 3}${date.slice(4)}`).length;
    const capNote = issued >= PENALTY_NOTICES_PER_PARENT_IN_THREE_YEARS ? ` (${issued} notices already in 3 years: check per parent; a third is not allowed)` : "";
    tasks.push({
      date,
      kind: "penalty-notice",
      title: `Consider a penalty notice: ${m.unauthorisedSessionsLast10SchoolWeeks} unauthorised sessions in 10 school weeks${capNote}`,
      rule: "statutory:penalty-threshold",
    });
  }
  if (m.consecutiveUnauthorisedDays === LA_NOTIFICATION_CONSECUTIVE_UNAUTHORISED_DAYS) {
    tasks.push({ date, kind: "notification", title: "Notify the local authority: 10 consecutive school days of unauthorised absence", rule: "statutory:la-consecutive-absence" });
  }
  if (m.illnessSpellDays === ILLNESS_SPELL_PROMPT_DAYS) {
    tasks.push({ date, kind: "notification", title: "Illness has reached 10 school days: if it will reach 15, notify the local authority", rule: "statutory:la-illness" });
  }
  return tasks;
}
