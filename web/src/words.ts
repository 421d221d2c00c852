import { STAGE_NAMES } from "../../machines/policy/schema.ts";
import { QUICK_OUTCOMES_BY_KIND } from "../../machines/tasks/index.ts";

/** The words the app uses for flags, stages, tasks and figures. */
export const FLAG_WORDS: Record<string, string> = {
  socialWorker: "Social worker",
  lookedAfter: "Looked after",
  send: "SEND",
  pupilPremium: "Pupil premium",
  youngCarer: "Young carer",
  eal: "EAL",
};

export const TASK_KIND_WORDS: Record<string, string> = {
  "first-day-call": "First-day call",
  "home-visit": "Home visit",
  letter: "Letter to send",
  meeting: "Meeting",
  review: "Review",
  referral: "Referral",
  notification: "Notification",
  "penalty-notice": "Penalty-notice decision",
  "legal-referral": "Legal referral",
  "agreed-action": "Agreed action",
};

/** Outcomes offered with one click when completing a task, by kind: each task kind's own (machines/tasks/). */
export const QUICK_OUTCOMES: Record<string, readonly string[]> = QUICK_OUTCOMES_BY_KIND;

export function stageName(stage: string): string {
  return STAGE_NAMES[stage as keyof typeof STAGE_NAMES] ?? stage;
}

export function formatPct(pct: number | null | undefined): string {
  return pct === null || pct === undefined ? "—" : `${pct.toFixed(1)}%`;
}

/** "2025-03-21" → "Fri 21 Mar 2025" (the date as written, no time zone shift). */
export function formatDate(date: string | null | undefined, weekday = true): string {
  if (!date) return "—";
  const d = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString("en-GB", { ...(weekday ? { weekday: "short" as const } : {}), day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function yearGroupWords(y: string | undefined): string {
  if (!y) return "—";
  if (y === "R") return "Reception";
  return /^\d+$/.test(y) ? `Year ${y}` : y;
}
