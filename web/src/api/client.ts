import { type ClientRequestOptions, hc, type InferResponseType } from "hono/client";
import type { auditRoutes } from "../../../server/audit/index.ts";
import type { authRoutes } from "../../../server/auth/index.ts";
import type { caseRoutes, caseView } from "../../../server/cases/index.ts";
import type { dashboardRoutes } from "../../../server/dashboard/index.ts";
import type { importRoutes } from "../../../server/imports/index.ts";
import type { policyRoutes } from "../../../server/policies/index.ts";
import type { taskRoutes } from "../../../server/tasks/index.ts";
import type { DueLetterView, letterRoutes, LetterView } from "../../../server/letters/index.ts";
import type { evidenceRoutes } from "../../../server/evidence/index.ts";
import type { userRoutes } from "../../../server/users/index.ts";
import type { celebrateRoutes } from "../../../server/celebrate/index.ts";
import type { calendarRoutes } from "../../../server/calendar/index.ts";
import type { tokenRoutes } from "../../../server/tokens/index.ts";
import type { parentsCarersRoutes, ParentsCarersResponse } from "../../../server/parents/index.ts";
import type { casePlan } from "../../../server/cases/plan.ts";
import type { MeetingScheduled } from "../../../machines/meetings/meetingScheduled.ts";
import type { PathVisit } from "../../../machines/case/casePath.ts";
import type { JudgedRule } from "../../../machines/case/judgeGuard.ts";

/*
 * The web app talks to the server only through Hono's typed client. `AppType` (server/app.ts) is the whole API,
 * but its import routes are declared with a `string` path, which widens every key of the merged schema to
 * `/api/${string}`; until that is fixed on the server, each unit's own router type gives the same typed client.
 */
const base = "/api";
const client = {
  auth: hc<typeof authRoutes>(base),
  cases: hc<typeof caseRoutes>(base),
  tasks: hc<typeof taskRoutes>(base),
  audit: hc<typeof auditRoutes>(base),
  policies: hc<typeof policyRoutes>(base),
  imports: hc<typeof importRoutes>(base),
  dashboard: hc<typeof dashboardRoutes>(base),
  letters: hc<typeof letterRoutes>(base),
  evidence: hc<typeof evidenceRoutes>(base),
  users: hc<typeof userRoutes>(base),
  celebrate: hc<typeof celebrateRoutes>(base),
  calendar: hc<typeof calendarRoutes>(base),
  tokens: hc<typeof tokenRoutes>(base),
  parents: hc<typeof parentsCarersRoutes>(base),
};

export type Me = { username: string; role: string };
/** A pupil's parents and carers as this role sees them: `view` says which fields it is shown. */
export type ParentsCarers = ParentsCarersResponse;
export type ParentCarer = ParentsCarers["parents"][number];
/** What adding or changing a parent or carer sends. */
export interface ParentCarerInput {
  name: string;
  relationship: string;
  parentalResponsibility: boolean;
  livesWithPupil: boolean;
  addressLines: string[];
  postcode: string | null;
  phone: string | null;
  email: string | null;
  priority: number;
  correspondence: boolean;
  liableForNotices: boolean | null;
}
/** The school's term dates in force and what the next day close takes the register's last day to end (GET /api/calendar). */
export type TermDates = Extract<InferResponseType<typeof client.calendar.calendar.$get>, { register: unknown }>;
export type CaseList = Extract<InferResponseType<typeof client.cases.cases.$get>, { rows: unknown }>;
export type CaseSummary = CaseList["rows"][number] & { stageEnteredOn?: string | null };
/** The case page's JSON (GET /api/cases/{upn}): the server's own view of a case. */
export type CaseView = NonNullable<Awaited<ReturnType<typeof caseView>>>;
export type AvailableEvent = CaseView["availableEvents"][number];
/** A case's plan (GET /api/cases/{upn}/plan): target, review, agreed actions, progress, the next meeting. */
export type CasePlan = NonNullable<Awaited<ReturnType<typeof casePlan>>>;
/** Whole-school and group figures (GET /api/dashboard): aggregates only, small groups suppressed. */
export type Dashboard = Extract<InferResponseType<typeof client.dashboard.dashboard.$get>, { school: unknown }>;

