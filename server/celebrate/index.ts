import { randomInt } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import { type ClassRegister, classRegister, halfTerms, perfectDays, prizeDraw, weeklyCelebration, type WeeklyCelebration, weekRange } from "../../machines/celebrate/index.ts";
import { SMALL_GROUP } from "../dashboard/index.ts";
import { apiRouter } from "../router.ts";

/** The school's weekly attendance target when none is asked for. */
export const DEFAULT_TARGET = 96;

const ClassRow = z.object({ class: z.string(), pupils: z.number(), possibleSessions: z.number(), attendedSessions: z.number(), attendancePct: z.number().nullable() });
const Ticket = z.object({ class: z.string(), date: z.string() });
const Range = z.object({ index: z.number(), from: z.string(), to: z.string() });

const Celebration = z
  .object({
    weeks: z.array(Range),
    halfTerms: z.array(Range),
    celebration: z
      .object({
        week: z.number(),
        from: z.string(),
        to: z.string(),
        target: z.number(),
        schoolPct: z.number().nullable(),
        ranking: z.array(ClassRow),
        atOrAboveTarget: z.array(z.string()),
        winners: z.array(z.string()),
      })
      .nullable(),
    halfTerm: Range.nullable(),
    perfectDays: z.array(Ticket),
    newsletter: z.string(),
  })
  .openapi("Celebration");

const DrawResult = z.object({ halfTerm: Range, seed: z.number(), tickets: z.number(), winner: Ticket.nullable() }).openapi("PrizeDraw");

const celebrate = createRoute({
  method: "get",
  path: "/celebrate",
  summary: "The week's class ranking against the school's target, the half term's 100% days and a newsletter paragraph: class figures only, no names, no UPNs",
  request: {
    query: z.object({
      week: z.coerce.number().int().min(0).optional(),
      target: z.coerce.number().min(50).max(100).optional(),
    }),
  },
  responses: {
    200: { description: "The weekly celebration", content: { "application/json": { schema: Celebration } } },
    404: { description: "No such school week" },
    422: { description: "Problems, by field" },
  },
});

const draw = createRoute({
  method: "post",
  path: "/celebrate/draw",
  summary: "Run a half term's prize draw among the classes' 100% days; the seed (given, or random) is recorded in the access log",
  request: {
    body: {
      content: { "application/json": { schema: z.object({ halfTerm: z.number().int().min(0), seed: z.number().int().min(0).max(0xffffffff).optional() }) } },
      required: true,
    },
  },
  responses: {
    200: { description: "The draw", content: { "application/json": { schema: DrawResult } } },
    404: { description: "No such half term" },
    422: { description: "Problems, by field" },
  },
});

async function loadClasses(orm: Parameters<typeof store.loadRegister>[0]): Promise<ClassRegister> {
  const register = await store.loadRegister(orm);
  return classRegister(register, await store.listPupils(orm));
}

const one = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)}%`);

/** A plain-text paragraph for the newsletter, from the week's class figures only. */
export function newsletterParagraph(w: WeeklyCelebration, schoolPct: number | null, tickets: number): string {
  if (w.ranking.length === 0) return "There are no attendance figures for this week yet.";
  const parts: string[] = [];
  parts.push(schoolPct === null ? "This week we have no whole-school figure yet." : `This week our whole-school attendance was ${one(schoolPct)}.`);
  const top = w.ranking[0]!;
  const winners = w.winners.length > 1 ? `${w.winners.slice(0, -1).join(", ")} and ${w.winners.at(-1)}, joint top` : `${w.winners[0]}, top`;
  const n = w.atOrAboveTarget.length;
  const target = `${w.target}%`;
  if (n === 0) parts.push(`Well done to ${winners} with ${one(top.attendancePct)}. No class reached our ${target} target this week: let's all aim for it next week.`);
  else parts.push(`Well done to ${winners} with ${one(top.attendancePct)}, and to the ${n === 1 ? "1 class" : `${n} classes`} at or above our ${target} target.`);
  if (tickets > 0) parts.push(`So far this half term, classes have earned ${tickets === 1 ? "1 ticket" : `${tickets} tickets`} in the prize draw with a day of 100% attendance.`);
  parts.push("Every day counts: thank you for getting your children to school.");
  return parts.join(" ");
}

