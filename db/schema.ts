/**
 * Rollcall's tables (drizzle sqlite-core, for libSQL). Migrations in `db/migrations/` are generated from this
 * file with `npm run db:generate`; never edit a generated migration, add a new one.
 *
 * Conventions: dates are `YYYY-MM-DD` text (school dates, calendar days), instants are ISO 8601 text in UTC
 * (`2025-01-31T08:15:00.000Z`), booleans are integers 0/1, JSON is text. Pupil data is personal data about
 * children: nothing here is ever logged.
 */
import { sql } from "drizzle-orm";
import {
  blob,
  check,
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

export const pupils = sqliteTable(
  "pupils",
  {
    upn: text("upn").primaryKey(),
    forename: text("forename").notNull(),
    surname: text("surname").notNull(),
    yearGroup: text("year_group").notNull(),
    dateOfBirth: text("date_of_birth"),
    sex: text("sex"),
    pupilPremium: integer("pupil_premium", { mode: "boolean" }).notNull().default(false),
    send: integer("send", { mode: "boolean" }).notNull().default(false),
    eal: integer("eal", { mode: "boolean" }).notNull().default(false),
    socialWorker: integer("social_worker", { mode: "boolean" }).notNull().default(false),
    lookedAfter: integer("looked_after", { mode: "boolean" }).notNull().default(false),
    youngCarer: integer("young_carer", { mode: "boolean" }).notNull().default(false),
    class: text("class"),
    updatedAt: text("updated_at").notNull(),
    /**
     * A long-term individual circumstance the school takes into account in class celebration figures only
     * (Highfield Farm): the reason, or null when the pupil counts. Never used for statutory or pupil figures.
     */
    celebrationExclusion: text("celebration_exclusion"),
    /** Who set or cleared it last (a username, or "pupils import"), and when (ISO instant). */
    celebrationExclusionBy: text("celebration_exclusion_by"),
    celebrationExclusionAt: text("celebration_exclusion_at"),
  },
  (t) => [index("pupils_name_idx").on(t.surname, t.forename), index("pupils_year_group_idx").on(t.yearGroup)],
);

/** The school calendar: a day with at least one possible session for any pupil. */
export const schoolDays = sqliteTable("school_days", {
  date: text("date").primaryKey(),
});

/**
 * Compact marks: one row per pupil per school year (the year in which the academic year starts, so
 * September 2024 to August 2025 is 2024). `marks` is 732 bytes: slot `2 × (days since 1 September) + (0 AM |
 * 1 PM)` holds the code index of `machines/attendance/codes.ts` (`codeIndex()`), 0 = no mark.
 */
export const pupilRegisters = sqliteTable(
  "pupil_registers",
  {
    upn: text("upn").notNull(),
    schoolYear: integer("school_year").notNull(),
    marks: blob("marks", { mode: "buffer" }).notNull(),
    /**
     * The marks' seals (db/auditSeals.ts): for each 64-byte chunk of `marks`, 32 bytes of
     * HMAC-SHA-256(audit key, "register\n" upn "\n" school year "\n" chunk "\n" chunk bytes), and the id of the key.
     */
    seals: blob("seals", { mode: "buffer" }),
    sealKeyId: text("seal_key_id"),
  },
  (t) => [primaryKey({ columns: [t.upn, t.schoolYear] }), index("pupil_registers_year_idx").on(t.schoolYear, t.upn)],
);

/** Imported files, so the same file is never applied twice. */
export const imports = sqliteTable(
  "imports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["pupils", "marks"] }).notNull(),
    sha256: text("sha256").notNull(),
    fileName: text("file_name").notNull(),
    rows: integer("rows").notNull(),
    changed: integer("changed").notNull().default(0),
    recordedAt: text("recorded_at").notNull(),
    actor: text("actor").notNull(),
  },
  (t) => [
    uniqueIndex("imports_kind_sha256_idx").on(t.kind, t.sha256),
    check("imports_kind_check", sql`${t.kind} in ('pupils', 'marks')`),
  ],
);

