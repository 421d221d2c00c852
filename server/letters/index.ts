import { createRoute, z } from "@hono/zod-openapi";
import { recipientText, withRecipientMissing } from "./merge.ts";
import * as store from "../../db/index.ts";
import { restoreCase, type CaseSnapshot } from "../../machines/case/stepCase.ts";
import { pupilRegister, metricsAsOf, unauthorisedInWeeks } from "../attendance/series.ts";
import type { Context } from "hono";
import type { AppEnv, ServerDeps } from "../deps.ts";
import { permissionFor } from "../auth/roles.ts";
import { markLettersSent, printLetters, withdrawLetter, type PrintHow } from "./lifecycle.ts";
import { html, htmlDocument, type Html, raw, escapeHtml } from "../print/html.ts";
import { documentResponse, pdfResponse } from "../print/index.ts";
import { IF_MATCH_MISSING, revisionFromIfMatch } from "../errors.ts";
import { apiRouter } from "../router.ts";
import { mergeFields, mergeTemplate, ruleWindowWeeks, withMeetingDetails } from "./merge.ts";
import { meetingForLetter } from "../cases/plan.ts";

const Id = z.object({ id: z.coerce.number().int().min(1).openapi({ param: { name: "id", in: "path" }, description: "the letter task's id" }) });

const Letter = z
  .object({
    id: z.number(),
    upn: z.string(),
    status: z.string(),
    title: z.string(),
    rule: z.string(),
    raisedOn: z.string(),
    dueOn: z.string().nullable(),
    template: z.object({ id: z.string(), title: z.string() }).nullable(),
    /** The letter's own date: the day it was first printed (frozen then); until then, today's, as a draft. */
    date: z.string(),
    /** The school day the merged figures are as of: the day the policy raised the letter. */
    figuresAsOf: z.string().nullable(),
    school: z.string().nullable(),
    recipient: z.string(),
    subject: z.string(),
    paragraphs: z.array(z.string()),
    signOff: z.array(z.string()),
    missing: z.array(z.string()),
    fields: z.record(z.string(), z.string().nullable()),
    problem: z.string().nullable(),
    /** When first printed, downloaded or made a PDF: from then on the letter is served exactly as printed. Null: a draft. */
    printed: z.object({ on: z.string(), at: z.string(), by: z.string(), how: z.string(), digest: z.string() }).nullable(),
    /** When, by whom and how it was sent, recorded apart from the letter's own date. */
    sent: z.object({ on: z.string(), by: z.string().nullable(), outcome: z.string().nullable() }).nullable(),
    /** Withdrawn (its purpose passed): by whom and why. */
    withdrawn: z.object({ by: z.string().nullable(), reason: z.string().nullable() }).nullable(),
    /** Open, but the meeting it invites to has been held: it cannot be sent, only withdrawn. */
    moot: z.string().nullable(),
  })
  .openapi("Letter");
export type LetterView = z.infer<typeof Letter>;

/** What is printed, and frozen on the first print: the merged text, its date and its figures. */
export type LetterContent = Pick<
  LetterView,
  "title" | "template" | "date" | "figuresAsOf" | "school" | "recipient" | "subject" | "paragraphs" | "signOff" | "missing" | "fields" | "problem"
>;

const DueLetter = z
  .object({
    id: z.number(),
    upn: z.string(),
    title: z.string(),
    template: z.string().nullable(),
    /** The template's kind in the policy: concern, recognition, legal-warning, information (null: no template). */
    letterKind: z.string().nullable(),
    raisedOn: z.string(),
    dueOn: z.string().nullable(),
    /** When it was first printed (kept as printed), or null. */
    printedOn: z.string().nullable(),
    /** Its case's revision now: what marking it sent checks against. */
    revision: z.number().nullable(),
  })
  .openapi("DueLetter");
export type DueLetterView = z.infer<typeof DueLetter>;

const dueLetters = createRoute({
  method: "get",
  path: "/letters/due",
  summary: "The letters still to send (open), each with its kind of letter, whether it has been printed and its case's revision: the bulk letters view",
  responses: { 200: { description: "Letters to send", content: { "application/json": { schema: z.object({ today: z.string(), letters: z.array(DueLetter) }) } } } },
});

