/**
 * Who may do what. Attendance records and safeguarding flags are personal data about children: each role gets
 * what its job needs and no more, and anything not listed here is refused (deny by default).
 */
export const ROLES = ["admin", "attendance-lead", "attendance-officer", "teacher", "auditor", "governor"] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;
const CASEWORK: readonly Role[] = ["attendance-lead", "attendance-officer"];

export interface Permission {
  readonly method: "GET" | "POST";
  /** Hono-style path: `:name` matches one segment. */
  readonly path: string;
  readonly roles: readonly Role[];
  readonly what: string;
  /** Only a signed-in person, never an API token (server/auth/bearer.ts): managing users and tokens. */
  readonly peopleOnly?: true;
}

export const PERMISSIONS: readonly Permission[] = [
  { method: "GET", path: "/api/auth/me", roles: ALL, what: "who am I" },
  { method: "POST", path: "/api/auth/logout", roles: ALL, what: "sign out" },
  { method: "GET", path: "/api/dashboard", roles: ALL, what: "aggregate figures (no names, no UPNs)" },
  { method: "GET", path: "/api/celebrate", roles: [...CASEWORK, "teacher", "governor", "auditor"], what: "the weekly celebration: class figures, the prize draw's tickets, a newsletter paragraph (no names, no UPNs)" },
  { method: "POST", path: "/api/celebrate/draw", roles: ["attendance-lead"], what: "run a half term's prize draw (the seed is recorded in the access log)" },
  { method: "GET", path: "/api/celebrate/certificates", roles: [...CASEWORK, "teacher", "governor", "auditor"], what: "100% attendance certificates for a half term or the year: the count for all; pupils' names for casework and teachers (their classes), logged" },
  { method: "GET", path: "/api/celebrate/certificates/document", roles: [...CASEWORK, "teacher"], what: "the certificates as a printable HTML document (names; a teacher's classes only), logged" },
  { method: "GET", path: "/api/celebrate/certificates/pdf", roles: [...CASEWORK, "teacher"], what: "the certificates as a PDF (names; a teacher's classes only), logged" },
  { method: "GET", path: "/api/celebrate/exclusions/:upn", roles: [...CASEWORK, "auditor"], what: "whether a pupil is left out of class celebration figures, and why" },
  { method: "POST", path: "/api/celebrate/exclusions/:upn", roles: ["attendance-lead"], what: "set or clear a pupil's celebration-only exclusion (access log and case history)" },
  { method: "GET", path: "/api/policies", roles: ALL, what: "the policies" },
  { method: "GET", path: "/api/policies/:id/versions", roles: ALL, what: "a policy's versions" },
  { method: "POST", path: "/api/policies", roles: ["admin"], what: "publish a policy version" },
  { method: "POST", path: "/api/policies/:id/migrate", roles: ["admin"], what: "move cases to a policy version" },
  { method: "POST", path: "/api/imports/pupils", roles: CASEWORK, what: "import pupils" },
  { method: "POST", path: "/api/imports/marks", roles: CASEWORK, what: "import register marks" },
  { method: "POST", path: "/api/imports/parents", roles: CASEWORK, what: "import parents and carers (names, addresses, phones: the file is what is held for the pupils it names)" },
  { method: "GET", path: "/api/cases/:upn/parents-carers", roles: [...CASEWORK, "teacher", "auditor"], what: "a pupil's parents and carers, logged: casework every field and the changes; a teacher names, relationship and phone (their classes); an auditor names, relationship, responsibility and the changes, no address, phone or email (docs/security.md)" },
  { method: "POST", path: "/api/cases/:upn/parents-carers", roles: CASEWORK, what: "add a parent or carer (a new version, kept)" },
  { method: "POST", path: "/api/cases/:upn/parents-carers/:id", roles: CASEWORK, what: "change a parent or carer (a new version, kept)" },
  { method: "POST", path: "/api/cases/:upn/parents-carers/:id/remove", roles: CASEWORK, what: "remove a parent or carer (a version marked removed, kept)" },
  { method: "GET", path: "/api/calendar", roles: ALL, what: "the school's term dates (no pupil data)" },
  { method: "POST", path: "/api/calendar", roles: ["admin", "attendance-lead"], what: "upload the school's term dates" },
  { method: "GET", path: "/api/cases", roles: [...CASEWORK, "teacher", "auditor"], what: "the caseload" },
  { method: "GET", path: "/api/cases/:upn", roles: [...CASEWORK, "teacher", "auditor"], what: "a pupil's case" },
  { method: "GET", path: "/api/cases/:upn/timeline", roles: [...CASEWORK, "teacher", "auditor"], what: "a case's history" },
  { method: "GET", path: "/api/cases/:upn/attendance", roles: [...CASEWORK, "teacher", "auditor"], what: "a pupil's attendance day by day (the case page's chart)" },
  { method: "GET", path: "/api/cases/:upn/guards", roles: [...CASEWORK, "teacher", "auditor"], what: "a case's path through its policy's chart and each rule's guard judged on its figures (the case page's chart)" },
  { method: "GET", path: "/api/cases/:upn/evidence", roles: ["attendance-lead", "auditor"], what: "the evidence bundle for the local authority (HTML)" },
  { method: "GET", path: "/api/cases/:upn/evidence.pdf", roles: ["attendance-lead", "auditor"], what: "the evidence bundle as a PDF" },
  { method: "POST", path: "/api/cases/:upn/events", roles: [...CASEWORK, "teacher"], what: "record an event on a case" },
  { method: "GET", path: "/api/cases/:upn/plan", roles: [...CASEWORK, "teacher", "auditor"], what: "a case's plan: target, review, agreed actions, progress, the next meeting" },
  { method: "POST", path: "/api/cases/:upn/meetings", roles: CASEWORK, what: "schedule (or rearrange) a meeting on a case: a history entry; the meeting task due that day" },
  { method: "GET", path: "/api/tasks", roles: [...CASEWORK, "teacher"], what: "tasks" },
  { method: "POST", path: "/api/tasks/:id/complete", roles: [...CASEWORK, "teacher"], what: "complete a task" },
  { method: "POST", path: "/api/tasks/:id/reopen", roles: [...CASEWORK, "teacher"], what: "reopen a completed task with a reason (undo, recorded in the history)" },
  { method: "GET", path: "/api/tasks/assignees", roles: CASEWORK, what: "who tasks can be assigned to (leads' and officers' usernames)" },
  { method: "POST", path: "/api/tasks/:id/assign", roles: CASEWORK, what: "assign a task (the lead: to anyone; an officer: take an unassigned one or give back their own), kept in task_assignments" },
  { method: "GET", path: "/api/tasks/:id/assignments", roles: [...CASEWORK, "auditor"], what: "who a task was assigned to, by whom and when" },
  { method: "GET", path: "/api/letters", roles: [...CASEWORK, "auditor"], what: "letters" },
  { method: "GET", path: "/api/letters/due", roles: [...CASEWORK, "auditor"], what: "the letters to send, with their kind and case revision (the bulk letters view)" },
  { method: "GET", path: "/api/letters/:id", roles: [...CASEWORK, "auditor"], what: "a letter, merged from its template" },
  { method: "GET", path: "/api/letters/:id/document", roles: [...CASEWORK, "auditor"], what: "a letter as a printable HTML document" },
  { method: "GET", path: "/api/letters/:id/pdf", roles: [...CASEWORK, "auditor"], what: "a letter as a PDF" },
  { method: "POST", path: "/api/letters/:id/sent", roles: CASEWORK, what: "mark a letter sent: the Letter sent entry in the history, the sending and the task's completion together" },
  { method: "POST", path: "/api/letters/:id/print", roles: CASEWORK, what: "print a letter: the first print keeps it as printed (a letterPrinted history entry)" },
  { method: "POST", path: "/api/letters/:id/withdraw", roles: CASEWORK, what: "withdraw a letter whose purpose has passed, with the reason" },
  { method: "POST", path: "/api/letters/print", roles: CASEWORK, what: "print many letters as one document, each kept as printed" },
  { method: "POST", path: "/api/letters/sent", roles: CASEWORK, what: "mark many letters sent together, all or nothing" },
  { method: "GET", path: "/api/print.css", roles: ALL, what: "the printable documents' stylesheet (no data)" },
  { method: "GET", path: "/api/audit/verify", roles: ["admin", "attendance-lead", "auditor"], what: "verify the audit trail" },
  { method: "GET", path: "/api/audit/checkpoint", roles: ["admin", "attendance-lead", "auditor"], what: "a signed checkpoint of the audit trail's heads, to keep" },
  { method: "POST", path: "/api/audit/checkpoint/verify", roles: ["admin", "attendance-lead", "auditor"], what: "whether today's audit trail extends an earlier checkpoint" },
  { method: "GET", path: "/api/audit/access", roles: ["auditor"], what: "the access log" },
  { method: "POST", path: "/api/simulate", roles: ["admin", "attendance-lead"], what: "simulate a policy" },
  { method: "GET", path: "/api/users", roles: ["admin"], what: "list users", peopleOnly: true },
  { method: "POST", path: "/api/users", roles: ["admin"], what: "create a user", peopleOnly: true },
  { method: "POST", path: "/api/users/:id/disable", roles: ["admin"], what: "disable a user and end their sessions", peopleOnly: true },
  { method: "GET", path: "/api/tokens", roles: ["admin"], what: "list API tokens (never their secrets)", peopleOnly: true },
  { method: "POST", path: "/api/tokens", roles: ["admin"], what: "create an API token for a machine client (its secret shown once)", peopleOnly: true },
  { method: "POST", path: "/api/tokens/:id/revoke", roles: ["admin"], what: "revoke an API token", peopleOnly: true },
];