/** The weekly celebration (GET /api/celebrate): class figures only, no names, no UPNs. */
export type Celebration = Extract<InferResponseType<typeof client.celebrate.celebrate.$get>, { weeks: unknown }>;
/** A half term's prize draw (POST /api/celebrate/draw); the seed is recorded by the server. */
export type PrizeDraw = Extract<InferResponseType<typeof client.celebrate.celebrate.draw.$post>, { seed: unknown }>;
/** 100% attendance certificates (GET /api/celebrate/certificates): the count, and names for the roles that may see them. */
export type Certificates = Extract<InferResponseType<typeof client.celebrate.celebrate.certificates.$get>, { count: unknown }>;
/** A pupil's celebration-only exclusion (GET /api/celebrate/exclusions/{upn}). */
export type CelebrationExclusion = Extract<InferResponseType<(typeof client.celebrate.celebrate.exclusions)[":upn"]["$get"]>, { excluded: unknown }>;
/** A half term (its index in `halfTerms`) or the school year so far. */
export type CertificatePeriod = { period: "halfTerm"; halfTerm: number } | { period: "year" };
const certificateQuery = (p: CertificatePeriod): Record<string, string> => (p.period === "year" ? { period: "year" } : { period: "halfTerm", halfTerm: String(p.halfTerm) });

/** A task as the server stores it (GET /api/tasks: db/tasks.ts TaskRecord, typed by the route's schema). */
export type Task = Extract<InferResponseType<typeof client.tasks.tasks.$get>, { tasks: unknown }>["tasks"][number];
export interface TaskCompletion {
  ok: true;
  completed: { id: number; kind: string; title: string; status: "done" | "cancelled"; outcome: string }[];
  followUps: { kind: string; title: string; rule: string; dueInSchoolDays: number }[];
  historySeq: number | null;
}

/** One change of who a task is with (GET /api/tasks/{id}/assignments). */
export interface TaskAssignment {
  id: number;
  taskId: number;
  assignee: string | null;
  previous: string | null;
  assignedBy: string;
  assignedAt: string;
  how: string;
}

/** One entry of a case's escalation history (GET /api/cases/{upn}/timeline). */
export interface TimelineEntry {
  seq: number;
  schoolDate: string;
  recordedAt: string;
  actor: string;
  eventType: string;
  from: string;
  to: string;
  rule: string | null;
  reason: string | null;
  tasks: { date: string; kind: string; title: string; rule: string; template?: string }[] | null;
  payload: Record<string, unknown> | null;
  metrics: Record<string, unknown> | null;
  policy: { id: string; version: number };
  hash: string;
}

/** A pupil's attendance day by day (GET /api/cases/{upn}/attendance), with the policy's bands. */
export interface AttendanceSeries {
  upn: string;
  asOf: string | null;
  bands: { id: string; label: string; colour: string; min: number; max: number }[];
  penaltyThreshold: { sessions: number; schoolWeeks: number };
  days: { date: string; attendancePct: number | null; unauthorisedLast10Weeks: number; possibleSessions: number }[];
}

/**
 * A case's path through its policy's chart (the states it entered, with dates) and every rule's guard judged on
 * its figures today, leaf by leaf (GET /api/cases/{upn}/guards; machines/case/judgeGuard.ts).
 */
export interface CaseGuards {
  upn: string;
  state: string;
  asOf: string | null;
  path: PathVisit[];
  rules: JudgedRule[];
}

/** A letter merged from its template (GET /api/letters/{id}). */
export type Letter = LetterView;
/** A letter still to send, with its kind of letter, print date and case revision (GET /api/letters/due). */
export type DueLetter = DueLetterView;

/** A user as the administrator sees them (GET /api/users). */
export interface User {
  id: number;
  username: string;
  role: string;
  scope: string[];
  disabled: boolean;
  createdAt: string;
}

/** An API token as the administrator sees it (GET /api/tokens): never its secret. */
export interface ApiToken {
  id: number;
  name: string;
  role: string;
  createdAt: string;
  createdBy: string;
  expiresOn: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  status: "active" | "expired" | "revoked";
}