/** The open letters with their kind, print date and case revision. */
export async function listDueLetters(deps: ServerDeps): Promise<DueLetterView[]> {
  const orm = deps.rdb.orm;
  const tasks = await store.listTasks(orm, { kind: "letter", status: "open" });
  const copies = await store.letterCopiesOf(orm, tasks.map((t) => t.id));
  const cases = new Map<string, store.CaseRecord | null>();
  const out: DueLetterView[] = [];
  for (const t of tasks) {
    if (!cases.has(t.upn)) cases.set(t.upn, (await store.getCase(orm, t.upn)) ?? null);
    const row = cases.get(t.upn)!;
    const policy = (row ? await deps.policies.get(row.policyId, row.policyVersion) : await deps.cases.currentPolicy()).policy;
    const template = policy.letters.find((l) => l.id === t.template);
    out.push({
      id: t.id,
      upn: t.upn,
      title: template?.title ?? t.title,
      template: t.template,
      letterKind: template ? (template.kind ?? "concern") : null,
      raisedOn: t.createdOn,
      dueOn: t.dueOn,
      printedOn: copies.get(t.id)?.printedOn ?? null,
      revision: row?.revision ?? null,
    });
  }
  return out;
}

const getLetter = createRoute({
  method: "get",
  path: "/letters/{id}",
  summary:
    "A letter task's letter: as printed once it has been printed (frozen), otherwise a draft merged from the policy's template today (missing fields shown as [field])",
  request: { params: Id },
  responses: {
    200: { description: "The letter", content: { "application/json": { schema: Letter } } },
    404: { description: "No such letter task" },
  },
});

const letterDocument = createRoute({
  method: "get",
  path: "/letters/{id}/document",
  summary:
    "The letter as a printable HTML document (the one the PDF is printed from). For casework, the first one freezes the letter as printed (a letterPrinted entry in the case's history)",
  request: { params: Id },
  responses: { 200: { description: "HTML", content: { "text/html": { schema: z.string() } } }, 404: { description: "No such letter task" } },
});

const letterPdf = createRoute({
  method: "get",
  path: "/letters/{id}/pdf",
  summary:
    "The letter as a PDF, printed by headless Chromium from the same HTML (for casework, frozen as printed on the first); 503 when the server has no Chromium",
  request: { params: Id },
  responses: {
    200: { description: "PDF", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    404: { description: "No such letter task" },
    503: { description: "No Chromium on the server: print from the browser instead" },
  },
});

/** The letter merged today from the policy's template, the pupil, the case and the register: a draft until printed. */
export async function mergeLetter(deps: ServerDeps, task: store.TaskRecord): Promise<LetterContent> {
  const row = await store.getCase(deps.rdb.orm, task.upn);
  const pupil = (await store.getPupil(deps.rdb.orm, task.upn)) ?? null;
  const compiled = row ? await deps.policies.get(row.policyId, row.policyVersion) : await deps.cases.currentPolicy();
  const policy = compiled.policy;
  const context = row ? restoreCase(compiled, { value: row.value, context: row.context as CaseSnapshot["context"] }).context : null;
  // Dated the day it is first printed (today, as a draft, until then); the figures are those of the day the policy
  // raised it, which are the figures its words were chosen for.
  const date = deps.today();
  const reg = await pupilRegister(deps, task.upn);
  const metrics = reg.calendar.days.length ? metricsAsOf(reg, task.createdOn) : null;
  const template = policy.letters.find((l) => l.id === task.template) ?? null;
  const fields = mergeFields({
    pupil,
    metrics,
    unauthorisedInRuleWindow: reg.calendar.days.length ? unauthorisedInWeeks(reg, ruleWindowWeeks(policy, task.rule), task.createdOn) : null,
    target: context?.target ?? null,
    reviewDate: context?.reviewDate ?? null,
    date,
    schoolName: policy.source.school,
    title: template?.title ?? task.title,
    parents: await store.listParentsCarers(deps.rdb.orm, task.upn),
    meeting: await meetingForLetter(deps.rdb.orm, task),
  });
  const merged = template ? mergeTemplate(withMeetingDetails(template.body, fields), fields) : { text: `[letter text: no template "${task.template ?? ""}" in ${policy.name}]`, missing: ["template"] };
  const name = pupil ? `${pupil.forename} ${pupil.surname}` : task.upn;
  const year = fields["pupil.yearGroup"];
  const details = [year, pupil?.class ? `class ${pupil.class}` : null].filter(Boolean).join(", ");
  return {
    title: template?.title ?? task.title,
    template: template ? { id: template.id, title: template.title } : null,
    date,
    figuresAsOf: metrics?.asOf ?? null,
    school: fields["school.name"] ?? null,
    recipient: recipientText(fields),
    subject: `Re: ${name}${details ? ` (${details})` : ""}`,
    paragraphs: merged.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean),
    signOff: ["Yours sincerely,", "", "", `Attendance Lead${fields["school.name"] ? `, ${fields["school.name"]}` : ""}`],
    missing: withRecipientMissing(merged.missing, fields),
    fields,
    problem: template ? null : `The policy ${policy.name} v${policy.version} has no letter template "${task.template ?? ""}"; write this letter by hand.`,
  };
}

