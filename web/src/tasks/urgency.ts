/**
 * Today by urgency (issue 15): what comes first on an attendance lead's morning, and whose tasks are shown.
 *
 * 1. Safeguarding and statutory: a safeguarding notification (the social worker, the Virtual School, a concern
 *    raised with the DSL), then what the law asks of the school (a rule `statutory:…`: a first-day call, telling
 *    the local authority), whatever its date. Safeguarding comes before statutory, then the oldest due first.
 * 2. Overdue casework: calls, visits, meetings, reviews, referrals already late, the oldest first.
 * 3. Casework due today (and undated).
 * 4. Letters, last: the post comes after the casework (statutory letters too: the step that raised them is done).
 */

import { TASK_KIND_DEFS } from "../../../machines/tasks/index.ts";

export interface UrgencyTask {
  readonly id: number;
  readonly kind: string;
  readonly rule: string;
  readonly dueOn: string | null;
  readonly safeguarding: boolean;
  readonly assignee?: string | null;
}

export const SECTIONS = ["safeguarding", "overdue", "due", "letters"] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_WORDS: Record<Section, { title: string; empty: string }> = {
  safeguarding: { title: "Safeguarding and statutory first", empty: "No safeguarding or statutory tasks." },
  overdue: { title: "Overdue casework", empty: "No casework overdue." },
  due: { title: "Casework due today", empty: "No other casework due today." },
  letters: { title: "Letters to send", empty: "No letters to send." },
};

/** Kinds within a section, most urgent first: each task kind's module says where it comes (machines/tasks/). */
export const KIND_ORDER: readonly string[] = Object.values(TASK_KIND_DEFS)
  .sort((a, b) => a.urgency - b.urgency)
  .map((d) => d.kind);

export function isStatutory(task: Pick<UrgencyTask, "rule">): boolean {
  return task.rule.startsWith("statutory:");
}

export function sectionOf(task: UrgencyTask, today: string): Section {
  if (task.kind === "letter") return "letters";
  if (task.safeguarding || isStatutory(task)) return "safeguarding";
  return task.dueOn !== null && task.dueOn < today ? "overdue" : "due";
}

const kindRank = (kind: string) => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

/** Within a section: safeguarding before the rest, then the oldest due date (undated last), then by kind, then oldest raised. */
export function byUrgency(a: UrgencyTask, b: UrgencyTask): number {
  return (
    Number(b.safeguarding) - Number(a.safeguarding) ||
    (a.dueOn ?? "9999").localeCompare(b.dueOn ?? "9999") ||
    kindRank(a.kind) - kindRank(b.kind) ||
    a.id - b.id
  );
}

/** The tasks in their sections, each section in order. */
export function bySection<T extends UrgencyTask>(tasks: readonly T[], today: string): Record<Section, T[]> {
  const out: Record<Section, T[]> = { safeguarding: [], overdue: [], due: [], letters: [] };
  for (const t of tasks) out[sectionOf(t, today)].push(t);
  for (const s of SECTIONS) out[s].sort(byUrgency);
  return out;
}

/**
 * Whose tasks Today shows: `mine+unassigned` (an officer's default), `mine`, `unassigned`, `everyone` (the lead's
 * default), or `person:<username>`.
 */
export type WhoseFilter = "mine+unassigned" | "mine" | "unassigned" | "everyone" | `person:${string}`;

export function defaultWhose(role: string): WhoseFilter {
  return role === "attendance-officer" ? "mine+unassigned" : "everyone";
}

export function shownFor(task: Pick<UrgencyTask, "assignee">, whose: WhoseFilter, me: string): boolean {
  const a = task.assignee ?? null;
  switch (whose) {
    case "everyone":
      return true;
    case "mine":
      return a === me;
    case "unassigned":
      return a === null;
    case "mine+unassigned":
      return a === me || a === null;
    default:
      return a === whose.slice("person:".length);
  }
}