/** Events each role may record; the attendance lead records any. Decisions (penalty notices, closing) are the lead's. */
export const EVENTS_BY_ROLE: Readonly<Partial<Record<Role, readonly string[] | "all">>> = {
  "attendance-lead": "all",
  "attendance-officer": ["note", "homeVisitMade", "supportOffered", "supportDeclined", "parentDidNotAttend", "medicalEvidenceReceived", "referralMade", "sapMeetingHeld", "contractSigned"],
  teacher: ["note"],
};

/** Task kinds a teacher may complete: first-day-call outcomes. */
export const TEACHER_TASK_KINDS: readonly string[] = ["first-day-call"];

const compiled = PERMISSIONS.map((p) => ({
  ...p,
  regex: new RegExp(`^${p.path.replace(/[.]/g, "\\.").replace(/:[a-zA-Z]+/g, "[^/]+")}$`),
}));

/** The permission for a request, or undefined when the route is not in the table (then: refused). */
export function permissionFor(method: string, path: string): Permission | undefined {
  return compiled.find((p) => p.method === method && p.regex.test(path));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether a teacher's scope covers a pupil: their class, or their year group written `Y4` (or `4`). */
export function inScope(scope: readonly string[], pupil: { class?: string | null; yearGroup: string }): boolean {
  return scope.some((s) => s === pupil.class || s === `Y${pupil.yearGroup}` || s === pupil.yearGroup);
}