/** A token just created: `token` is its secret, shown this once. */
export interface NewApiToken {
  id: number;
  name: string;
  role: string;
  token: string;
  expiresOn: string | null;
}

export interface NewUser {
  username: string;
  password: string;
  role: string;
  scope?: string[];
}

export interface AuditCheck {
  ok: boolean;
  checked: number;
  firstBroken: string | null;
  upn?: string;
  seq?: number;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBrokenAt: { upn: string; seq: number; why: string } | null;
  /** The audit key's id (never the secret) and older keys still held for checking. */
  key: { id: string; source: string; olderKeys: string[] };
  checks: Record<"chains" | "heads" | "history" | "registers" | "accessLog" | "cases" | "checkpoint" | "replay", AuditCheck>;
}

export interface Problem {
  line?: number;
  field: string;
  message: string;
}

/** A request the server refused or could not answer, in words a school office understands. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Listener = () => void;
const signedOutListeners = new Set<Listener>();
/** Called when any request answers 401: the session has ended. */
export function onSignedOut(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

const WORDS: Record<number, string> = {
  503: "This is not available on the server right now.",
  401: "You have been signed out. Please sign in again.",
  403: "Your role does not allow this.",
  404: "Rollcall could not find that.",
  409: "Someone else changed this case; it has been reloaded.",
  413: "The file is too large to import.",
  428: "The page was out of date. Reload it and try again.",
  500: "Something went wrong on the server; nothing was changed.",
};

/** A downloaded file (a PDF), or an ApiError in words; 503 means the server cannot make it (no Chromium). */
async function readFile(call: Promise<Response>): Promise<Blob> {
  let res: Response;
  try {
    res = await call;
  } catch {
    throw new ApiError(0, "Rollcall could not reach the server. Check the connection and try again.");
  }
  if (res.ok) return res.blob();
  return read<never>(Promise.resolve(res));
}

/** Turns a response into its JSON, or throws an ApiError that says what happened in plain words. */
async function read<T>(call: Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>): Promise<T> {
  let res: { ok: boolean; status: number; json(): Promise<unknown> };
  try {
    res = await call;
  } catch {
    throw new ApiError(0, "Rollcall could not reach the server. Check the connection and try again.");
  }
  if (res.ok) return (res.status === 204 ? null : await res.json()) as T;
  let body: { message?: string; errors?: Problem[] } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    /* no JSON body */
  }
  if (res.status === 401) signedOutListeners.forEach((l) => l());
  const message = res.status === 422 || res.status === 404 || res.status === 503 ? body.message ?? WORDS[res.status]! : WORDS[res.status] ?? body.message ?? `The server answered ${res.status}.`;
  throw new ApiError(res.status, message, body.errors ?? []);
}

/** Request options that let a page drop a read it no longer needs (useLoad aborts it when its inputs change). */
const abortable = (signal?: AbortSignal): ClientRequestOptions | undefined => (signal ? { init: { signal } } : undefined);

