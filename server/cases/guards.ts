/**
 * GET /api/cases/{upn}/guards: what the case page's chart shows of the case beyond where it is now: its path
 * through the chart (the states it entered, with dates, from its history) and every rule that moves a case,
 * judged on the case's figures as of the last school day closed: the policy's guard leaf by leaf (the figure, the
 * comparison, the bound, true or false) and a legal step's statutory gates. The judging is the engine's own
 * (machines/case/judgeGuard.ts over machines/guards/ and machines/gates/); nothing here decides anything.
 */
import { createRoute, z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import { computePupilSeries } from "../../machines/attendance/metrics.ts";
import { casePath } from "../../machines/case/casePath.ts";
import { caseMetricsOnDay } from "../../machines/case/dayMetrics.ts";
import { judgeRules } from "../../machines/case/judgeGuard.ts";
import { type CaseSnapshot, restoreCase } from "../../machines/case/stepCase.ts";
import type { CaseEvent } from "../../machines/case/types.ts";
import { compulsoryAgeDays } from "../../machines/gates/compulsorySchoolAge.ts";
import type { ServerDeps } from "../deps.ts";

const Visit = z.object({
  state: z.string().openapi({ description: "dotted state id entered" }),
  enteredOn: z.string(),
  leftOn: z.string().nullable().openapi({ description: "null for where the case is now" }),
  from: z.string(),
  rule: z.string().nullable().openapi({ description: "the rule that moved it there" }),
  event: z.string(),
});

const Gate = z.object({ gate: z.string(), title: z.string(), law: z.string(), words: z.string(), figures: z.string(), holds: z.boolean() });

const Judged = z.record(z.string(), z.unknown()).openapi({
  description:
    "a leaf { kind, guard, words, left: { figure, value, unit } | null, operator: '<' | '≤' | '≥' | '>' | '=' | null, right, figures, holds, text } or a combination { kind: 'all' | 'any' | 'not', words, parts, holds }; holds is null when it is decided by what is recorded with the event",
});

const JudgedRule = z.object({
  rule: z.string(),
  on: z.string(),
  from: z.string(),
  to: z.string().nullable(),
  guard: Judged.nullable().openapi({ description: "the policy's own guard, judged; null when it has none" }),
  gates: z.array(Gate).openapi({ description: "a legal step's statutory gates, judged (empty otherwise)" }),
  holds: z.boolean().nullable(),
  applies: z.boolean().openapi({ description: "the case is in the state the rule is declared on; otherwise judged as if it were" }),
});

export const CaseGuards = z
  .object({
    upn: z.string(),
    state: z.string(),
    asOf: z.string().nullable().openapi({ description: "the school day whose figures the guards are judged on (null: no school day held)" }),
    path: z.array(Visit),
    rules: z.array(JudgedRule),
  })
  .openapi("CaseGuards");

export type CaseGuardsView = z.infer<typeof CaseGuards>;

export const caseGuardsRoute = createRoute({
  method: "get",
  path: "/cases/{upn}/guards",
  summary: "The case's path through its policy's chart (states entered, with dates) and every rule's guard judged on the case's figures today, leaf by leaf, with a legal step's statutory gates",
  request: { params: z.object({ upn: z.string().min(1).max(20).openapi({ param: { name: "upn", in: "path" }, description: "the pupil's UPN" }) }) },
  responses: {
    200: { description: "The path and the judged rules", content: { "application/json": { schema: CaseGuards } } },
    404: { description: "No such case" },
  },
});

/** The case's path and its rules judged, or null when there is no such case. */
export async function caseGuards(deps: ServerDeps, upn: string): Promise<CaseGuardsView | null> {
  const row = await store.getCase(deps.rdb.orm, upn);
  if (!row) return null;
  const compiled = await deps.policies.get(row.policyId, row.policyVersion);
  const snapshot: CaseSnapshot = restoreCase(compiled, { value: row.value, context: row.context as CaseSnapshot["context"] });
  const history = await store.caseHistory(deps.rdb.orm, upn);
  const path = casePath(history);

  const register = await store.loadRegister(deps.rdb.orm, { upns: [upn] });
  const calendar = register.calendar;
  const d = calendar.days.length === 0 ? -1 : calendar.lastDayOnOrBefore(deps.today());
  if (d < 0) return { upn, state: row.state, asOf: null, path, rules: [] };
  const p = register.pupilIndex.get(upn);
  const marks = p === undefined ? new Uint8Array(calendar.days.length * 2) : register.marks[p]!;
  const age = compulsoryAgeDays(snapshot.context.pupil, calendar);
  const metrics = caseMetricsOnDay(computePupilSeries(marks, calendar), marks, calendar, d, compiled.windows, age);
  const event: CaseEvent = { type: "schoolDayClosed", date: calendar.days[d]!, dayIndex: d, metrics };
  return { upn, state: row.state, asOf: event.date, path, rules: judgeRules(compiled, snapshot.context, event) as CaseGuardsView["rules"] };
}
