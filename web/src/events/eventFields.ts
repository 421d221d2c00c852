import type { z } from "zod";
import { MANUAL_EVENT_PAYLOADS, type ManualEventType } from "../../../machines/policy/events.ts";

/**
 * The form for each event a person records is read from the same zod schema the server validates with
 * (`MANUAL_EVENT_PAYLOADS`), so a field added there appears here.
 */
export type FieldKind = "list" | "number" | "date" | "choice" | "text" | "longText" | "actions";

export interface EventField {
  readonly name: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly options?: readonly string[];
  readonly initial: string;
  readonly hint?: string;
}

const LABELS: Record<string, string> = {
  attendees: "Who attended",
  barriers: "Barriers to attendance",
  targets: "Targets agreed",
  targetAttendancePct: "Target attendance %",
  reviewDate: "Review date",
  outcome: "Outcome",
  notes: "Notes",
  meeting: "Which meeting",
  signedBy: "Signed by",
  support: "Support",
  to: "Referred to",
  coversFrom: "Absence covered from",
  parent: "Parent",
  improvementPeriodSchoolDays: "Improvement period (school days)",
  text: "Note",
  reason: "Reason",
  decidedBy: "Decided by (name and role)",
  purpose: "Kind of referral",
  actions: "Actions agreed",
};

const HINTS: Record<string, string> = {
  attendees: "One per line, e.g. AL, AHT, parent",
  barriers: "One per line",
  signedBy: "One per line",
  improvementPeriodSchoolDays: "15 to 30 school days (3 to 6 weeks)",
  decidedBy: "Who decided that support is not appropriate",
  purpose: "Early help and agency referrals count as support; a legal referral does not",
  actions: "Each action with who will do it and by when: each becomes a task on the case",
};