/** Append-only: every change of a mark already stored (a mark given for the first time is not an amendment). */
/**
 * The school's term dates, as uploaded (a calendar file of term and closure rows); every upload is kept and the
 * latest is in force. They say what follows the register's last day (a weekend, a half term, a holiday), so a
 * day close knows on the day itself that a school week, half term, term or year has ended
 * (`CalendarOptions` in machines/attendance/calendar.ts). The register's own school days stay the calendar.
 */
export const termDates = sqliteTable("term_dates", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  sha256: text("sha256").notNull(),
  fileName: text("file_name").notNull(),
  /** The file as uploaded. */
  text: text("text").notNull(),
  /** The school days the file plans: a JSON array of `YYYY-MM-DD`, ascending. */
  schoolDays: text("school_days").notNull(),
  firstDay: text("first_day").notNull(),
  lastDay: text("last_day").notNull(),
  recordedAt: text("recorded_at").notNull(),
  actor: text("actor").notNull(),
});

export const markAmendments = sqliteTable(
  "mark_amendments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    upn: text("upn").notNull(),
    date: text("date").notNull(),
    session: text("session", { enum: ["AM", "PM"] }).notNull(),
    oldMark: text("old_mark"),
    newMark: text("new_mark").notNull(),
    importId: integer("import_id")
      .notNull()
      .references(() => imports.id),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [
    index("mark_amendments_upn_date_idx").on(t.upn, t.date),
    index("mark_amendments_import_idx").on(t.importId),
    check("mark_amendments_session_check", sql`${t.session} in ('AM', 'PM')`),
  ],
);

/** Published policies. Immutable: a new version is a new row (a trigger refuses UPDATE and DELETE). */
export const policies = sqliteTable(
  "policies",
  {
    id: text("id").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    document: text("document").notNull(),
    publishedAt: text("published_at").notNull(),
    publishedBy: text("published_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] })],
);

/** One case per pupil: the persisted machine snapshot (`value`, `context`), guarded by `revision`. */
export const cases = sqliteTable(
  "cases",
  {
    upn: text("upn")
      .primaryKey()
      .references(() => pupils.upn),
    policyId: text("policy_id").notNull(),
    policyVersion: integer("policy_version").notNull(),
    stage: text("stage").notNull(),
    state: text("state").notNull(),
    value: text("value").notNull(),
    context: text("context").notNull(),
    revision: integer("revision").notNull().default(1),
    processedThrough: text("processed_through"),
    openedOn: text("opened_on").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.policyId, t.policyVersion], foreignColumns: [policies.id, policies.version] }),
    index("cases_stage_idx").on(t.stage),
  ],
);

/** Append-only, hash-chained per case (see `db/history.ts` for the recipe). */
export const caseHistory = sqliteTable(
  "case_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    upn: text("upn").notNull(),
    seq: integer("seq").notNull(),
    schoolDate: text("school_date").notNull(),
    recordedAt: text("recorded_at").notNull(),
    actor: text("actor").notNull(),
    eventType: text("event_type").notNull(),
    event: text("event").notNull(),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
    rule: text("rule"),
    reason: text("reason"),
    tasks: text("tasks").notNull(),
    policyId: text("policy_id").notNull(),
    policyVersion: integer("policy_version").notNull(),
    revisionAfter: integer("revision_after").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [uniqueIndex("case_history_upn_seq_idx").on(t.upn, t.seq)],
);

export const tasks = sqliteTable(
  "tasks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    upn: text("upn")
      .notNull()
      .references(() => pupils.upn),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    rule: text("rule").notNull(),
    template: text("template"),
    createdOn: text("created_on").notNull(),
    dueOn: text("due_on"),
    status: text("status", { enum: ["open", "done", "cancelled"] })
      .notNull()
      .default("open"),
    outcome: text("outcome"),
    completedBy: text("completed_by"),
    completedAt: text("completed_at"),
    historySeq: integer("history_seq"),
    /** Times the same open task (pupil, kind, rule) was raised again and merged into this one (machines/tasks/). */
    raisedAgain: integer("raised_again").notNull().default(0),
    /** The school date it was last raised again. */
    lastRaisedOn: text("last_raised_on"),
    /** Who the task is with (a username), or null: unassigned (migration 0013; every change in task_assignments). */
    assignee: text("assignee"),
  },
  (t) => [
    index("tasks_status_due_idx").on(t.status, t.dueOn),
    index("tasks_assignee_status_idx").on(t.assignee, t.status),
    // The caseload's open and overdue counts per pupil.
    index("tasks_upn_status_due_idx").on(t.upn, t.status, t.dueOn),
    index("tasks_upn_idx").on(t.upn),
    check("tasks_status_check", sql`${t.status} in ('open', 'done', 'cancelled')`),
  ],
);