/** The letters of these tasks as the API shows them: the printed copy where there is one, a draft otherwise (in the order given; absent: no such letter). */
export async function buildLetters(deps: ServerDeps, ids: readonly number[]): Promise<Map<number, LetterView>> {
  const orm = deps.rdb.orm;
  const copies = await store.letterCopiesOf<LetterContent>(orm, ids);
  const sendings = await store.letterSendingsOf(orm, ids);
  const out = new Map<number, LetterView>();
  for (const id of ids) {
    const task = await store.getTask(orm, id);
    if (!task || task.kind !== "letter") continue;
    const copy = copies.get(id);
    const content = copy ? copy.letter : await mergeLetter(deps, task);
    const sending = sendings.get(id);
    const sentOn = task.status === "done" ? (sending?.sentOn ?? task.completedAt?.slice(0, 10) ?? null) : null;
    out.set(id, {
      id: task.id,
      upn: task.upn,
      status: task.status,
      rule: task.rule,
      raisedOn: task.createdOn,
      dueOn: task.dueOn,
      ...content,
      printed: copy ? { on: copy.printedOn, at: copy.printedAt, by: copy.printedBy, how: copy.how, digest: copy.digest } : null,
      sent: sentOn ? { on: sentOn, by: sending?.sentBy ?? task.completedBy, outcome: sending?.how ?? task.outcome } : null,
      withdrawn: task.status === "cancelled" ? { by: task.completedBy, reason: task.outcome } : null,
      moot: task.status === "open" ? await meetingHeld(orm, task) : null,
    });
  }
  return out;
}

export async function buildLetter(deps: ServerDeps, id: number): Promise<LetterView | null> {
  return (await buildLetters(deps, [id])).get(id) ?? null;
}

/**
 * Why a letter can no longer be sent because the meeting it invites to was held (the meeting task raised with it,
 * by the same history entry, is done), or null.
 */
export async function meetingHeld(db: store.Db, task: store.TaskRecord): Promise<string | null> {
  if (task.historySeq === null) return null;
  const siblings = await store.listTasks(db, { upn: task.upn, kind: "meeting" });
  const held = siblings.find((m) => m.historySeq === task.historySeq && m.status === "done");
  return held ? `the meeting it invites to has been held (${held.title}: ${held.outcome ?? "done"})` : null;
}

/** A paragraph with its missing fields marked, so they show on paper too. */
function marked(text: string, missing: readonly string[]): Html {
  if (missing.length === 0) return html`${text}`;
  const pattern = new RegExp(`(\\[(?:${missing.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\])`, "g");
  return raw(
    text
      .split(pattern)
      .map((part, i) => (i % 2 === 1 ? `<span class="missing">${escapeHtml(part)}</span>` : escapeHtml(part)))
      .join(""),
  );
}

/** One letter as an article of a printable document. */
function letterArticle(letter: LetterView): Html {
  return html`<article class="letter">
${letter.printed ? "" : html`<p class="draft">Draft: not yet printed by the school</p>`}
<header class="letterhead">
  <div class="school">${letter.school ?? "[school.name]"}</div>
  <div class="date">${marked(letter.fields.date ?? letter.date, [])}</div>
</header>
<p class="recipient">${marked(letter.recipient, letter.missing)}</p>
<p class="subject">${letter.subject}</p>
<section class="body">${letter.paragraphs.map((p) => html`<p>${marked(p, letter.missing)}</p>`)}</section>
<footer class="signoff">${letter.signOff.map((l) => (l ? html`<p>${l}</p>` : html`<p>&nbsp;</p>`))}</footer>
</article>`;
}

