/**
 * Letters: a policy's template (`policy.letters[].body`, with {{merge.fields}}) filled in for one letter task.
 * A field with no value, or one Rollcall does not know, stays in the letter visibly as `[field]` and is listed
 * in `missing`, so nothing goes out silently blank.
 */
import type { PupilMetrics } from "../../machines/attendance/metrics.ts";
import { PENALTY_THRESHOLD_SCHOOL_WEEKS } from "../../machines/attendance/metrics.ts";
import type { CaseTarget } from "../../machines/case/types.ts";
import type { Policy } from "../../machines/policy/schema.ts";
import { longDate } from "../print/html.ts";

const FIELD = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The merge fields a template may use, and what each holds. */
export const MERGE_FIELDS: Readonly<Record<string, string>> = {
  "pupil.forename": "the pupil's first name",
  "pupil.surname": "the pupil's last name",
  "pupil.name": "the pupil's full name",
  "pupil.yearGroup": "year group (Year 4, Reception)",
  "pupil.class": "class",
  "pupil.dateOfBirth": "date of birth",
  "parent.name": "the names of the parents and carers letters go to (correspondence: yes) at the first one's address, joined with \"and\"; \"Parent/Carer of <pupil>\" when none is held",
  "parent.address": "that address, one line each, with the postcode",
  attendancePct: "attendance % this year, one decimal (write the % sign in the template)",
  "attendance.pct": "the same as attendancePct",
  "attendance.asOf": "the date the figures are as of",
  "attendance.possibleSessions": "possible sessions",
  "attendance.attendedSessions": "sessions attended",
  "attendance.authorisedSessions": "authorised absence sessions",
  "attendance.unauthorisedSessions": "unauthorised absence sessions this year",
  unauthorisedSessions: "unauthorised sessions in the window of the rule that raised the letter (10 school weeks when it has none)",
  unauthorisedSessionsLast10Weeks: "unauthorised sessions in the last 10 school weeks",
  "target.attendancePct": "the attendance target set at a meeting or contract",
  "target.setOn": "when the target was set",
  "target.reviewOn": "when the target is reviewed",
  reviewDate: "the review date agreed at the last meeting or contract",
  meetingDate: "the date of the meeting the letter invites to, as scheduled on the case (Tuesday 16 September 2025)",
  meetingTime: "its time (9.30am)",
  meetingPlace: "its place",
  date: "the letter's date",
  today: "the same as date",
  "school.name": "the school (the policy's source school)",
  "letter.title": "the letter's title",
};

export interface MergeResult {
  readonly text: string;
  /** Fields with no value or not known, in order of first use. */
  readonly missing: readonly string[];
}

export function mergeTemplate(body: string, fields: Readonly<Record<string, string | null | undefined>>): MergeResult {
  const missing: string[] = [];
  const text = body.replace(FIELD, (_, name: string) => {
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (value === null || value === undefined || value.trim() === "") {
      if (!missing.includes(name)) missing.push(name);
      return `[${name}]`;
    }
    return value;
  });
  return { text, missing };
}

function yearWords(y: string | undefined | null): string | null {
  if (!y) return null;
  if (y === "R") return "Reception";
  return /^\d+$/.test(y) ? `Year ${y}` : y;
}

const one = (n: number | null | undefined) => (n === null || n === undefined ? null : n.toFixed(1));

export interface LetterInputs {
  readonly pupil: { forename: string; surname: string; yearGroup: string; class?: string | null; dateOfBirth?: string | null } | null;
  readonly metrics: PupilMetrics | null;
  /** Unauthorised sessions in the raising rule's window. */
  readonly unauthorisedInRuleWindow: number | null;
  readonly target: CaseTarget | null;
  readonly reviewDate: string | null;
  readonly date: string;
  readonly schoolName: string | null;
  readonly title: string;
  /** The meeting the letter invites to, as scheduled on the case (server/cases/plan.ts), in words. */
  readonly meeting?: { readonly date: string; readonly time: string; readonly place: string } | null;
  /** The pupil's parents and carers held now (db/parentsCarers.ts); letters go to those with correspondence: yes. */
  readonly parents?: readonly LetterParent[];
}

/** What a letter needs of a parent or carer. */
export interface LetterParent {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly postcode: string | null;
  readonly correspondence: boolean;
  readonly priority: number;
}

/**
 * Who a letter is addressed to: the parents and carers with correspondence: yes, first contact first; those who
 * live at the first one's address share the letter. None: no names (the salutation falls back) and no address.
 */
export function letterRecipients(parents: readonly LetterParent[]): { names: string | null; address: string | null } {
  const to = parents.filter((p) => p.correspondence).sort((a, b) => a.priority - b.priority);
  const first = to[0];
  if (!first) return { names: null, address: null };
  const where = (p: LetterParent) => JSON.stringify([p.addressLines.map((l) => l.trim().toLowerCase()), (p.postcode ?? "").toUpperCase()]);
  const together = to.filter((p) => where(p) === where(first)).map((p) => p.name);
  const names = together.length > 1 ? `${together.slice(0, -1).join(", ")} and ${together.at(-1)}` : together[0]!;
  const lines = [...first.addressLines, first.postcode ?? ""].map((l) => l.trim()).filter(Boolean);
  return { names, address: lines.length ? lines.join("\n") : null };
}

