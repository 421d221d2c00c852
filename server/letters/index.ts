import { createRoute, z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import { restoreCase, type CaseSnapshot } from "../../machines/case/stepCase.ts";
import { pupilRegister, metricsAsOf, unauthorisedInWeeks } from "../attendance/series.ts";
import type { AppEnv, ServerDeps } from "../deps.ts";
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
    sent: z.object({ on: z.string(), by: z.string().nullable(), outcome: z.string().nullable() }).nullable(),
  })
  .openapi("Letter");
export type LetterView = z.infer<typeof Letter>;

const getLetter = createRoute({
  method: "get",
  path: "/letters/{id}",
  summary: "A letter task's letter: the policy's template with its merge fields filled in (missing ones shown as [field])",
  request: { params: Id },
  responses: {
    200: { description: "The letter", content: { "application/json": { schema: Letter } } },
    404: { description: "No such letter task" },
  },
});

const letterDocument = createRoute({
  method: "get",
  path: "/letters/{id}/document",
  summary: "The letter as a printable HTML document (the one the PDF is printed from)",
  request: { params: Id },
  responses: { 200: { description: "HTML", content: { "text/html": { schema: z.string() } } }, 404: { description: "No such letter task" } },
});

const letterPdf = createRoute({
  method: "get",
  path: "/letters/{id}/pdf",
  summary: "The letter as a PDF, printed by headless Chromium from the same HTML; 503 when the server has no Chromium",
  request: { params: Id },
  responses: {
    200: { description: "PDF", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    404: { description: "No such letter task" },
    503: { description: "No Chromium on the server: print from the browser instead" },
  },
});

/** The letter for a letter task, merged from the policy's template, the pupil, the case and the register. */
export async function buildLetter(deps: ServerDeps, id: number): Promise<LetterView | null> {
  const task = await store.getTask(deps.rdb.orm, id);
  if (!task || task.kind !== "letter") return null;
  const row = await store.getCase(deps.rdb.orm, task.upn);
  const pupil = (await store.getPupil(deps.rdb.orm, task.upn)) ?? null;
  const compiled = row ? await deps.policies.get(row.policyId, row.policyVersion) : await deps.cases.currentPolicy();
  const policy = compiled.policy;
  const context = row ? restoreCase(compiled, { value: row.value, context: row.context as CaseSnapshot["context"] }).context : null;
  const sentOn = task.status === "done" && task.completedAt ? task.completedAt.slice(0, 10) : null;
  // Dated the day it is sent (today until then); the figures are those of the day the policy raised it, which
  // are the figures its words were chosen for, and the same on every reprint.
  const date = sentOn ?? deps.today();
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
    meeting: await meetingForLetter(deps.rdb.orm, task),
  });
  const merged = template ? mergeTemplate(withMeetingDetails(template.body, fields), fields) : { text: `[letter text: no template "${task.template ?? ""}" in ${policy.name}]`, missing: ["template"] };
  const name = pupil ? `${pupil.forename} ${pupil.surname}` : task.upn;
  const year = fields["pupil.yearGroup"];
  const details = [year, pupil?.class ? `class ${pupil.class}` : null].filter(Boolean).join(", ");
  return {
    id: task.id,
    upn: task.upn,
    status: task.status,
    title: template?.title ?? task.title,
    rule: task.rule,
    raisedOn: task.createdOn,
    dueOn: task.dueOn,
    template: template ? { id: template.id, title: template.title } : null,
    date,
    figuresAsOf: metrics?.asOf ?? null,
    school: fields["school.name"] ?? null,
    recipient: fields["parent.name"] ?? "[parent.name]",
    subject: `Re: ${name}${details ? ` (${details})` : ""}`,
    paragraphs: merged.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean),
    signOff: ["Yours sincerely,", "", "", `Attendance Lead${fields["school.name"] ? `, ${fields["school.name"]}` : ""}`],
    missing: [...merged.missing],
    fields,
    problem: template ? null : `The policy ${policy.name} v${policy.version} has no letter template "${task.template ?? ""}"; write this letter by hand.`,
    sent: sentOn ? { on: sentOn, by: task.completedBy, outcome: task.outcome } : null,
  };
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

/** The letter as a whole HTML document. */
export function letterHtml(letter: LetterView, options: { inlineCss?: boolean } = {}): string {
  const body = html`<article class="letter">
<header class="letterhead">
  <div class="school">${letter.school ?? "[school.name]"}</div>
  <div class="date">${marked(letter.fields.date ?? letter.date, [])}</div>
</header>
<p class="recipient">${marked(letter.recipient, letter.missing)}</p>
<p class="subject">${letter.subject}</p>
<section class="body">${letter.paragraphs.map((p) => html`<p>${marked(p, letter.missing)}</p>`)}</section>
<footer class="signoff">${letter.signOff.map((l) => (l ? html`<p>${l}</p>` : html`<p>&nbsp;</p>`))}</footer>
</article>`;
  return htmlDocument({ title: `${letter.title} — ${letter.subject}`, body, inlineCss: options.inlineCss, className: "letter-document" });
}