/** The letter as a whole HTML document. */
export function letterHtml(letter: LetterView, options: { inlineCss?: boolean } = {}): string {
  return htmlDocument({ title: `${letter.title} — ${letter.subject}`, body: letterArticle(letter), inlineCss: options.inlineCss, className: "letter-document" });
}

/** Many letters as one document, each starting on a new page. */
export function lettersHtml(letters: readonly LetterView[], options: { inlineCss?: boolean } = {}): string {
  const titles = [...new Set(letters.map((l) => l.title))];
  const title = `${letters.length} letter${letters.length === 1 ? "" : "s"}${titles.length === 1 ? `: ${titles[0]}` : ""}`;
  return htmlDocument({ title, body: html`${letters.map(letterArticle)}`, inlineCss: options.inlineCss, className: "letter-document" });
}

/** Whether this role freezes a letter by printing it (casework); an auditor reads and prints without changing anything. */
const printsForTheSchool = (role: string) => !!permissionFor("POST", "/api/letters/1/print")?.roles.includes(role as never);

const IfMatch = z.object({ "If-Match": z.string().openapi({ example: "3" }) });
const Problems = z.object({ message: z.string(), problems: z.array(z.object({ id: z.number(), message: z.string() })).optional() });

const printOne = createRoute({
  method: "post",
  path: "/letters/{id}/print",
  summary:
    "Print a letter from the browser: the first print freezes it (its merged text, date and figures kept, their digest in a letterPrinted entry of the case's history); returns the letter as printed",
  request: { params: Id },
  responses: {
    200: { description: "The letter as printed", content: { "application/json": { schema: z.object({ letter: Letter, revision: z.number().nullable() }) } } },
    404: { description: "No such letter" },
  },
});

const markSent = createRoute({
  method: "post",
  path: "/letters/{id}/sent",
  summary:
    "Mark a letter sent: a \"Letter sent\" entry in the case's history, the sending (today, who, how) recorded apart from the letter's own date, and the letter's task completed, together or not at all. Send If-Match: <case revision>.",
  request: {
    params: Id,
    headers: IfMatch,
    body: { content: { "application/json": { schema: z.object({ how: z.string().trim().min(1).max(200).openapi({ example: "Posted" }) }) } }, required: true },
  },
  responses: {
    200: { description: "Recorded and completed", content: { "application/json": { schema: z.object({ revision: z.number(), letter: Letter }) } } },
    404: { description: "No such letter" },
    409: { description: "The case has changed since it was loaded, or the letter was already sent or withdrawn, or its meeting was held: nothing recorded" },
    428: { description: "No If-Match header" },
  },
});

const withdraw = createRoute({
  method: "post",
  path: "/letters/{id}/withdraw",
  summary:
    "Withdraw a letter whose purpose has passed (a meeting invitation after the meeting was held), with the reason: the task closed as withdrawn and a \"Letter withdrawn\" entry in the case's history, together. Send If-Match: <case revision>.",
  request: {
    params: Id,
    headers: IfMatch,
    body: { content: { "application/json": { schema: z.object({ reason: z.string().trim().min(3).max(2000).openapi({ example: "The meeting was held on 3 December" }) }) } }, required: true },
  },
  responses: {
    200: { description: "Withdrawn", content: { "application/json": { schema: z.object({ revision: z.number().nullable(), letter: Letter }) } } },
    404: { description: "No such letter" },
    409: { description: "The case has changed since it was loaded, or the letter was already sent or withdrawn: nothing recorded" },
    422: { description: "No reason given" },
    428: { description: "No If-Match header" },
  },
});

const Ids = z.array(z.number().int().min(1)).min(1).max(1000);

const printMany = createRoute({
  method: "post",
  path: "/letters/print",
  summary:
    "Print many letters as ONE document: `pdf` (Chromium; 503 without it), `html`, or `letters` (JSON, for the browser's own print). Every letter printed for the first time is frozen as printed, all in one transaction.",
  request: {
    body: {
      content: { "application/json": { schema: z.object({ ids: Ids, format: z.enum(["pdf", "html", "letters"]).default("letters") }) } },
      required: true,
    },
  },
  responses: {
    200: {
      description: "The letters as printed",
      content: {
        "application/json": { schema: z.object({ letters: z.array(Letter), revisions: z.record(z.string(), z.number()) }) },
        "application/pdf": { schema: z.string().openapi({ format: "binary" }) },
        "text/html": { schema: z.string() },
      },
    },
    404: { description: "A letter is not there: nothing printed" },
    503: { description: "No Chromium on the server: print from the browser instead (format letters)" },
  },
});

