import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import * as store from "../../db/index.ts";
import { computePupilSeries, metricsOnDay, PENALTY_THRESHOLD_SCHOOL_WEEKS, PENALTY_THRESHOLD_SESSIONS } from "../../machines/attendance/metrics.ts";
import { restoreCase } from "../../machines/case/stepCase.ts";
import type { CaseSnapshot } from "../../machines/case/stepCase.ts";
import { MANUAL_EVENT_TYPES } from "../../machines/policy/events.ts";
import { STAGES } from "../../machines/policy/schema.ts";
import type { AppEnv, ServerDeps } from "../deps.ts";
import { quote, revisionFromIfMatch, unprocessable } from "../errors.ts";
import { isCalendarDate, textAndDateProblems } from "../limits.ts";
import { EVENTS_BY_ROLE, inScope, type Role } from "../auth/roles.ts";
import { availableEvents, bandOf } from "./service.ts";
import { eventDefaults, meetingDateProblems, registerPlanRoutes } from "./plan.ts";
import { dailySeries, pupilRegister } from "../attendance/series.ts";
import { VersionedReads } from "../../db/readCache.ts";
import type { SchoolCalendar } from "../../machines/attendance/calendar.ts";
import { caseGuards, caseGuardsRoute } from "./guards.ts";

const Upn = z.object({ upn: z.string().min(1).max(20).openapi({ param: { name: "upn", in: "path" }, description: "the pupil's UPN" }) });

const CaseSummary = z
  .object({
    upn: z.string(),
    forename: z.string(),
    surname: z.string(),
    yearGroup: z.string(),
    flags: z.array(z.string()),
    stage: z.string(),
    state: z.string(),
    revision: z.number(),
    attendancePct: z.number().nullable(),
    band: z.object({ id: z.string(), label: z.string(), colour: z.string() }).nullable(),
    openTasks: z.number(),
    overdueTasks: z.number(),
    /** When the case entered its current stage (the caseload's "days in stage"). */
    stageEnteredOn: z.string().nullable(),
    /** The next review: the date agreed at the last meeting or contract, or when the policy's target is reviewed. */
    nextReview: z.string().nullable(),
  })
  .openapi("CaseSummary");

const listCases = createRoute({
  method: "get",
  path: "/cases",
  summary: "The caseload: filter by stage, band, year group, flags, overdue tasks; page (no search by name: a name in a URL ends up in logs)",
  request: {
    query: z.object({
      stage: z.enum([...STAGES, "closed"]).optional(),
      band: z.string().optional(),
      yearGroup: z.string().optional(),
      flag: z.string().optional().openapi({ description: "comma-separated: socialWorker,lookedAfter,send,pupilPremium,youngCarer,eal" }),
      overdue: z.enum(["true", "false"]).optional(),
      // Names and UPNs never go into a URL's query string (proxies and browsers keep them); search in the app.
      search: z
        .string()
        .optional()
        .refine((v) => v === undefined, { message: "search is not accepted in a URL, where a pupil's name would be logged; filter the caseload in the app" })
        .openapi({ description: "refused (422): a name or UPN in a URL's query string ends up in logs" }),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: {
      description: "A page of cases with counts by stage",
      content: { "application/json": { schema: z.object({ today: z.string(), total: z.number(), limit: z.number(), offset: z.number(), countsByStage: z.record(z.string(), z.number()), rows: z.array(CaseSummary) }) } },
    },
  },
});

const getCase = createRoute({
  method: "get",
  path: "/cases/{upn}",
  summary: "One pupil's case: stage, state, revision, metrics, the events allowed now, open tasks",
  request: { params: Upn },
  responses: {
    200: { description: "The case", content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("Case") } } },
    404: { description: "No such case" },
  },
});

const timeline = createRoute({
  method: "get",
  path: "/cases/{upn}/timeline",
  summary: "The complete escalation history, oldest first, with reasons, figures, tasks and hashes",
  request: { params: Upn },
  responses: {
    200: { description: "History entries", content: { "application/json": { schema: z.object({ upn: z.string(), entries: z.array(z.record(z.string(), z.unknown())) }) } } },
    404: { description: "No such case" },
  },
});