export const api = {
  signIn: (username: string, password: string) => read<Me>(client.auth.auth.login.$post({ json: { username, password } })),
  signOut: () => read<null>(client.auth.auth.logout.$post()),
  /** Who is signed in, or null. */
  me: async (): Promise<Me | null> => {
    try {
      return await read<Me>(client.auth.auth.me.$get());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },

  /**
   * Every case, page by page. Filters and search run in the browser, so no pupil's name or UPN goes into a
   * URL's query string.
   */
  allCases: async (): Promise<{ rows: CaseSummary[]; countsByStage: Record<string, number>; total: number; today: string | null }> => {
    const rows: CaseSummary[] = [];
    let countsByStage: Record<string, number> = {};
    let total = 0;
    let today: string | null = null;
    for (let offset = 0; offset === 0 || offset < total; offset += 500) {
      const page = await read<CaseList>(client.cases.cases.$get({ query: { limit: "500", offset: String(offset) } as never }));
      rows.push(...page.rows);
      countsByStage = page.countsByStage;
      total = page.total;
      today = page.today;
      if (page.rows.length === 0) break;
    }
    return { rows, countsByStage, total, today };
  },
  getCase: (upn: string, signal?: AbortSignal) => read<CaseView>(client.cases.cases[":upn"].$get({ param: { upn } }, abortable(signal))),
  timeline: (upn: string, signal?: AbortSignal) => read<{ upn: string; entries: TimelineEntry[] }>(client.cases.cases[":upn"].timeline.$get({ param: { upn } }, abortable(signal))),
  /** Records an event against the revision the page loaded (If-Match); 409 when someone else got there first. */
  recordEvent: (upn: string, revision: number, event: { type: string; payload: Record<string, unknown>; date?: string }) =>
    read<CaseView>(
      client.cases.cases[":upn"].events.$post(
        { param: { upn } },
        { headers: { "If-Match": String(revision), "content-type": "application/json" }, init: { body: JSON.stringify(event) } },
      ),
    ),

  /** The case's path and its rules judged on its figures, for the case page's state chart. */
  caseGuards: (upn: string, signal?: AbortSignal) => read<CaseGuards>(client.cases.cases[":upn"].guards.$get({ param: { upn } }, abortable(signal))),
  /** The pupil's attendance day by day, for the case page's chart. */
  attendance: (upn: string, signal?: AbortSignal) => read<AttendanceSeries>(client.cases.cases[":upn"].attendance.$get({ param: { upn } }, abortable(signal))),
  /** The case's plan: target, review, agreed actions with who and by when, progress against the target (server/cases/plan.ts). */
  casePlan: (upn: string, signal?: AbortSignal) => read<CasePlan>(fetch(`${base}/cases/${encodeURIComponent(upn)}/plan`, { signal, credentials: "same-origin" })),
  /** Schedules (or rearranges) a meeting against the revision the page loaded (If-Match): the meeting task becomes due that day. */
  scheduleMeeting: (upn: string, revision: number, meeting: MeetingScheduled) =>
    read<CasePlan>(
      fetch(`${base}/cases/${encodeURIComponent(upn)}/meetings`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "If-Match": String(revision), "content-type": "application/json" },
        body: JSON.stringify(meeting),
      }),
    ),

  letter: (id: number, signal?: AbortSignal) => read<Letter>(client.letters.letters[":id"].$get({ param: { id: String(id) } as never }, abortable(signal))),
  /** The letter as a PDF printed by the server; ApiError 503 when the server has no Chromium (print instead). */
  letterPdf: (id: number) => readFile(client.letters.letters[":id"].pdf.$get({ param: { id: String(id) } as never })),
  /**
   * Marks a letter sent against the case revision the page loaded (If-Match): the "Letter sent" note and the
   * task's completion are recorded together or not at all; 409 when the case moved or the letter was sent.
   */
  markLetterSent: (id: number, revision: number, how: string) =>
    read<{ revision: number; letter: Letter }>(
      client.letters.letters[":id"].sent.$post({ param: { id: String(id) }, header: { "If-Match": String(revision) }, json: { how } } as never),
    ),
  /** Prints a letter in the browser: the first print keeps it as printed (the server freezes it); returns it as printed and the case's revision. */
  printLetter: (id: number) => read<{ letter: Letter; revision: number | null }>(client.letters.letters[":id"].print.$post({ param: { id: String(id) } as never })),
  /** Withdraws a letter whose purpose has passed, with the reason, against the case revision loaded (If-Match). */
  withdrawLetter: (id: number, revision: number, reason: string) =>
    read<{ revision: number | null; letter: Letter }>(
      client.letters.letters[":id"].withdraw.$post({ param: { id: String(id) }, header: { "If-Match": String(revision) }, json: { reason } } as never),
    ),
  /** The letters still to send, with their kind, print date and case revision. */
  dueLetters: (signal?: AbortSignal) => read<{ today: string; letters: DueLetter[] }>(client.letters.letters.due.$get(undefined, abortable(signal))),
  /** Many letters as printed (each frozen on its first print), for the browser's own print; with each case's revision. */
  printLetters: (ids: number[]) => read<{ letters: Letter[]; revisions: Record<string, number> }>(client.letters.letters.print.$post({ json: { ids, format: "letters" } })),
  /** Many letters as ONE PDF printed by the server (each frozen); ApiError 503 when the server has no Chromium. */
  printLettersPdf: (ids: number[]) => readFile(client.letters.letters.print.$post({ json: { ids, format: "pdf" } }) as Promise<Response>),
  /** Marks many letters sent, all or nothing, each against its case's revision as loaded; 409 names what stopped it. */
  markLettersSent: (letters: { id: number; revision: number }[], how: string) =>
    read<{ revisions: Record<string, number>; letters: Letter[] }>(client.letters.letters.sent.$post({ json: { letters, how } })),
  /** Where the evidence bundle opens (HTML, in a new tab); the UPN is in the path, never in a query string. */
  evidenceUrl: (upn: string) => `${base}${client.evidence.cases[":upn"].evidence.$path({ param: { upn } })}`,
  evidencePdf: (upn: string) => readFile(client.evidence.cases[":upn"]["evidence.pdf"].$get({ param: { upn } })),

  users: () => read<{ users: User[] }>(client.users.users.$get()),
  createUser: (user: NewUser) => read<User>(client.users.users.$post({ json: user as never })),
  disableUser: (id: number) => read<{ ok: true }>(client.users.users[":id"].disable.$post({ param: { id: String(id) } as never })),
  tokens: () => read<{ tokens: ApiToken[] }>(client.tokens.tokens.$get()),
  createToken: (token: { name: string; role: string; expiresOn?: string }) => read<NewApiToken>(client.tokens.tokens.$post({ json: token as never })),
  revokeToken: (id: number) => read<ApiToken>(client.tokens.tokens[":id"].revoke.$post({ param: { id: String(id) } as never })),

  tasks: (due: "today" | "overdue") => read<{ today: string; tasks: Task[] }>(client.tasks.tasks.$get({ query: { due } as never })),
  /**
   * A task done with its outcome (and a written note where one is needed: 422 asks for it): recorded in the case's
   * history with the older tasks it answers and the follow-ups it raises.
   */
  completeTask: (id: number, outcome: string, note?: string) =>
    read<TaskCompletion>(client.tasks.tasks[":id"].complete.$post({ param: { id: String(id) } as never, json: note ? { outcome, note } : { outcome } })),
  /** Undo: the task open again, the reason recorded in the case's history. */
  reopenTask: (id: number, reason: string) => read<{ ok: true; task: Task; historySeq: number | null }>(client.tasks.tasks[":id"].reopen.$post({ param: { id: String(id) } as never, json: { reason } })),
  letters: (status: "open" | "done") => read<{ letters: Task[] }>(client.tasks.letters.$get({ query: { status } as never })),
  /** Who tasks can go to (the leads and officers) and who is signed in. */
  assignees: () => read<{ me: string; people: { username: string; role: string }[] }>(client.tasks.tasks.assignees.$get()),
  /** Gives a task to someone (null: unassigned); `expect` is who the person saw it with (409 if that changed). */
  assignTask: (id: number, assignee: string | null, expect?: string | null) =>
    read<{ ok: true; task: Task; assignment: TaskAssignment | null }>(
      client.tasks.tasks[":id"].assign.$post({ param: { id: String(id) } as never, json: { assignee, ...(expect !== undefined ? { expect } : {}) } }),
    ),
  taskAssignments: (id: number) => read<{ assignments: TaskAssignment[] }>(client.tasks.tasks[":id"].assignments.$get({ param: { id: String(id) } as never })),

  dashboard: (signal?: AbortSignal) => read<Dashboard>(client.dashboard.dashboard.$get(undefined, abortable(signal))),
  /** The week's celebration (default the last school week) against a target (default the school's policy's target). */
  celebrate: (week?: number, target?: number, signal?: AbortSignal) =>
    read<Celebration>(
      client.celebrate.celebrate.$get(
        { query: { ...(week === undefined ? {} : { week: String(week) }), ...(target === undefined ? {} : { target: String(target) }) } as never },
        abortable(signal),
      ),
    ),
  /** Runs a half term's prize draw (the lead); without a seed the server picks one and records it. */
  prizeDraw: (halfTerm: number, seed?: number) => read<PrizeDraw>(client.celebrate.celebrate.draw.$post({ json: seed === undefined ? { halfTerm } : { halfTerm, seed } })),
  /** Who earned a 100% certificate for the period (names only for roles that may see them). */
  termDates: () => read<TermDates>(client.calendar.calendar.$get()),
  /** Uploads the school's term dates (a calendar file: start,end,type[,description]); 422 names each problem. */
  uploadTermDates: (text: string, file = "term-dates.csv") =>
    read<{ id: number; alreadyInForce: boolean; firstDay: string; lastDay: string; schoolDays: number }>(
      client.calendar.calendar.$post({ query: { file } } as never, { headers: { "content-type": "text/csv" }, init: { body: text } }),
    ),
  certificates: (p: CertificatePeriod) => read<Certificates>(client.celebrate.celebrate.certificates.$get({ query: certificateQuery(p) as never })),
  /** Where the printable certificates open (HTML, one per A4 landscape page, in a new tab); no name is in the URL. */
  certificatesUrl: (p: CertificatePeriod) => `${base}/celebrate/certificates/document?${new URLSearchParams(certificateQuery(p)).toString()}`,
  /** The certificates as a PDF printed by the server; ApiError 503 when the server has no Chromium (print instead). */
  certificatesPdf: (p: CertificatePeriod) => readFile(client.celebrate.celebrate.certificates.pdf.$get({ query: certificateQuery(p) as never })),
  celebrationExclusion: (upn: string, signal?: AbortSignal) => read<CelebrationExclusion>(client.celebrate.celebrate.exclusions[":upn"].$get({ param: { upn } }, abortable(signal))),
  /** Sets (with a reason) or clears a pupil's celebration-only exclusion: the attendance lead. */
  setCelebrationExclusion: (upn: string, excluded: boolean, reason?: string) =>
    read<CelebrationExclusion>(client.celebrate.celebrate.exclusions[":upn"].$post({ param: { upn }, json: reason === undefined ? { excluded } : { excluded, reason } })),
  verifyAudit: () => read<AuditVerification>(client.audit.audit.verify.$get()),
  policies: () => read<{ current: string; policies: { id: string; version: number; name: string }[] }>(client.policies.policies.$get()),
  policyVersions: (id: string) =>
    read<{ versions: { id: string; version: number; name: string; document?: unknown }[] }>(client.policies.policies[":id"].versions.$get({ param: { id } })),

  /** A pupil's parents and carers, as the signed-in role may see them (GET /api/cases/{upn}/parents-carers). */
  parentsCarers: (upn: string, signal?: AbortSignal) => read<ParentsCarers>(client.parents.cases[":upn"]["parents-carers"].$get({ param: { upn } }, abortable(signal))),
  /** Adds a parent or carer (attendance lead or officer); the list as it now is. */
  addParentCarer: (upn: string, details: ParentCarerInput) => read<ParentsCarers>(client.parents.cases[":upn"]["parents-carers"].$post({ param: { upn }, json: details as never })),
  /** Changes a parent or carer against the version the page loaded; 409 when someone changed them since. */
  changeParentCarer: (upn: string, id: number, version: number, details: ParentCarerInput) =>
    read<ParentsCarers>(client.parents.cases[":upn"]["parents-carers"][":id"].$post({ param: { upn, id: String(id) }, json: { ...details, version } as never } as never)),
  /** Removes a parent or carer (kept in the history) with the reason, against the version loaded. */
  removeParentCarer: (upn: string, id: number, version: number, reason: string) =>
    read<ParentsCarers>(client.parents.cases[":upn"]["parents-carers"][":id"].remove.$post({ param: { upn, id: String(id) }, json: { version, reason } } as never)),

  /** Imports a pupils, parents or marks file. The file's own name stays in the browser. */
  importFile: (kind: "pupils" | "marks" | "parents", text: string) => {
    // The import routes are declared with a string path (see above), so their client is typed by hand here.
    const imports = client.imports.imports as unknown as Record<"pupils" | "marks" | "parents", { $post: (args: { query: { file: string } }, options: ClientRequestOptions) => Promise<Response> }>;
    const route = imports[kind];
    return read<{ importId: number; alreadyImported: boolean; rows?: number; changed?: number }>(
      route.$post({ query: { file: `${kind}.csv` } }, { headers: { "content-type": "text/csv" }, init: { body: text } }),
    );
  },
};