const sentMany = createRoute({
  method: "post",
  path: "/letters/sent",
  summary:
    "Mark many letters sent in one transaction, all or nothing: each with its case's revision as loaded (the If-Match of a single letter). 409 when a case moved on (its revision now given), 409 naming each letter already sent, withdrawn or whose meeting was held.",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({
            letters: z.array(z.object({ id: z.number().int().min(1), revision: z.number().int().min(1) })).min(1).max(1000),
            how: z.string().trim().min(1).max(200).openapi({ example: "Letter sent by post" }),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: "All recorded", content: { "application/json": { schema: z.object({ revisions: z.record(z.string(), z.number()), letters: z.array(Letter) }) } } },
    404: { description: "A letter is not there: nothing recorded" },
    409: { description: "A case moved on, or a letter cannot be sent: nothing recorded", content: { "application/json": { schema: Problems } } },
  },
});

/** 422 in plain words for a body that does not parse; 428 for a missing If-Match. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function refuseBadRequest<P extends string>(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }, c: Context<AppEnv, P, any>) {
  if (result.success) return;
  const issues = result.error!.issues;
  if (issues.some((i) => i.path[0] === "If-Match")) return c.json({ message: IF_MATCH_MISSING }, 428);
  return c.json({ message: "The request has problems; nothing was changed.", errors: issues.map((i) => ({ field: i.path.map(String).join(".") || "body", message: i.message })) }, 422);
}

async function revisionOf(deps: ServerDeps, upn: string): Promise<number | null> {
  return (await store.getCase(deps.rdb.orm, upn))?.revision ?? null;
}

/** The letter for reading or printing: frozen first when a caseworker prints it (document, PDF), as it is otherwise. */
async function letterFor(c: Context<AppEnv>, id: number, how: PrintHow | null): Promise<LetterView | null> {
  const deps = c.var.deps;
  if (how && printsForTheSchool(c.var.user.role)) return (await printLetters(deps, [id], how, c.var.user.username))[0] ?? null;
  return buildLetter(deps, id);
}