const AttendanceSeries = z
  .object({
    upn: z.string(),
    asOf: z.string().nullable(),
    bands: z.array(z.object({ id: z.string(), label: z.string(), colour: z.string(), min: z.number(), max: z.number() })),
    penaltyThreshold: z.object({ sessions: z.number(), schoolWeeks: z.number() }),
    days: z.array(z.object({ date: z.string(), attendancePct: z.number().nullable(), unauthorisedLast10Weeks: z.number(), possibleSessions: z.number() })),
  })
  .openapi("AttendanceSeries");

const attendance = createRoute({
  method: "get",
  path: "/cases/{upn}/attendance",
  summary: "The pupil's attendance day by day over the school days held: cumulative attendance % and unauthorised sessions in the last 10 school weeks, with the policy's bands",
  request: { params: Upn },
  responses: {
    200: { description: "The daily series", content: { "application/json": { schema: AttendanceSeries } } },
    404: { description: "No such case" },
  },
});

const FLAG_NAMES = ["socialWorker", "lookedAfter", "send", "pupilPremium", "youngCarer", "eal"] as const;

/** The school calendar (`store.schoolCalendar`), read once per data version (db/readCache.ts). */
const calendars = new VersionedReads<SchoolCalendar>(1);
function currentCalendar(deps: ServerDeps): Promise<SchoolCalendar> {
  return calendars.read(deps.rdb, "", () => store.schoolCalendar(deps.rdb.orm));
}

async function attendanceFor(deps: ServerDeps, upns: string[]) {
  const register = await store.loadRegister(deps.rdb.orm, { upns, calendar: await currentCalendar(deps) });
  const last = register.calendar.days.length - 1;
  const out = new Map<string, ReturnType<typeof metricsOnDay>>();
  register.upns.forEach((upn, p) => out.set(upn, metricsOnDay(computePupilSeries(register.marks[p]!, register.calendar), register.calendar, last)));
  return out;
}

const router = apiRouter();
// A case's plan and its meetings (server/cases/plan.ts).
registerPlanRoutes(router, refuseOutOfScope);