/** Every assignment of a task, append-only (triggers): who it went to, from whom, who did it, when and how. */
export const taskAssignments = sqliteTable(
  "task_assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskId: integer("task_id")
      .notNull()
      .references(() => tasks.id),
    upn: text("upn").notNull(),
    /** The username it went to; null: made unassigned. */
    assignee: text("assignee"),
    /** Who had it before (null: nobody). */
    previous: text("previous"),
    assignedBy: text("assigned_by").notNull(),
    assignedAt: text("assigned_at").notNull(),
    /** `assigned` (the lead), `taken` (assign to me), `released`, `rule` (a new task to the case's key worker). */
    how: text("how").notNull(),
  },
  (t) => [index("task_assignments_task_idx").on(t.taskId, t.id), index("task_assignments_upn_idx").on(t.upn, t.id)],
);

/** Calls, home visits, meetings, conversations. */
export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    upn: text("upn")
      .notNull()
      .references(() => pupils.upn),
    date: text("date").notNull(),
    kind: text("kind").notNull(),
    withWhom: text("with_whom").notNull(),
    summary: text("summary").notNull(),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [index("contacts_upn_idx").on(t.upn, t.date)],
);

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  role: text("role").notNull(),
  /** For a teacher: the classes and year groups they may see, as a JSON array (`["3A", "Y4"]`). */
  scope: text("scope"),
  createdAt: text("created_at").notNull(),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
});

/** Login sessions. `id` is the SHA-256 (hex) of the session token; the token itself is never stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Who looked at or changed what (pupil data is personal data). */
export const accessLog = sqliteTable(
  "access_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id),
    at: text("at").notNull(),
    action: text("action").notNull(),
    upn: text("upn"),
    detail: text("detail"),
  },
  (t) => [index("access_log_upn_idx").on(t.upn, t.at), index("access_log_at_idx").on(t.at)],
);

/**
 * Each case's sealed head (db/auditSeals.ts): the seq and hash of the newest history entry, sealed with the audit
 * key (HMAC-SHA-256). Deleting the newest entries, or rewriting a chain with the public recipe, leaves the chain
 * short of, or different from, its sealed head.
 */
export const caseHeads = sqliteTable("case_heads", {
  upn: text("upn").primaryKey(),
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
  keyId: text("key_id").notNull(),
  mac: text("mac").notNull(),
});

/**
 * Sealed tallies of the audited tables (db/auditSeals.ts), moved on by the application in the same transaction as
 * the rows they count: `case_history` (rows, max id, cases with a history), `access_log` (rows, max id), `cases`
 * (rows, sum of revisions). A row deleted or a revision edited behind the application's back leaves the table
 * short of its sealed tally.
 */
export const auditSeals = sqliteTable("audit_seals", {
  name: text("name").primaryKey(),
  rows: integer("rows").notNull(),
  maxId: integer("max_id").notNull(),
  total: integer("total").notNull(),
  sealedAt: text("sealed_at").notNull(),
  keyId: text("key_id").notNull(),
  mac: text("mac").notNull(),
});