export const letterRoutes = apiRouter()
  // Before /letters/{id}, which would take "due" for an id.
  .openapi(dueLetters, async (c) => {
    const letters = await listDueLetters(c.var.deps);
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letters.view", detail: `${letters.length} letters to send` });
    return c.json({ today: c.var.deps.today(), letters }, 200);
  })
  .openapi(getLetter, async (c) => {
    const letter = await letterFor(c, c.req.valid("param").id, null);
    if (!letter) return c.json({ message: "No such letter." }, 404);
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letter.view", upn: letter.upn, detail: `task ${letter.id}` });
    return c.json(letter, 200);
  })
  .openapi(letterDocument, async (c) => {
    const letter = await letterFor(c, c.req.valid("param").id, "document");
    if (!letter) return c.json({ message: "No such letter." }, 404) as never;
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letter.document", upn: letter.upn, detail: `task ${letter.id}` });
    return documentResponse(c, letterHtml(letter)) as never;
  })
  .openapi(letterPdf, async (c) => {
    const letter = await letterFor(c, c.req.valid("param").id, "pdf");
    if (!letter) return c.json({ message: "No such letter." }, 404) as never;
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letter.pdf", upn: letter.upn, detail: `task ${letter.id}` });
    return (await pdfResponse(c, letterHtml(letter, { inlineCss: true }), `letter-${letter.id}.pdf`, `${letter.school ?? ""} · ${letter.title}`)) as never;
  })
  .openapi(printOne, async (c) => {
    const letter = await letterFor(c, c.req.valid("param").id, "print");
    if (!letter) return c.json({ message: "No such letter." }, 404) as never;
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letter.print", upn: letter.upn, detail: `task ${letter.id}` });
    return c.json({ letter, revision: await revisionOf(c.var.deps, letter.upn) }, 200);
  })
  .openapi(
    markSent,
    async (c) => {
      const deps = c.var.deps;
      const id = c.req.valid("param").id;
      const ifMatch = revisionFromIfMatch(c.req.valid("header")["If-Match"]);
      if ("refused" in ifMatch) return c.json({ message: ifMatch.refused }, 428) as never;
      const result = await markLettersSent(deps, [{ id, revision: ifMatch.revision }], c.req.valid("json").how, c.var.user.username);
      switch (result.status) {
        case "ok": {
          const letter = result.letters[0]!;
          return c.json({ revision: result.revisions[letter.upn] ?? ifMatch.revision, letter }, 200);
        }
        case "conflict":
          return c.json({ message: "The case has changed since you loaded it; reload and try again.", revision: Object.values(result.revisions)[0] }, 409) as never;
        case "refused":
          return c.json({ message: result.problems[0]!.message }, 409) as never;
        default:
          return c.json({ message: "No such letter." }, 404) as never;
      }
    },
    refuseBadRequest,
  )
  .openapi(
    withdraw,
    async (c) => {
      const ifMatch = revisionFromIfMatch(c.req.valid("header")["If-Match"]);
      if ("refused" in ifMatch) return c.json({ message: ifMatch.refused }, 428) as never;
      const result = await withdrawLetter(c.var.deps, c.req.valid("param").id, ifMatch.revision, c.req.valid("json").reason, c.var.user.username);
      switch (result.status) {
        case "ok":
          return c.json({ revision: result.revision, letter: result.letter }, 200);
        case "conflict":
          return c.json({ message: "The case has changed since you loaded it; reload and try again.", revision: result.revision }, 409) as never;
        case "refused":
          return c.json({ message: result.message }, 409) as never;
        default:
          return c.json({ message: "No such letter." }, 404) as never;
      }
    },
    refuseBadRequest,
  )
  .openapi(
    printMany,
    async (c) => {
      const deps = c.var.deps;
      const { ids, format } = c.req.valid("json");
      const unique = [...new Set(ids)];
      const missing: number[] = [];
      for (const id of unique) if ((await store.getTask(deps.rdb.orm, id))?.kind !== "letter") missing.push(id);
      if (missing.length) return c.json({ message: `No such letter: ${missing.join(", ")}. Nothing was printed.` }, 404) as never;
      const how: PrintHow = format === "pdf" ? "bulk-pdf" : format === "html" ? "bulk-document" : "bulk-print";
      const letters = await printLetters(deps, unique, how, c.var.user.username);
      await Promise.all(
        letters.map((l) => store.logAccess(deps.rdb.orm, { userId: c.var.user.id, action: `letters.${format === "letters" ? "print" : format}`, upn: l.upn, detail: `task ${l.id} (${letters.length} letters)` })),
      );
      if (format === "html") return documentResponse(c, lettersHtml(letters)) as never;
      if (format === "pdf") return (await pdfResponse(c, lettersHtml(letters, { inlineCss: true }), `letters-${letters.length}.pdf`, `${letters[0]?.school ?? ""} · letters`)) as never;
      const revisions: Record<string, number> = {};
      for (const upn of new Set(letters.map((l) => l.upn))) {
        const r = await revisionOf(deps, upn);
        if (r !== null) revisions[upn] = r;
      }
      return c.json({ letters, revisions }, 200);
    },
    refuseBadRequest,
  )
  .openapi(
    sentMany,
    async (c) => {
      const body = c.req.valid("json");
      const result = await markLettersSent(c.var.deps, body.letters, body.how, c.var.user.username);
      switch (result.status) {
        case "ok":
          return c.json({ revisions: result.revisions, letters: result.letters }, 200);
        case "conflict":
          return c.json({ message: "A case has changed since the letters were loaded; reload them and try again. Nothing was recorded.", revisions: result.revisions }, 409) as never;
        case "refused":
          return c.json(
            { message: `${result.problems.length === 1 ? "One letter" : `${result.problems.length} letters`} cannot be marked sent; nothing was recorded. ${result.problems[0]!.message}`, problems: result.problems },
            409,
          ) as never;
        default:
          return c.json({ message: `No such letter: ${result.ids.join(", ")}. Nothing was recorded.` }, 404) as never;
      }
    },
    refuseBadRequest,
  );
