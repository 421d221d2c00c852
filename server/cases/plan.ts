/**
 * Meetings and the plan on a case (issue 15): schedule a meeting (a history entry; the meeting task due on its
 * date), the defaults a meeting's form opens with (the review date from the policy's target period, counted in
 * school days), the review date checked against the term dates in force, and the plan the case page shows: the
 * target, the review, the actions agreed with who and by when, and progress against the target. The rules and
 * the figures are machines/meetings/'s; this module reads and writes.
 */
import { z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import { historyEntriesOfType, setOpenTaskDueOn, tasksOfKind } from "../../db/meetings.ts";
import type { CaseSnapshot } from "../../machines/case/stepCase.ts";
import { restoreCase, statePath } from "../../machines/case/stepCase.ts";
import { MEETING_KIND_WORDS, MEETING_SCHEDULED, type MeetingScheduled, MeetingScheduledPayload, meetingDateWords, meetingScheduledPayloadWords, meetingScheduledWords, meetingTimeWords } from "../../machines/meetings/meetingScheduled.ts";
import { progressWords, reviewDateProblem, reviewPeriodSchoolDays, schoolDaysAfter, sessionsUntil, targetProgress, type TermDatesInForce } from "../../machines/meetings/plan.ts";
import type { CompiledPolicy } from "../../machines/policy/compilePolicy.ts";
import { AGREED_ACTION_RULE } from "../../machines/tasks/agreedAction.ts";
import { metricsAsOf, pupilRegister } from "../attendance/series.ts";
import { EVENTS_BY_ROLE, type Role } from "../auth/roles.ts";
import type { AppEnv, ServerDeps } from "../deps.ts";
import { revisionFromIfMatch, unprocessable } from "../errors.ts";
import type { apiRouter } from "../router.ts";

type Problem = { field: string; message: string };

/** Events whose payload agrees a review date, checked against the term dates. */
const REVIEWED = new Set(["sapMeetingHeld", "contractSigned"]);

async function termDates(deps: ServerDeps): Promise<TermDatesInForce | null> {
  const t = await store.termDatesInForce(deps.rdb.orm);
  return t ? { schoolDays: t.schoolDays, firstDay: t.firstDay, lastDay: t.lastDay } : null;
}

/**
 * What is wrong with a meeting's dates before the case service looks at it: a review date that is not a school day
 * in the term dates in force (or not after the meeting), an agreed action due before the meeting. Fields as the
 * payload names them (`reviewDate`, `actions.0.dueDate`).
 */
export async function meetingDateProblems(deps: ServerDeps, b: { type?: unknown; payload?: unknown; date?: unknown }): Promise<Problem[]> {
  if (typeof b.type !== "string" || !REVIEWED.has(b.type) || !b.payload || typeof b.payload !== "object") return [];
  const p = b.payload as { reviewDate?: unknown; actions?: unknown };
  const held = typeof b.date === "string" ? b.date : deps.today();
  const problems: Problem[] = [];
  if (typeof p.reviewDate === "string" && /^\d{4}-\d{2}-\d{2}$/.test(p.reviewDate)) {
    const why = reviewDateProblem(p.reviewDate, held, await termDates(deps));
    if (why) problems.push({ field: "reviewDate", message: why });
  }
  if (Array.isArray(p.actions)) {
    p.actions.forEach((a, i) => {
      const due = (a as { dueDate?: unknown } | null)?.dueDate;
      if (typeof due === "string" && /^\d{4}-\d{2}-\d{2}$/.test(due) && due < held) problems.push({ field: `actions.${i}.dueDate`, message: `an agreed action cannot be due before the meeting (${meetingDateWords(held)})` });
    });
  }
  return problems;
}

/** What the forms of this case's events open with: the review date from the policy's target period. */
export async function eventDefaults(deps: ServerDeps, compiled: CompiledPolicy, snapshot: { value: unknown }): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  const path = statePath(snapshot);
  const term = await termDates(deps);
  for (const type of REVIEWED) {
    const days = reviewPeriodSchoolDays(compiled, path, type);
    if (days === null || !term) continue;
    const review = schoolDaysAfter(term.schoolDays, deps.today(), days);
    if (review) out[type] = { reviewDate: review, reviewSchoolDays: String(days) };
  }
  return out;
}

export interface ScheduledMeeting extends MeetingScheduled {
  readonly seq: number;
  readonly scheduledOn: string;
  readonly by: string;
  readonly taskId: number | null;
}

/** The meetings scheduled on a case, oldest first (a rearranged one is a later entry). */
export async function scheduledMeetings(db: store.Db, upn: string): Promise<ScheduledMeeting[]> {
  return (await historyEntriesOfType(db, upn, MEETING_SCHEDULED)).map((e) => {
    const ev = e.event as { meeting: MeetingScheduled; taskId?: number | null };
    return { ...ev.meeting, seq: e.seq, scheduledOn: e.schoolDate, by: e.actor, taskId: ev.taskId ?? null };
  });
}

/**
 * The meeting a letter invites to: the latest scheduled for the meeting task raised with it (by the same step),
 * or null. Its merge fields are `meetingDate`, `meetingTime`, `meetingPlace`.
 */