export const caseRoutes = router
  .openapi(listCases, async (c) => {
    const deps = c.var.deps;
    const q = c.req.valid("query");
    const user = c.var.user;
    const today = deps.today();
    // The page for this query, day, role and scope as of the database's data version (db/readCache.ts):
    // computed once per version, then served as the same JSON text until a write changes the version.
    const key = JSON.stringify([today, user.role, user.scope, q.stage, q.band, q.yearGroup, q.flag, q.overdue, q.limit, q.offset]);
    const page = caseloadPages.read(deps.rdb, key, () =>
      caseloadPage(deps, q, user, today).then((value) => ({ body: JSON.stringify(value), rows: value.rows.length })),
    );
    const { body, rows } = await page;
    // A page served from the cache is still a read: logged, and committed before the response goes.
    await store.logAccess(deps.rdb.orm, { userId: user.id, action: "caseload.view", detail: `${rows} cases` });
    return c.body(body, 200, { "Content-Type": "application/json" }) as never;
  })
  .openapi(getCase, async (c) => {
    const { upn } = c.req.valid("param");
    const refused = await refuseOutOfScope(c.var.deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403) as never;
    const view = await caseView(c.var.deps, upn, c.var.user.role);
    if (!view) return c.json({ message: "No such case." }, 404);
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "case.view", upn });
    return c.json(view, 200);
  })
  .openapi(timeline, async (c) => {
    const { upn } = c.req.valid("param");
    const deps = c.var.deps;
    const refused = await refuseOutOfScope(deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403) as never;
    if (!(await store.getCase(deps.rdb.orm, upn))) return c.json({ message: "No such case." }, 404);
    await store.logAccess(deps.rdb.orm, { userId: c.var.user.id, action: "case.timeline", upn });
    const entries = (await store.caseHistory(deps.rdb.orm, upn)).map((e) => {
      const event = typeof e.event === "string" ? JSON.parse(e.event) : e.event;
      return {
        seq: e.seq,
        schoolDate: e.schoolDate,
        recordedAt: e.recordedAt,
        actor: e.actor,
        eventType: e.eventType,
        from: e.fromState,
        to: e.toState,
        rule: e.rule,
        reason: e.reason,
        tasks: typeof e.tasks === "string" ? JSON.parse(e.tasks) : e.tasks,
        payload: event?.payload ?? null,
        metrics: event?.metrics ?? null,
        policy: { id: e.policyId, version: e.policyVersion },
        hash: e.hash,
      };
    });
    return c.json({ upn, entries }, 200);
  })
  .openapi(attendance, async (c) => {
    const { upn } = c.req.valid("param");
    const deps = c.var.deps;
    const refused = await refuseOutOfScope(deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403) as never;
    const row = await store.getCase(deps.rdb.orm, upn);
    if (!row) return c.json({ message: "No such case." }, 404);
    const compiled = await deps.policies.get(row.policyId, row.policyVersion);
    const reg = await pupilRegister(deps, upn);
    await store.logAccess(deps.rdb.orm, { userId: c.var.user.id, action: "case.attendance", upn });
    return c.json(
      {
        upn,
        asOf: reg.calendar.days.at(-1) ?? null,
        bands: compiled.policy.bands.map((b) => ({ id: b.id, label: b.label, colour: b.colour, min: b.min, max: b.max })),
        penaltyThreshold: { sessions: PENALTY_THRESHOLD_SESSIONS, schoolWeeks: PENALTY_THRESHOLD_SCHOOL_WEEKS },
        days: dailySeries(reg),
      },
      200,
    );
  })
  .openapi(caseGuardsRoute, async (c) => {
    const { upn } = c.req.valid("param");
    const deps = c.var.deps;
    const refused = await refuseOutOfScope(deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403) as never;
    const view = await caseGuards(deps, upn);
    if (!view) return c.json({ message: "No such case." }, 404);
    await store.logAccess(deps.rdb.orm, { userId: c.var.user.id, action: "case.guards", upn });
    return c.json(view, 200);
  })
  // Registered by hand so the If-Match revision is checked (409) before the body is looked at.
  .post("/cases/:upn/events", async (c) => {
    const deps = c.var.deps;
    const upn = c.req.param("upn");
    const refused = await refuseOutOfScope(deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403);
    const ifMatch = revisionFromIfMatch(c.req.header("If-Match"));
    if ("refused" in ifMatch) return c.json({ message: ifMatch.refused }, 428);
    const expected = ifMatch.revision;
    const row = await store.getCase(deps.rdb.orm, upn);
    if (!row) return c.json({ message: "No such case." }, 404);
    if (row.revision !== expected) return c.json({ message: "The case has changed since you loaded it; reload and try again.", revision: row.revision }, 409);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return unprocessable(c, [{ field: "body", message: "send JSON: { type, payload, date? }" }]);
    }
    const b = (body && typeof body === "object" ? body : {}) as { type?: unknown; payload?: unknown; date?: unknown };
    const mayRecord = EVENTS_BY_ROLE[c.var.user.role as Role];
    if (mayRecord !== "all" && !(mayRecord ?? []).includes(String(b.type))) {
      return c.json({ message: `Your role cannot record "${quote(b.type)}"; you can record: ${(mayRecord ?? []).join(", ") || "nothing"}.` }, 403);
    }
    const inputProblems = [...(await eventInputProblems(deps, b)), ...(await meetingDateProblems(deps, b))];
    if (inputProblems.length > 0) return unprocessable(c, inputProblems, "The event has problems; nothing was recorded.");
    const result = await deps.cases.recordEvent(upn, expected, b, c.var.user.username);
    switch (result.status) {
      case "not-found":
        return c.json({ message: "No such case." }, 404);
      case "conflict":
        return c.json({ message: "The case has changed since you loaded it; reload and try again.", revision: result.revision }, 409);
      case "invalid":
        return unprocessable(c, result.errors, "The event has problems; nothing was recorded.");
      case "not-allowed":
        return c.json({ message: result.message, errors: [{ field: "type", message: result.message }], ...(result.rule ? { rule: result.rule } : {}), allowed: result.allowed }, 422);
      case "ok":
        return c.json(await caseView(deps, upn, c.var.user.role), 200);
    }
  });

