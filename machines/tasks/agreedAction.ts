import { z } from "zod";
import type { FollowUp, TaskKindDef } from "./types.ts";

/**
 * An action agreed at a meeting (a School Attendance Panel, a contract's review): what, who does it, by when. Each
 * becomes a task of this kind, due on its date, done from the case page; the case page's plan lists them.
 */
export const AgreedAction = z
  .object({
    action: z.string().trim().min(1, "say what was agreed"),
    owner: z.string().trim().min(1, "say who will do it"),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date in the form YYYY-MM-DD"),
  })
  .strict();
export type AgreedAction = z.infer<typeof AgreedAction>;

/** The rule an agreed action's task carries: the plan finds its actions by it. */
export const AGREED_ACTION_RULE = "follow-up:agreed-action";

/** The task's title: what and who (the due date is the task's own). */
export const agreedActionTitle = (a: AgreedAction): string => `${a.action} (${a.owner})`;

export const agreedAction: TaskKindDef = {
  kind: "agreed-action",
  words: "Agreed action",
  outcomes: [{ words: "Done" }, { words: "Not done: agreed at the review" }],
  // Nothing recorded on the case answers an agreed action: whoever owns it says it is done.
  answeredBy: [],
  urgency: 8,
  mergeOpen: false,
};

/** The tasks a meeting's agreed actions raise: one each, due on its own date. */
export function agreedActionFollowUps(payload: Record<string, unknown>): FollowUp[] {
  const list = Array.isArray(payload.actions) ? payload.actions : [];
  return list
    .map((a) => AgreedAction.safeParse(a))
    .filter((r) => r.success)
    .map(({ data }) => ({ kind: "agreed-action", title: agreedActionTitle(data), rule: AGREED_ACTION_RULE, dueInSchoolDays: 0, dueOn: data.dueDate }));
}