export async function meetingForLetter(db: store.Db, task: { upn: string; historySeq: number | null }): Promise<{ date: string; time: string; place: string } | null> {
  if (task.historySeq === null) return null;
  const siblings = (await tasksOfKind(db, task.upn, "meeting")).filter((t) => t.historySeq === task.historySeq).map((t) => t.id);
  if (siblings.length === 0) return null;
  const m = (await scheduledMeetings(db, task.upn)).filter((s) => s.taskId !== null && siblings.includes(s.taskId)).at(-1);
  return m ? { date: meetingDateWords(m.date), time: meetingTimeWords(m.time), place: m.place } : null;
}

type Router = ReturnType<typeof apiRouter>;
type Refuse = (deps: ServerDeps, user: { role: string; scope: readonly string[] }, upn: string) => Promise<string | null>;

/** Schedules a meeting: a `meetingScheduled` entry, and the open meeting task (or a new one) due on its date. */
async function scheduleMeeting(deps: ServerDeps, upn: string, revision: number, meeting: MeetingScheduled, actor: string) {
  const openMeetings = (await store.openTasksOf(deps.rdb.orm, upn, ["meeting"])).sort((a, b) => b.id - a.id);
  const task = openMeetings[0] ?? null;
  const earlier = await scheduledMeetings(deps.rdb.orm, upn);
  const rearranged = task !== null && earlier.some((m) => m.taskId === task.id);
  const words = meetingScheduledWords(meeting, rearranged);
  return deps.cases.recordEntry(
    upn,
    revision,
    {
      eventType: MEETING_SCHEDULED,
      event: { meeting, taskId: task?.id ?? null, rearranged, payload: meetingScheduledPayloadWords(meeting) },
      reason: `${words}${task ? `; "${task.title}" due that day` : ""}`,
      // No meeting task open: the meeting is one to hold all the same.
      tasks: task ? [] : [{ date: deps.today(), kind: "meeting", title: `Hold the ${MEETING_KIND_WORDS[meeting.kind].toLowerCase().replace(/^school attendance panel/, "School Attendance Panel")}`, rule: "follow-up:meeting-scheduled", dueOn: meeting.date }],
      schoolDate: deps.today(),
    },
    actor,
    task ? (tx) => setOpenTaskDueOn(tx, task.id, meeting.date) : undefined,
  );
}

/** The plan the case page shows. */
export async function casePlan(deps: ServerDeps, upn: string) {
  const row = await store.getCase(deps.rdb.orm, upn);
  if (!row) return null;
  const compiled = await deps.policies.get(row.policyId, row.policyVersion);
  const context = restoreCase(compiled, { value: row.value, context: row.context as CaseSnapshot["context"] }).context;
  const today = deps.today();
  const term = await termDates(deps);
  const reg = await pupilRegister(deps, upn);
  const asOf = reg.calendar.days.at(-1) ?? null;
  const target = context.target;
  // The review: the date agreed, else the policy's school days counted on from the day the target was set.
  const review =
    target?.reviewOn ??
    (target && target.reviewOnDay !== null
      ? (reg.calendar.days[target.reviewOnDay] ?? (term ? schoolDaysAfter(term.schoolDays, target.setOn, target.reviewOnDay - target.setOnDay) : null))
      : null) ??
    context.reviewDate;
  let progress = null;
  if (target && reg.calendar.days.length > 0) {
    const m = metricsAsOf(reg);
    const days = term ? term.schoolDays : reg.calendar.days;
    const p = targetProgress({
      targetPct: target.attendancePct,
      possibleAtSet: target.possibleAtSet,
      attendedAtSet: target.attendedAtSet,
      possibleNow: m.possibleSessions,
      attendedNow: m.attendedSessions,
      // Sessions after the figures' last day, and after the day the target was set (those before it do not count).
      sessionsToReview: review ? sessionsUntil(days, [asOf ?? target.setOn, target.setOn].sort().at(-1)!, review) : 0,
    });
    progress = { ...p, asOf, words: progressWords(p) };
  }
  const actions = (await tasksOfKind(deps.rdb.orm, upn, "agreed-action"))
    .filter((t) => t.rule === AGREED_ACTION_RULE)
    .map((t) => {
      const m = /^(.*) \(([^()]*)\)$/.exec(t.title);
      return {
        id: t.id,
        action: m ? m[1]! : t.title,
        owner: m ? m[2]! : null,
        dueOn: t.dueOn,
        agreedOn: t.createdOn,
        status: t.status,
        overdue: t.status === "open" && t.dueOn !== null && t.dueOn < today,
        outcome: t.outcome,
        doneBy: t.completedBy,
      };
    });
  const meetings = await scheduledMeetings(deps.rdb.orm, upn);
  const next = meetings.filter((m) => m.date >= today).at(-1) ?? null;
  const held = (await historyEntriesOfType(deps.rdb.orm, upn, "sapMeetingHeld")).at(-1);
  const heldPayload = held ? ((held.event as { payload?: Record<string, unknown> }).payload ?? {}) : null;
  return {
    upn,
    today,
    target: target ? { attendancePct: target.attendancePct, setOn: target.setOn } : null,
    reviewOn: review ?? null,
    nextMeeting: next ? { kind: next.kind, words: MEETING_KIND_WORDS[next.kind], date: next.date, time: next.time, place: next.place, invitees: next.invitees, scheduledOn: next.scheduledOn } : null,
    lastMeeting:
      held && heldPayload
        ? { date: held.schoolDate, barriers: Array.isArray(heldPayload.barriers) ? (heldPayload.barriers as string[]) : [], targets: typeof heldPayload.targets === "string" ? heldPayload.targets : "" }
        : null,
    actions,
    progress,
  };
}

