import { REGISTER_CODES } from "../attendance/codes.ts";
import { PENALTY_NOTICES_PER_PARENT_IN_THREE_YEARS, penaltyNoticesInThreeYears } from "../gates/penaltyNoticeCap.ts";
import { noticesToImprove } from "../gates/noticeToImprove.ts";
import { holidayOnly } from "../gates/supportFirst.ts";
import type { CaseContext, CaseEvent, CaseTask } from "./types.ts";

/** LA notification: this many consecutive school days of unauthorised absence. */
export const LA_NOTIFICATION_CONSECUTIVE_UNAUTHORISED_DAYS = 10;
/**
 * LA notification for illness "expected to reach 15 school days": Rollcall asks the question when a spell of
 * illness reaches 10 school days, so the school can notify in time.
 */
export const ILLNESS_SPELL_PROMPT_DAYS = 10;

/** G, N, O, U: the unauthorised absence codes. */
const UNAUTHORISED_CODES: ReadonlySet<string> = new Set(REGISTER_CODES.filter((c) => c.category === "unauthorised-absence").map((c) => c.code));

/** Today's marks include an unexplained (N) or unauthorised (G, O, U) absence. */
export function unexplainedOrUnauthorised(marks: readonly [string | null, string | null]): string | null {
  for (const mark of marks) if (mark !== null && UNAUTHORISED_CODES.has(mark)) return mark;
  return null;
}

/**
 * The national duties every policy carries on each closed school day, whatever the school wrote:
 * first-day calling on N; same-day notice of an unexplained or unauthorised absence to the social worker (and,
 * for a looked-after child, the Virtual School); considering a penalty notice when the national threshold is met
 * afresh on days of compulsory school age; and the LA notifications.
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
  const absent = (context.pupil.lookedAfter || context.pupil.socialWorker) && unexplainedOrUnauthorised(m.todayMarks);
  if (absent) {
    const who = context.pupil.lookedAfter ? "the Virtual School and the social worker" : "the social worker";
    tasks.push({
      date,
      kind: "notification",
      title: `Tell ${who} today: ${absent === "N" ? "unexplained" : "unauthorised"} absence (${absent})`,
      rule: context.pupil.lookedAfter ? "statutory:looked-after" : "statutory:social-worker",
      dueInSchoolDays: 0,
    });
  }
  if (m.compulsoryAgePenaltyThresholdMetAfresh) tasks.push(penaltyNoticeTask(context, event));
  if (m.consecutiveUnauthorisedDays === LA_NOTIFICATION_CONSECUTIVE_UNAUTHORISED_DAYS) {
    tasks.push({ date, kind: "notification", title: "Notify the local authority: 10 consecutive school days of unauthorised absence", rule: "statutory:la-consecutive-absence" });
  }
  if (m.illnessSpellDays === ILLNESS_SPELL_PROMPT_DAYS) {
    tasks.push({ date, kind: "notification", title: "Illness has reached 10 school days: if it will reach 15, notify the local authority", rule: "statutory:la-illness" });
  }
  return tasks;
}

/** "Consider a penalty notice", saying what must come first: the decision is the school's, the steps the law's. */
function penaltyNoticeTask(context: CaseContext, event: CaseEvent): CaseTask {
  const m = event.metrics;
  const date = event.date;
  const issued = penaltyNoticesInThreeYears(context, date);
  const notes: string[] = [];
  if (issued >= PENALTY_NOTICES_PER_PARENT_IN_THREE_YEARS) notes.push(`${issued} notices already in 3 years: check per parent; a third is not allowed`);
  if (!holidayOnly(m)) {
    if (noticesToImprove(context).length === 0) notes.push("a notice to improve comes first");
    if ((context.supportEvents ?? []).length === 0) notes.push("no support recorded yet");
  }
  return {
    date,
    kind: "penalty-notice",
    title: `Consider a penalty notice: ${m.compulsoryAgeUnauthorisedLast10SchoolWeeks} unauthorised sessions of compulsory school age in 10 school weeks${notes.length ? ` (${notes.join("; ")})` : ""}`,
    rule: "statutory:penalty-threshold",
  };
}
