import { randomInt } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import { type ClassRegister, classRegister, halfTerms, perfectDays, prizeDraw, schoolTarget, weeklyCelebration, type WeeklyCelebration, weekRange } from "../../machines/celebrate/index.ts";
import { SMALL_GROUP } from "../dashboard/index.ts";
import { documentResponse, pdfResponse } from "../print/index.ts";
import { apiRouter } from "../router.ts";
import { certificatesFor, certificatesHtml, certificatesLogDetail, periodOf } from "./certificates.ts";


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
    /** Pupils left out of the class figures for a long-term circumstance; null for governors. */
    excludedPupils: z.number().nullable(),
    /** The target the school's policy sets (used when none is asked for) and where in the policy it comes from. */
    schoolTarget: z.object({ pct: z.number(), from: z.string() }),
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

const CertificateQuery = z.object({
  period: z.enum(["halfTerm", "year"]).optional().openapi({ description: "a half term (with `halfTerm`) or the school year so far (the default)" }),
  halfTerm: z.coerce.number().int().min(0).optional().openapi({ description: "the half term's index in `halfTerms` (0 is the first)" }),
});

const CertificateRow = z.object({
  upn: z.string(),
  forename: z.string(),
  surname: z.string(),
  yearGroup: z.string(),
  class: z.string(),
  classLabel: z.string(),
  possibleSessions: z.number(),
  attendedSessions: z.number(),
  attendancePct: z.number(),
});

const Certificates = z
  .object({
    period: z.enum(["halfTerm", "year"]),
    halfTerm: z.number().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    periodWords: z.string().nullable(),
    halfTerms: z.array(Range),
    school: z.string().nullable(),
    eligible: z.number(),
    count: z.number(),
    pupils: z.array(CertificateRow).nullable(),
  })
  .openapi("Certificates");

const certificatesRoute = createRoute({
  method: "get",
  path: "/celebrate/certificates",
  summary:
    "Who earned a 100% attendance certificate for a half term or the year so far: the whole school's count, and the pupils by name for the lead, officers and teachers (their classes); governors and auditors get the count only",
  request: { query: CertificateQuery },
  responses: {
    200: { description: "The certificates", content: { "application/json": { schema: Certificates } } },
    404: { description: "No such half term" },
    422: { description: "Problems, by field" },
  },
});

const certificatesDocument = createRoute({
  method: "get",
  path: "/celebrate/certificates/document",
  summary: "The certificates as a printable HTML document, one per A4 landscape page (the one the PDF is printed from)",
  request: { query: CertificateQuery },
  responses: { 200: { description: "HTML", content: { "text/html": { schema: z.string() } } }, 404: { description: "No such half term" } },
});