const markSent = createRoute({
  method: "post",
  path: "/letters/{id}/sent",
  summary:
    "Mark a letter sent: \"Letter sent: <title>\" recorded in the case's history and the letter's task completed with how it was sent, together or not at all. Send If-Match: <case revision>.",
  request: {
    params: Id,
    headers: z.object({ "If-Match": z.string().openapi({ example: "3" }) }),
    body: { content: { "application/json": { schema: z.object({ how: z.string().trim().min(1).max(200).openapi({ example: "Posted" }) }) } }, required: true },
  },
  responses: {
    200: { description: "Recorded and completed", content: { "application/json": { schema: z.object({ revision: z.number(), letter: Letter }) } } },
    404: { description: "No such letter" },
    409: { description: "The case has changed since it was loaded, or the letter was already marked sent: nothing recorded" },
    428: { description: "No If-Match header" },
  },
});

export const letterRoutes = apiRouter()
  .openapi(getLetter, async (c) => {
    const letter = await buildLetter(c.var.deps, c.req.valid("param").id);
    if (!letter) return c.json({ message: "No such letter." }, 404);
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letter.view", upn: letter.upn, detail: `task ${letter.id}` });
    return c.json(letter, 200);
  })
  .openapi(letterDocument, async (c) => {
    const letter = await buildLetter(c.var.deps, c.req.valid("param").id);
    if (!letter) return c.json({ message: "No such letter." }, 404) as never;
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letter.document", upn: letter.upn, detail: `task ${letter.id}` });
    return documentResponse(c, letterHtml(letter)) as never;
  })
  .openapi(letterPdf, async (c) => {
    const letter = await buildLetter(c.var.deps, c.req.valid("param").id);
    if (!letter) return c.json({ message: "No such letter." }, 404) as never;
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "letter.pdf", upn: letter.upn, detail: `task ${letter.id}` });
    return (await pdfResponse(c, letterHtml(letter, { inlineCss: true }), `letter-${letter.id}.pdf`, `${letter.school ?? ""} · ${letter.title}`)) as never;
  })
  .openapi(
    markSent,
    async (c) => {
      const deps = c.var.deps;
      const id = c.req.valid("param").id;
      const ifMatch = revisionFromIfMatch(c.req.valid("header")["If-Match"]);
      if ("refused" in ifMatch) return c.json({ message: ifMatch.refused }, 428) as never;
      const expected = ifMatch.revision;
      const task = await store.getTask(deps.rdb.orm, id);
      if (!task || task.kind !== "letter") return c.json({ message: "No such letter." }, 404) as never;
      if (task.status === "cancelled") {
        return c.json({ message: `This letter was withdrawn and cannot be sent${task.outcome ? `: ${task.outcome}` : "."}` }, 409) as never;
      }
      if (task.status !== "open") return c.json({ message: "This letter has already been marked sent." }, 409) as never;
      const letter = (await buildLetter(deps, id))!;
      const actor = c.var.user.username;
      const how = c.req.valid("json").how;
      const result = await deps.cases.recordEvent(task.upn, expected, { type: "note", payload: { text: `Letter sent: ${letter.title}` } }, actor, {
        alsoInTransaction: (tx) => store.completeTask(tx, id, { outcome: how, actor, at: new Date().toISOString() }),
      });
      switch (result.status) {
        case "ok":
          return c.json({ revision: result.revision, letter: (await buildLetter(deps, id))! }, 200);
        case "conflict":
          return c.json({ message: "The case has changed since you loaded it; reload and try again.", revision: result.revision }, 409) as never;
        case "refused-with":
          return c.json({ message: "This letter has already been marked sent." }, 409) as never;
        case "not-found":
          return c.json({ message: "No such case." }, 404) as never;
        default:
          // A note is accepted in every state but a closed case's.
          return c.json({ message: "The case does not accept a note now; nothing was recorded." }, 409) as never;
      }
    },
    (result, c) => {
      if (!result.success) {
        const missingIfMatch = result.error.issues.some((i) => i.path[0] === "If-Match");
        if (missingIfMatch) return c.json({ message: IF_MATCH_MISSING }, 428);
        return c.json({ message: "The request has problems; nothing was changed.", errors: result.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message })) }, 422);
      }
    },
  );
