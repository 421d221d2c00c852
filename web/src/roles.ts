export const ROLE_WORDS: Record<string, string> = {
  admin: "Administrator",
  "attendance-lead": "Attendance lead",
  "attendance-officer": "Attendance officer",
  teacher: "Teacher",
  auditor: "Auditor",
  governor: "Governor",
};

export type Page = "today" | "cases" | "lab" | "dashboard" | "celebrate" | "users";

export const PAGE_WORDS: Record<Page, string> = {
  today: "Today",
  cases: "Caseload",
  lab: "Policy lab",
  dashboard: "Dashboard",
  celebrate: "Celebrate",
  users: "Users",
};

/*
 * What each role sees follows what the server lets it read (server/auth/roles.ts): the attendance lead and
 * officers run the casework; a teacher sees their classes' cases and first-day calls; an auditor reads cases
 * and their histories; the administrator manages policies; a governor sees only the dashboard.
 */
const PAGES: Record<string, Page[]> = {
  "attendance-lead": ["today", "cases", "lab", "dashboard"],
  "attendance-officer": ["today", "cases", "lab", "dashboard"],
  teacher: ["today", "cases", "dashboard"],
  auditor: ["cases", "lab", "dashboard"],
  admin: ["users", "lab", "dashboard"],
  governor: ["dashboard"],
};

export function pagesFor(role: string): Page[] {
  return PAGES[role] ?? ["dashboard"];
}

/** Sees the weekly celebration (GET /api/celebrate): class figures only, so governors too; not the administrator. */
export function canCelebrate(role: string): boolean {
  return ["attendance-lead", "attendance-officer", "teacher", "auditor", "governor"].includes(role);
}

/** Runs the half term's prize draw (POST /api/celebrate/draw): the attendance lead. */
export function canRunPrizeDraw(role: string): boolean {
  return role === "attendance-lead";
}

/** The main navigation: the role's pages, and Celebrate after the dashboard for those who may see it. */
export function navFor(role: string): Page[] {
  const pages = pagesFor(role);
  return canCelebrate(role) ? [...pages, "celebrate"] : pages;
}

/** Case pages (a pupil's case and its history) are casework. */
export function seesCases(role: string): boolean {
  return pagesFor(role).includes("cases");
}

/** Records events and completes tasks (the server decides which: the case lists the events the role may record). */
export function canAct(role: string): boolean {
  return role === "attendance-lead" || role === "attendance-officer" || role === "teacher";
}

/** Completes a task of this kind (a teacher completes first-day calls only). */
export function canComplete(role: string, kind: string): boolean {
  return canAct(role) && (role !== "teacher" || kind === "first-day-call");
}

/** Imports register files. */
export function canImport(role: string): boolean {
  return role === "attendance-lead" || role === "attendance-officer";
}

/** Checks the audit chain. */
export function canVerifyAudit(role: string): boolean {
  return role === "admin" || role === "attendance-lead" || role === "auditor";
}

/** Reads letters, previews and prints them (GET /api/letters/{id}): casework and auditors. */
export function canReadLetters(role: string): boolean {
  return role === "attendance-lead" || role === "attendance-officer" || role === "auditor";
}

/** Marks a letter sent (records the note and completes the task). */
export function canSendLetters(role: string): boolean {
  return role === "attendance-lead" || role === "attendance-officer";
}

/** Opens the evidence bundle for the local authority. */
export function canExportEvidence(role: string): boolean {
  return role === "attendance-lead" || role === "auditor";
}

/** Manages users (GET/POST /api/users). */
export function canManageUsers(role: string): boolean {
  return role === "admin";
}