const certificatesPdf = createRoute({
  method: "get",
  path: "/celebrate/certificates/pdf",
  summary: "The certificates as a PDF, one per A4 landscape page, printed by headless Chromium from the same HTML; 503 when the server has no Chromium",
  request: { query: CertificateQuery },
  responses: {
    200: { description: "PDF", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    404: { description: "No such half term" },
    503: { description: "No Chromium on the server: print the HTML instead" },
  },
});

const Upn = z.object({ upn: z.string().min(1).max(20).openapi({ param: { name: "upn", in: "path" }, description: "the pupil's UPN" }) });
const Exclusion = z
  .object({ upn: z.string(), excluded: z.boolean(), reason: z.string().nullable(), by: z.string().nullable(), at: z.string().nullable() })
  .openapi("CelebrationExclusion");

const getExclusion = createRoute({
  method: "get",
  path: "/celebrate/exclusions/{upn}",
  summary: "Whether a pupil is left out of class celebration figures for a long-term individual circumstance (never out of statutory or pupil figures), why, by whom and since when",
  request: { params: Upn },
  responses: { 200: { description: "The flag", content: { "application/json": { schema: Exclusion } } }, 404: { description: "No such pupil" } },
});

const setExclusion = createRoute({
  method: "post",
  path: "/celebrate/exclusions/{upn}",
  summary: "Set or clear a pupil's celebration-only exclusion (the attendance lead); the flag, the access-log row and a note in the case's history are written together",
  request: {
    params: Upn,
    body: {
      content: { "application/json": { schema: z.object({ excluded: z.boolean(), reason: z.string().trim().max(200).optional() }) } },
      required: true,
    },
  },
  responses: {
    200: { description: "The flag now", content: { "application/json": { schema: Exclusion } } },
    404: { description: "No such pupil" },
    409: { description: "The case kept changing while the flag was set: nothing recorded" },
    422: { description: "Problems, by field" },
  },
});

async function exclusionView(orm: Parameters<typeof store.getCelebrationExclusion>[0], upn: string) {
  const e = await store.getCelebrationExclusion(orm, upn);
  if (e === undefined) return null;
  return { upn, excluded: e.reason !== null, reason: e.reason, by: e.by, at: e.at };
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
    // The school's own target (its policy's), unless the page asks for another.
    const policyTarget = schoolTarget((await c.var.deps.cases.currentPolicy()).policy);
    const target = q.target ?? policyTarget.pct;
    if (weeks.length === 0) {
      return c.json({ weeks, halfTerms: terms, celebration: null, halfTerm: null, perfectDays: [], newsletter: "There are no attendance figures yet.", excludedPupils: null, schoolTarget: policyTarget }, 200);
    }
    const week = q.week ?? weeks.length - 1;
    if (week >= weeks.length) return c.json({ message: "There is no such school week." }, 404) as never;
    // Pupils flagged for a long-term circumstance count in no class's celebration figures (never in statutory ones).
    const excluded = await store.celebrationExclusions(c.var.deps.rdb.orm);
    const full = weeklyCelebration(cr, week, target, excluded);
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
    const tickets = termIndex < 0 ? [] : perfectDays(cr, ranges[termIndex]!, excluded);
    return c.json(
      {
        weeks,
        halfTerms: terms,
        celebration: { ...w, schoolPct, ranking: [...w.ranking], atOrAboveTarget: [...w.atOrAboveTarget], winners: [...w.winners] },
        halfTerm: terms[termIndex] ?? null,
        perfectDays: tickets,
        newsletter: newsletterParagraph(w, schoolPct, tickets.length),
        excludedPupils: c.var.user.role === "governor" ? null : excluded.size,
        schoolTarget: policyTarget,
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
    const result = prizeDraw(perfectDays(cr, range, await store.celebrationExclusions(c.var.deps.rdb.orm)), seed);
    const halfTerm = { index: body.halfTerm, from: cr.calendar.days[range.from]!, to: cr.calendar.days[range.to]! };
    await store.logAccess(c.var.deps.rdb.orm, {
      userId: c.var.user.id,
      action: "celebrate.draw",
      detail: JSON.stringify({ halfTerm: body.halfTerm, from: halfTerm.from, to: halfTerm.to, seed: result.seed, tickets: result.tickets, winner: result.winner }),
    });
    return c.json({ halfTerm, seed: result.seed, tickets: result.tickets, winner: result.winner }, 200);
  })
  .openapi(certificatesRoute, async (c) => {
    const view = await certificatesFor(c.var.deps, c.var.user, periodOf(c.req.valid("query")));
    if (!view) return c.json({ message: "There is no such half term." }, 404) as never;
    // Names of pupils are personal data: the access log says who saw which pupils' certificates.
    if (view.pupils) await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "celebrate.certificates", detail: certificatesLogDetail(view) });
    return c.json(view, 200);
  })
  .openapi(certificatesDocument, async (c) => {
    const view = await certificatesFor(c.var.deps, c.var.user, periodOf(c.req.valid("query")));
    if (!view) return c.json({ message: "There is no such half term." }, 404) as never;
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "celebrate.certificates.document", detail: certificatesLogDetail(view) });
    return documentResponse(c, certificatesHtml(view)) as never;
  })
  .openapi(certificatesPdf, async (c) => {
    const view = await certificatesFor(c.var.deps, c.var.user, periodOf(c.req.valid("query")));
    if (!view) return c.json({ message: "There is no such half term." }, 404) as never;
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "celebrate.certificates.pdf", detail: certificatesLogDetail(view) });
    const name = view.period === "year" ? `certificates-year-${view.to ?? "none"}.pdf` : `certificates-half-term-${(view.halfTerm ?? 0) + 1}-${view.from}.pdf`;
    return (await pdfResponse(c, certificatesHtml(view, { inlineCss: true }), name, `${view.school ?? ""} · 100% attendance certificates`)) as never;
  })
  .openapi(getExclusion, async (c) => {
    const { upn } = c.req.valid("param");
    const view = await exclusionView(c.var.deps.rdb.orm, upn);
    if (!view) return c.json({ message: "No such pupil." }, 404) as never;
    return c.json(view, 200);
  })
  .openapi(setExclusion, async (c) => {
    const { upn } = c.req.valid("param");
    const body = c.req.valid("json");
    const deps = c.var.deps;
    const before = await exclusionView(deps.rdb.orm, upn);
    if (!before) return c.json({ message: "No such pupil." }, 404) as never;
    const reason = body.excluded ? (body.reason ?? "") : null;
    if (reason === "") {
      return c.json({ message: "Say why the pupil is left out of the class figures.", errors: [{ field: "reason", message: "the long-term circumstance, in a few words" }] }, 422) as never;
    }
    if (before.excluded === body.excluded && before.reason === reason) return c.json(before, 200);
    const user = c.var.user;
    // The flag, the access-log row and the note in the case's history (append-only, with who and when: a note,
    // which no rule moves a case on) are written in one transaction: all of them or none.
    const write = async (tx: store.Db) => {
      await store.setCelebrationExclusion(tx, upn, reason, user.username);
      await store.logAccess(tx, { userId: user.id, action: "pupil.celebration-exclusion", upn, detail: JSON.stringify({ excluded: body.excluded, reason }) });
      return true;
    };
    const text = body.excluded
      ? `Left out of class celebration figures for a long-term individual circumstance (not statutory figures): ${reason}`
      : "Counted in class celebration figures again (the long-term circumstance flag was cleared)";
    let outcome: "written" | "no-note" | "conflict" = "conflict";
    for (let attempt = 0; attempt < 3 && outcome === "conflict"; attempt++) {
      const row = await store.getCase(deps.rdb.orm, upn);
      if (!row) outcome = "no-note";
      else {
        const done = await deps.cases.recordEvent(upn, row.revision, { type: "note", payload: { text } }, user.username, { alsoInTransaction: write });
        outcome = done.status === "ok" ? "written" : done.status === "conflict" ? "conflict" : "no-note";
      }
    }
    if (outcome === "conflict") return c.json({ message: "The case kept changing while the flag was being set; nothing was recorded. Try again." }, 409) as never;
    // No case to note it on (or one that takes no note): the flag and the access-log row still go together.
    if (outcome === "no-note") await store.inTransaction(deps.rdb, write);
    return c.json((await exclusionView(deps.rdb.orm, upn))!, 200);
  });