const LONG_TEXT = new Set(["notes", "targets", "text"]);

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; defaultValue?: unknown; entries?: Record<string, string> };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** "plan-reviewed-not-improving" → "Plan reviewed, not improving"-ish words for a select. */
export function optionWords(value: string): string {
  const text = value.replace(/-/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fieldOf(name: string, schema: z.ZodType): EventField {
  let inner = schema;
  let required = true;
  let initial = "";
  for (;;) {
    const d = defOf(inner);
    if (d.type === "optional") {
      required = false;
      inner = d.innerType!;
    } else if (d.type === "default") {
      required = false;
      if (typeof d.defaultValue === "string") initial = d.defaultValue;
      inner = d.innerType!;
    } else break;
  }
  const d = defOf(inner);
  const base = { name, label: LABELS[name] ?? optionWords(name), required, hint: HINTS[name] };
  // A list of records (the actions agreed at a meeting): rows of their own fields, kept as JSON in the form.
  if (d.type === "array" && d.element && defOf(d.element).type === "object") return { ...base, kind: "actions", initial: "[]" };
  if (d.type === "array") return { ...base, kind: "list", initial: "" };
  if (d.type === "number") return { ...base, kind: "number", initial: "" };
  if (d.type === "enum") {
    const options = Object.values(d.entries ?? {});
    return { ...base, kind: "choice", options, initial: initial || (required ? "" : options[0] ?? "") };
  }
  // A date field is one whose schema takes a date and refuses other words.
  if (inner.safeParse("2025-01-31").success && !inner.safeParse("soon").success) return { ...base, kind: "date", initial: "" };
  return { ...base, kind: LONG_TEXT.has(name) ? "longText" : "text", initial };
}

export function eventFields(type: ManualEventType): EventField[] {
  const schema = MANUAL_EVENT_PAYLOADS[type] as unknown as { shape: Record<string, z.ZodType> };
  return Object.entries(schema.shape).map(([name, s]) => fieldOf(name, s));
}

export type FormValues = Record<string, string>;

/** The payload a form's words make: lists split by line or comma, numbers read, empty optional fields left out. */
export function toPayload(fields: readonly EventField[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = (values[f.name] ?? "").trim();
    if (f.kind === "actions") {
      const rows = parseActionRows(raw);
      if (rows.length > 0 || f.required) out[f.name] = rows;
    } else if (f.kind === "list") {
      const items = raw.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean);
      if (items.length > 0 || f.required) out[f.name] = items;
    } else if (f.kind === "number") {
      if (raw !== "") out[f.name] = Number(raw);
      else if (f.required) out[f.name] = undefined;
    } else if (raw !== "" || f.required) out[f.name] = raw;
  }
  return out;
}

/** One action agreed at a meeting, as typed: its due date already yyyy-mm-dd when it is a real date. */
export interface ActionRow {
  action: string;
  owner: string;
  dueDate: string;
}

/** The action rows kept in the form (JSON), leaving out rows with nothing typed in them. */
export function parseActionRows(raw: string): ActionRow[] {
  let rows: unknown;
  try {
    rows = JSON.parse(raw || "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(rows)) return [];
  return rows
    .map((r) => ({ action: String(r?.action ?? "").trim(), owner: String(r?.owner ?? "").trim(), dueDate: String(r?.dueDate ?? "").trim() }))
    .filter((r) => r.action !== "" || r.owner !== "" || r.dueDate !== "");
}

const ACTION_PART: Record<string, string> = { action: "say what was agreed", owner: "say who will do it", dueDate: "give its due date as day/month/year" };

/** An action's problem in words: "Action 2: say who will do it." */
export function actionProblem(path: readonly PropertyKey[], message: string): string {
  const n = typeof path[1] === "number" ? path[1] + 1 : Number(path[1]) + 1;
  const part = String(path[2] ?? "");
  const what = part === "dueDate" && /YYYY-MM-DD/.test(message) ? ACTION_PART.dueDate! : message || ACTION_PART[part] || "check it";
  return Number.isFinite(n) ? `Action ${n}: ${what}.` : `${what.charAt(0).toUpperCase()}${what.slice(1)}.`;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
}

const DEFAULT_MESSAGE = /^(Too small|Too big|Invalid|Unrecognized|Expected)/;

/** A zod issue in words a school office understands. */
export function friendlyMessage(issue: Issue, field: EventField | undefined): string {
  if (field?.kind === "date") return "Enter a real date as day/month/year, for example 29/08/2025.";
  if (!DEFAULT_MESSAGE.test(issue.message)) return issue.message.charAt(0).toUpperCase() + issue.message.slice(1) + (issue.message.endsWith(".") ? "" : ".");
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "array") return "Add at least one.";
      if (issue.origin === "number") return `Must be at least ${issue.minimum}.`;
      return "Fill this in.";
    case "too_big":
      if (issue.origin === "number") return `Must be at most ${issue.maximum}.`;
      return "This is too long.";
    case "invalid_type":
      if (issue.expected === "int") return "Enter a whole number.";
      if (issue.expected === "number") return "Enter a number.";
      return "Fill this in.";
    case "invalid_value":
      return "Choose one of the options.";
    case "unrecognized_keys":
      return "This form has a field the server does not know; reload the page.";
    default:
      return "Check this.";
  }
}

export type Validation =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/** Validates a form with the server's own schema; errors by field name ("form" for the whole). */
export function validateEvent(type: ManualEventType, fields: readonly EventField[], values: FormValues): Validation {
  const result = MANUAL_EVENT_PAYLOADS[type].safeParse(toPayload(fields, values));
  if (result.success) return { ok: true, payload: result.data as Record<string, unknown> };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const name = issue.path.length > 0 ? String(issue.path[0]) : "form";
    const field = fields.find((f) => f.name === name);
    errors[name] ??= field?.kind === "actions" && issue.path.length > 1 ? actionProblem(issue.path, issue.message) : friendlyMessage(issue as unknown as Issue, field);
  }
  return { ok: false, errors };
}