/**
 * API tokens for machine clients (an MIS connector, a nightly script): sent as `Authorization: Bearer <token>`.
 * `token_hash` is the SHA-256 (hex) of the token; the token itself is shown once and never stored. Each token
 * acts as its own user row (`user_id`: username `token:<name>`, the token's role, disabled so it can never sign
 * in), so the access log, imports and case history name the token. Revoked (`revoked_at`) or past `expires_on`
 * (the last day it works, `YYYY-MM-DD`, UTC) → 401. Names are never reused.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull().unique(),
    role: text("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    expiresOn: text("expires_on"),
    revokedAt: text("revoked_at"),
    revokedBy: integer("revoked_by").references(() => users.id),
  },
);

/**
 * A pupil's parents and carers (issue 15; migration 0010), as versioned rows, append-only (triggers): `parent_id`
 * is the person, `version` counts their changes; the row with the highest version is what is held now, unless
 * it is `removed`. Every version says who made it, when and how (`source`: `by hand` or `import <id>`), so the
 * parent a notice was addressed to can be shown as held on the day. Not to be confused with `contacts`, the log
 * of calls and visits.
 */
export const parentsCarers = sqliteTable(
  "parents_carers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    parentId: integer("parent_id").notNull(),
    version: integer("version").notNull(),
    upn: text("upn")
      .notNull()
      .references(() => pupils.upn),
    name: text("name").notNull(),
    relationship: text("relationship").notNull(),
    parentalResponsibility: integer("parental_responsibility", { mode: "boolean" }).notNull(),
    livesWithPupil: integer("lives_with_pupil", { mode: "boolean" }).notNull(),
    /** JSON array of the address's lines, without the postcode. */
    addressLines: text("address_lines").notNull().default("[]"),
    postcode: text("postcode"),
    phone: text("phone"),
    email: text("email"),
    /** 1 is contacted first. */
    priority: integer("priority").notNull(),
    /** Letters go to them. */
    correspondence: integer("correspondence", { mode: "boolean" }).notNull(),
    /** Liable for notices (a notice to improve, a penalty notice): null when the school has not said. */
    liableForNotices: integer("liable_for_notices", { mode: "boolean" }),
    removed: integer("removed", { mode: "boolean" }).notNull().default(false),
    changedBy: text("changed_by").notNull(),
    changedAt: text("changed_at").notNull(),
    source: text("source").notNull(),
    reason: text("reason"),
  },
  (t) => [uniqueIndex("parents_carers_parent_version_idx").on(t.parentId, t.version), index("parents_carers_upn_idx").on(t.upn, t.parentId, t.version)],
);

/** Parents and carers files imported (so the same file is never applied twice); append-only (triggers). */
export const parentsCarersImports = sqliteTable(
  "parents_carers_imports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sha256: text("sha256").notNull(),
    fileName: text("file_name").notNull(),
    rows: integer("rows").notNull(),
    changed: integer("changed").notNull(),
    recordedAt: text("recorded_at").notNull(),
    actor: text("actor").notNull(),
  },
  (t) => [uniqueIndex("parents_carers_imports_sha256_idx").on(t.sha256)],
);

/**
 * Letters as printed (migration 0011): the first print, download or PDF of a letter task freezes its merged text,
 * date and figures here (JSON), with the SHA-256 digest its `letterPrinted` history entry carries. One row per
 * letter; append-only (triggers).
 */
export const letterCopies = sqliteTable(
  "letter_copies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskId: integer("task_id")
      .notNull()
      .references(() => tasks.id),
    upn: text("upn").notNull(),
    /** The school date it was first printed: the letter's own date. */
    printedOn: text("printed_on").notNull(),
    printedAt: text("printed_at").notNull(),
    printedBy: text("printed_by").notNull(),
    /** `print` (the browser), `document`, `pdf`, `bulk-pdf`, `bulk-print`. */
    how: text("how").notNull(),
    letter: text("letter").notNull(),
    digest: text("digest").notNull(),
    historySeq: integer("history_seq"),
  },
  (t) => [uniqueIndex("letter_copies_task_idx").on(t.taskId), index("letter_copies_upn_idx").on(t.upn)],
);

/** When, by whom and how a letter was sent (migration 0011), apart from the letter's own date. Append-only; the newest row per letter is in force. */
export const letterSendings = sqliteTable(
  "letter_sendings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskId: integer("task_id")
      .notNull()
      .references(() => tasks.id),
    upn: text("upn").notNull(),
    sentOn: text("sent_on").notNull(),
    sentBy: text("sent_by").notNull(),
    how: text("how").notNull(),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [index("letter_sendings_task_idx").on(t.taskId, t.id)],
);