router.openAPIRegistry.registerPath({
  method: "post",
  path: "/cases/{upn}/events",
  summary: "Record an event on a case (a SAP meeting, a contract, a note…). Send If-Match: <revision>.",
  request: {
    params: Upn,
    headers: z.object({ "If-Match": z.string().openapi({ example: "3" }) }),
    body: {
      content: {
        "application/json": {
          schema: z.object({ type: z.enum(MANUAL_EVENT_TYPES as [string, ...string[]]), payload: z.record(z.string(), z.unknown()), date: z.string().optional() }).openapi("CaseEvent"),
        },
      },
    },
  },
  responses: {
    200: { description: "Recorded: the case as it is now" },
    409: { description: "Stale revision: the case changed since it was loaded (checked before anything else)" },
    422: { description: "Event not allowed now, or a bad payload: errors name why" },
    428: { description: "No If-Match header" },
  },
});

/**
 * What is wrong with an event's date and payload before the case service looks at it: a date that is not a real
 * calendar date, or before the school's records begin (the first day of its term dates or of its register), and
 * free text too long to keep in the append-only history (server/limits.ts). A date in the future is the
 * service's check.
 */
async function eventInputProblems(deps: ServerDeps, b: { date?: unknown; payload?: unknown }): Promise<{ field: string; message: string }[]> {
  const problems = textAndDateProblems(b.payload, "payload");
  if (typeof b.date === "string") {
    if (!isCalendarDate(b.date)) problems.push({ field: "date", message: "not a real date (YYYY-MM-DD)" });
    else {
      const earliest = [(await store.termDatesInForce(deps.rdb.orm))?.firstDay, (await currentCalendar(deps)).days[0]].filter((d): d is string => d !== undefined).sort()[0];
      if (earliest !== undefined && b.date < earliest) problems.push({ field: "date", message: `before the school's records begin (${earliest})` });
    }
  }
  return problems;
}

type CaseloadQuery = { stage?: string; band?: string; yearGroup?: string; flag?: string; overdue?: "true" | "false"; limit: number; offset: number };

/** Caseload pages (their JSON text and how many rows) by query, day, role and scope, per data version. */
const caseloadPages = new VersionedReads<{ body: string; rows: number }>(500);

/** Cases by stage (`store.caseCountsByStage`), counted once per data version for every page that shows them. */
const stageCounts = new VersionedReads<Record<string, number>>(1);
async function stageCountsNow(deps: ServerDeps): Promise<Record<string, number>> {
  return { ...(await stageCounts.read(deps.rdb, "", () => store.caseCountsByStage(deps.rdb.orm))) };
}