const Upn = z.object({ upn: z.string().min(1).max(20).openapi({ param: { name: "upn", in: "path" }, description: "the pupil's UPN" }) });

/** The routes: GET /cases/{upn}/plan, POST /cases/{upn}/meetings. Registered on the cases' router. */
export function registerPlanRoutes(router: Router, refuseOutOfScope: Refuse): void {
  router.openAPIRegistry.registerPath({
    method: "get",
    path: "/cases/{upn}/plan",
    summary: "A case's plan: the target and its review, progress against it (attendance since it was set, sessions needed by the review), the actions agreed with who and by when, done or overdue, the next meeting",
    request: { params: Upn },
    responses: { 200: { description: "The plan", content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("CasePlan") } } }, 404: { description: "No such case" } },
  });
  router.openAPIRegistry.registerPath({
    method: "post",
    path: "/cases/{upn}/meetings",
    summary: "Schedule (or rearrange) a SAP, panel or other meeting on a case: a meetingScheduled history entry; the open meeting task due on its date (or a new one); the invitation's merge fields meetingDate, meetingTime, meetingPlace. Send If-Match: <revision>.",
    request: {
      params: Upn,
      headers: z.object({ "If-Match": z.string().openapi({ example: "3" }) }),
      body: { content: { "application/json": { schema: MeetingScheduledPayload.openapi("MeetingScheduled") } } },
    },
    responses: {
      200: { description: "Scheduled: the plan as it is now" },
      404: { description: "No such case" },
      409: { description: "Stale revision: the case changed since it was loaded" },
      422: { description: "A bad field, a date that is not a school day in the term dates in force, or in the past" },
      428: { description: "No If-Match header" },
    },
  });
  router.get("/cases/:upn/plan", async (c) => {
    const deps = c.var.deps;
    const upn = c.req.param("upn");
    const refused = await refuseOutOfScope(deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403);
    const plan = await casePlan(deps, upn);
    if (!plan) return c.json({ message: "No such case." }, 404);
    await store.logAccess(deps.rdb.orm, { userId: c.var.user.id, action: "case.plan", upn });
    return c.json(plan, 200);
  });
  router.post("/cases/:upn/meetings", async (c) => {
    const deps = c.var.deps;
    const upn = c.req.param("upn");
    const refused = await refuseOutOfScope(deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403);
    const may = EVENTS_BY_ROLE[c.var.user.role as Role];
    if (may !== "all" && !(may ?? []).includes("sapMeetingHeld")) return c.json({ message: "Your role cannot schedule meetings." }, 403);
    const ifMatch = revisionFromIfMatch(c.req.header("If-Match"));
    if ("refused" in ifMatch) return c.json({ message: ifMatch.refused }, 428);
    const row = await store.getCase(deps.rdb.orm, upn);
    if (!row) return c.json({ message: "No such case." }, 404);
    if (row.revision !== ifMatch.revision) return c.json({ message: "The case has changed since you loaded it; reload and try again.", revision: row.revision }, 409);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return unprocessable(c, [{ field: "body", message: "send JSON: { kind, date, time, place, invitees }" }]);
    }
    const parsed = MeetingScheduledPayload.safeParse(body);
    if (!parsed.success) return unprocessable(c, parsed.error.issues.map((i) => ({ field: i.path.length ? i.path.join(".") : "body", message: i.message })), "The meeting has problems; nothing was recorded.");
    const meeting = parsed.data;
    const today = deps.today();
    const term = await termDates(deps);
    const problems: Problem[] = [];
    if (meeting.date < today) problems.push({ field: "date", message: `a meeting is scheduled for today or later (${meetingDateWords(today)})` });
    else if (term && !term.schoolDays.includes(meeting.date)) {
      const next = schoolDaysAfter(term.schoolDays, meeting.date, 1);
      problems.push({ field: "date", message: `${meetingDateWords(meeting.date)} is not a school day in the term dates in force${next ? `; the next is ${meetingDateWords(next)}` : ""}` });
    }
    if (problems.length) return unprocessable(c, problems, "The meeting has problems; nothing was recorded.");
    const result = await scheduleMeeting(deps, upn, row.revision, meeting, c.var.user.username);
    if (result.status === "not-found") return c.json({ message: "No such case." }, 404);
    if (result.status !== "ok") return c.json({ message: "The case has changed since you loaded it; reload and try again." }, 409);
    return c.json(await casePlan(deps, upn), 200);
  });
}