export const celebrateRoutes = apiRouter()
  .openapi(celebrate, async (c) => {
    const q = c.req.valid("query");
    const cr = await loadClasses(c.var.deps.rdb.orm);
    const calendar = cr.calendar;
    const weeks = Array.from(calendar.weekFirstDay, (_, i) => {
      const r = weekRange(calendar, i);
      return { index: i, from: calendar.days[r.from]!, to: calendar.days[r.to]! };
    });
    const terms = halfTerms(calendar).map((r, i) => ({ index: i, from: calendar.days[r.from]!, to: calendar.days[r.to]! }));
    const target = q.target ?? DEFAULT_TARGET;
    if (weeks.length === 0) {
      return c.json({ weeks, halfTerms: terms, celebration: null, halfTerm: null, perfectDays: [], newsletter: "There are no attendance figures yet." }, 200);
    }
    const week = q.week ?? weeks.length - 1;
    if (week >= weeks.length) return c.json({ message: "There is no such school week." }, 404) as never;
    const full = weeklyCelebration(cr, week, target);
    // Governors see class figures, but not for a class so small its figure could point to a child (as on the dashboard).
    const hidden = c.var.user.role === "governor" ? new Set(full.ranking.filter((r) => r.pupils < SMALL_GROUP).map((r) => r.class)) : new Set<string>();
    const w = {
      ...full,
      // Hidden classes go to the end, so their place in the ranking does not give their figure away either.
      ranking: [
        ...full.ranking.filter((r) => !hidden.has(r.class)),
        ...full.ranking.filter((r) => hidden.has(r.class)).map((r) => ({ ...r, possibleSessions: 0, attendedSessions: 0, attendancePct: null })),
      ],
      atOrAboveTarget: full.atOrAboveTarget.filter((name) => !hidden.has(name)),
      winners: full.winners.filter((name) => !hidden.has(name)),
    };
    const possible = full.ranking.reduce((n, r) => n + r.possibleSessions, 0);
    const attended = full.ranking.reduce((n, r) => n + r.attendedSessions, 0);
    const schoolPct = possible === 0 ? null : (attended / possible) * 100;
    const firstDay = calendar.weekFirstDay[week]!;
    const ranges = halfTerms(calendar);
    const termIndex = ranges.findIndex((r) => r.from <= firstDay && firstDay <= r.to);
    const tickets = termIndex < 0 ? [] : perfectDays(cr, ranges[termIndex]!);
    return c.json(
      {
        weeks,
        halfTerms: terms,
        celebration: { ...w, schoolPct, ranking: [...w.ranking], atOrAboveTarget: [...w.atOrAboveTarget], winners: [...w.winners] },
        halfTerm: terms[termIndex] ?? null,
        perfectDays: tickets,
        newsletter: newsletterParagraph(w, schoolPct, tickets.length),
      },
      200,
    );
  })
  .openapi(draw, async (c) => {
    const body = c.req.valid("json");
    const cr = await loadClasses(c.var.deps.rdb.orm);
    const ranges = halfTerms(cr.calendar);
    const range = ranges[body.halfTerm];
    if (!range) return c.json({ message: "There is no such half term." }, 404) as never;
    const seed = body.seed ?? randomInt(0, 2 ** 32 - 1);
    const result = prizeDraw(perfectDays(cr, range), seed);
    const halfTerm = { index: body.halfTerm, from: cr.calendar.days[range.from]!, to: cr.calendar.days[range.to]! };
    await store.logAccess(c.var.deps.rdb.orm, {
      userId: c.var.user.id,
      action: "celebrate.draw",
      detail: JSON.stringify({ halfTerm: body.halfTerm, from: halfTerm.from, to: halfTerm.to, seed: result.seed, tickets: result.tickets, winner: result.winner }),
    });
    return c.json({ halfTerm, seed: result.seed, tickets: result.tickets, winner: result.winner }, 200);
  });
