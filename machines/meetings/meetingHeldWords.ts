import { meetingDateWords } from "./meetingScheduled.ts";

const OUTCOME_WORDS: Readonly<Record<string, string>> = {
  "plan-agreed": "Plan agreed",
  "plan-reviewed-improving": "Plan reviewed: attendance improving",
  "plan-reviewed-not-improving": "Plan reviewed: attendance not improving",
  "final-warning": "Final warning given",
};

/** What a SAP meeting (or a contract) recorded, line by line in words, for the history and the evidence bundle. */
export function meetingHeldLines(eventType: string, p: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "") : []);
  const head = eventType === "contractSigned" ? "Contract signed" : (OUTCOME_WORDS[String(p.outcome ?? "plan-agreed")] ?? "Meeting held");
  const target = typeof p.targetAttendancePct === "number" ? `target ${p.targetAttendancePct}%` : null;
  const review = typeof p.reviewDate === "string" ? `review on ${meetingDateWords(p.reviewDate)}` : null;
  lines.push([head, [target, review].filter(Boolean).join(", ")].filter(Boolean).join(": "));
  const attendees = list(p.attendees);
  if (attendees.length) lines.push(`Attended: ${attendees.join(", ")}`);
  const signed = list(p.signedBy);
  if (signed.length) lines.push(`Signed by: ${signed.join(", ")}`);
  const barriers = list(p.barriers);
  if (barriers.length) lines.push(`Barriers: ${barriers.join("; ")}`);
  if (typeof p.targets === "string" && p.targets.trim()) lines.push(`Targets agreed: ${p.targets.trim()}`);
  const actions = Array.isArray(p.actions) ? (p.actions as { action?: unknown; owner?: unknown; dueDate?: unknown }[]) : [];
  for (const a of actions) {
    if (typeof a?.action !== "string") continue;
    lines.push(`Action agreed: ${a.action} (${String(a.owner ?? "no owner")}, by ${typeof a.dueDate === "string" ? meetingDateWords(a.dueDate) : "no date"})`);
  }
  if (typeof p.notes === "string" && p.notes.trim()) lines.push(`Notes: ${p.notes.trim()}`);
  return lines;
}