/** One caseload page as the user may see it. */
async function caseloadPage(deps: ServerDeps, q: CaseloadQuery, user: { role: string; scope: readonly string[] }, today: string) {
  const flags = q.flag ? q.flag.split(",").map((f) => f.trim()).filter(Boolean) : undefined;
  const filters = { stage: q.stage, yearGroup: q.yearGroup, flags, overdueTasks: q.overdue === "true", today };
  const policy = await deps.cases.currentPolicy();
  // A band filter or a teacher's scope needs every row; otherwise only the page's.
  const whole = Boolean(q.band) || user.role === "teacher";
  const stageCounts = user.role === "teacher" ? undefined : await stageCountsNow(deps);
  const all = await store.listCases(deps.rdb.orm, { ...filters, stageCounts, limit: whole ? 1_000_000 : q.limit, offset: whole ? 0 : q.offset });
  if (user.role === "teacher") all.rows = all.rows.filter((r) => inScope(user.scope, r.pupil));
  const metrics = await attendanceFor(deps, all.rows.map((r) => r.upn));
  let rows = all.rows.map((r) => {
    const m = metrics.get(r.upn);
    const pct = m?.attendancePct ?? null;
    const band = bandOf(policy.policy.bands, pct);
    return {
      upn: r.upn,
      forename: r.pupil.forename,
      surname: r.pupil.surname,
      yearGroup: r.pupil.yearGroup,
      flags: FLAG_NAMES.filter((f) => r.pupil[f] === true),
      stage: r.stage,
      state: r.state,
      revision: r.revision,
      attendancePct: pct,
      band: band ? { id: band.id, label: band.label, colour: band.colour } : null,
      openTasks: r.openTasks ?? 0,
      overdueTasks: r.overdueTasks ?? 0,
      stageEnteredOn: (r.context as { entered?: Record<string, { date: string; dayIndex: number }> }).entered?.[r.stage]?.date ?? null,
      nextReview: nextReviewOf(r.context as { reviewDate?: string | null; target?: { reviewOn?: string | null } | null }, today),
    };
  });
  let total = all.total;
  if (whole) {
    if (q.band) rows = rows.filter((r) => r.band?.id === q.band);
    total = rows.length;
    rows = rows.slice(q.offset, q.offset + q.limit);
  }
  const countsByStage = stageCounts ?? all.rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.stage]: (acc[r.stage] ?? 0) + 1 }), {});
  return { today, total, limit: q.limit, offset: q.offset, countsByStage, rows };
}

/** The case's next review on or after today, if any: a meeting's review date or its target's. */
function nextReviewOf(context: { reviewDate?: string | null; target?: { reviewOn?: string | null } | null }, today: string): string | null {
  const dates = [context.reviewDate, context.target?.reviewOn].filter((d): d is string => typeof d === "string" && d >= today).sort();
  return dates[0] ?? null;
}

/** A teacher sees only the pupils in their classes and year groups. Returns why not, or null. */
export async function refuseOutOfScope(deps: ServerDeps, user: { role: string; scope: readonly string[] }, upn: string): Promise<string | null> {
  if (user.role !== "teacher") return null;
  const pupil = await store.getPupil(deps.rdb.orm, upn);
  return pupil && inScope(user.scope, pupil) ? null : "This pupil is not in your classes.";
}

/** Everything the case page shows about one pupil's case. */
export async function caseView(deps: ServerDeps, upn: string, role?: string) {
  // The case, its pupil and its open tasks in one statement.
  const read = await store.getCaseWithPupilAndTasks(deps.rdb.orm, upn);
  if (!read) return null;
  const { case: row, pupil, openTasks: tasks } = read;
  const compiled = await deps.policies.get(row.policyId, row.policyVersion);
  const snapshot: CaseSnapshot = restoreCase(compiled, { value: row.value, context: row.context as CaseSnapshot["context"] });
  const metrics = (await attendanceFor(deps, [upn])).get(upn) ?? null;
  const band = bandOf(compiled.policy.bands, metrics?.attendancePct ?? null);
  const entered = snapshot.context.entered[row.state.split(".")[0]!];
  return {
    upn,
    pupil: pupil ?? null,
    stage: row.stage,
    state: row.state,
    revision: row.revision,
    policy: { id: row.policyId, version: row.policyVersion, name: compiled.policy.name },
    processedThrough: row.processedThrough,
    stageEnteredOn: entered?.date ?? null,
    target: snapshot.context.target,
    reviewDate: snapshot.context.reviewDate,
    /** What the event forms open with (a meeting's review date from the policy: server/cases/plan.ts). */
    eventDefaults: await eventDefaults(deps, compiled, snapshot),
    metrics,
    band: band ? { id: band.id, label: band.label, colour: band.colour } : null,
    availableEvents: availableEvents(compiled, snapshot).filter((e) => {
      const may = role === undefined ? "all" : EVENTS_BY_ROLE[role as Role];
      return may === "all" || (may ?? []).includes(e.type);
    }),
    tasks,
  };
}