/** The letter's recipient block: the names, then the address (or `[parent.address]` when none is held). */
export function recipientText(fields: Readonly<Record<string, string | null | undefined>>): string {
  return `${fields["parent.name"] ?? "[parent.name]"}\n${fields["parent.address"] ?? "[parent.address]"}`;
}

/** The missing fields with the recipient's added (the address when none is held), so the letter lists them. */
export function withRecipientMissing(missing: readonly string[], fields: Readonly<Record<string, string | null | undefined>>): string[] {
  const out = [...missing];
  for (const f of ["parent.name", "parent.address"]) if (!fields[f] && !out.includes(f)) out.push(f);
  return out;
}

export function mergeFields(i: LetterInputs): Record<string, string | null> {
  const p = i.pupil;
  const m = i.metrics && i.metrics.possibleSessions > 0 ? i.metrics : null;
  const to = letterRecipients(i.parents ?? []);
  return {
    "pupil.forename": p?.forename ?? null,
    "pupil.surname": p?.surname ?? null,
    "pupil.name": p ? `${p.forename} ${p.surname}` : null,
    "pupil.yearGroup": yearWords(p?.yearGroup),
    "pupil.class": p?.class ?? null,
    "pupil.dateOfBirth": p?.dateOfBirth ? longDate(p.dateOfBirth) : null,
    "parent.name": to.names ?? (p ? `Parent/Carer of ${p.forename} ${p.surname}` : null),
    "parent.address": to.address,
    attendancePct: one(m?.attendancePct),
    "attendance.pct": one(m?.attendancePct),
    "attendance.asOf": m?.asOf ? longDate(m.asOf) : null,
    "attendance.possibleSessions": m ? String(m.possibleSessions) : null,
    "attendance.attendedSessions": m ? String(m.attendedSessions) : null,
    "attendance.authorisedSessions": m ? String(m.authorisedAbsenceSessions) : null,
    "attendance.unauthorisedSessions": m ? String(m.unauthorisedAbsenceSessions) : null,
    unauthorisedSessions: m && i.unauthorisedInRuleWindow !== null ? String(i.unauthorisedInRuleWindow) : null,
    unauthorisedSessionsLast10Weeks: m ? String(m.unauthorisedSessionsLast10SchoolWeeks) : null,
    "target.attendancePct": i.target ? String(i.target.attendancePct) : null,
    "target.setOn": i.target ? longDate(i.target.setOn) : null,
    "target.reviewOn": i.target?.reviewOn ? longDate(i.target.reviewOn) : null,
    reviewDate: i.reviewDate ? longDate(i.reviewDate) : i.target?.reviewOn ? longDate(i.target.reviewOn) : null,
    date: longDate(i.date),
    today: longDate(i.date),
    "school.name": i.schoolName,
    "letter.title": i.title,
    meetingDate: i.meeting?.date ?? null,
    meetingTime: i.meeting?.time ?? null,
    meetingPlace: i.meeting?.place ?? null,
  };
}

/**
 * A meeting invitation whose template names no meeting field, once a meeting is scheduled for it, says when and
 * where all the same: a paragraph after the template's own. A template that uses the fields is left as written.
 */
export function withMeetingDetails(body: string, fields: Readonly<Record<string, string | null | undefined>>): string {
  if (!fields.meetingDate || /\{\{\s*meeting(Date|Time|Place)\s*\}\}/.test(body)) return body;
  return `${body}\n\nThe meeting is on {{meetingDate}} at {{meetingTime}}, at {{meetingPlace}}.`;
}

/**
 * The school weeks of the rule that raised a letter, when it counts unauthorised sessions in a window
 * (`{ unauthorisedSessions: { atLeast, inSchoolWeeks } }`, a number or a `$parameter`); 10 otherwise.
 */
export function ruleWindowWeeks(policy: Policy, ruleId: string): number {
  const rule = findById(policy, ruleId);
  const window = rule ? findKey(rule.when, "unauthorisedSessions") : undefined;
  const weeks = window && typeof window === "object" ? (window as { inSchoolWeeks?: unknown }).inSchoolWeeks : undefined;
  if (typeof weeks === "number") return weeks;
  if (typeof weeks === "string" && weeks.startsWith("$")) {
    const value = policy.parameters[weeks.slice(1)]?.value;
    if (typeof value === "number") return value;
  }
  return PENALTY_THRESHOLD_SCHOOL_WEEKS;
}

function findById(node: unknown, id: string): { when?: unknown } | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const hit = findById(n, id);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!node || typeof node !== "object") return undefined;
  const o = node as Record<string, unknown>;
  if (o.id === id && "on" in o) return o as { when?: unknown };
  for (const [k, v] of Object.entries(o)) {
    if (k === "letters" || k === "bands" || k === "parameters") continue;
    const hit = findById(v, id);
    if (hit) return hit;
  }
  return undefined;
}

function findKey(node: unknown, key: string): unknown {
  if (!node || typeof node !== "object") return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const hit = findKey(n, key);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  const o = node as Record<string, unknown>;
  if (key in o) return o[key];
  for (const v of Object.values(o)) {
    const hit = findKey(v, key);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
