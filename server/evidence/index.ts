import { createRoute, z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import { refuseOutOfScope } from "../cases/index.ts";
import type { AppEnv } from "../deps.ts";
import { documentResponse, pdfResponse } from "../print/index.ts";
import { apiRouter } from "../router.ts";
import { assembleEvidence } from "./assemble.ts";
import { evidenceHtml } from "./render.ts";

const Upn = z.object({ upn: z.string().min(1).max(20).openapi({ param: { name: "upn", in: "path" }, description: "the pupil's UPN" }) });

const evidence = createRoute({
  method: "get",
  path: "/cases/{upn}/evidence",
  summary: "The evidence bundle for a local authority (printable HTML): attendance record, stage changes, support, meetings, letters, contacts, audit",
  request: { params: Upn },
  responses: { 200: { description: "HTML", content: { "text/html": { schema: z.string() } } }, 404: { description: "No such case" } },
});

const evidencePdf = createRoute({
  method: "get",
  path: "/cases/{upn}/evidence.pdf",
  summary: "The evidence bundle as a PDF, printed by headless Chromium from the same HTML; 503 when the server has no Chromium",
  request: { params: Upn },
  responses: {
    200: { description: "PDF", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    404: { description: "No such case" },
    503: { description: "No Chromium on the server: print the HTML instead" },
  },
});

export const evidenceRoutes = apiRouter()
  .openapi(evidence, async (c) => {
    const { upn } = c.req.valid("param");
    const refused = await refuseOutOfScope(c.var.deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403) as never;
    const bundle = await assembleEvidence(c.var.deps, upn, c.var.user.username);
    if (!bundle) return c.json({ message: "No such case." }, 404) as never;
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "case.evidence", upn });
    return documentResponse(c, evidenceHtml(bundle)) as never;
  })
  .openapi(evidencePdf, async (c) => {
    const { upn } = c.req.valid("param");
    const refused = await refuseOutOfScope(c.var.deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403) as never;
    const bundle = await assembleEvidence(c.var.deps, upn, c.var.user.username);
    if (!bundle) return c.json({ message: "No such case." }, 404) as never;
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "case.evidence.pdf", upn });
    const name = bundle.pupil ? `${bundle.pupil.forename} ${bundle.pupil.surname}` : upn;
    return (await pdfResponse(c, evidenceHtml(bundle, { inlineCss: true }), `evidence-${upn}-${bundle.schoolDate}.pdf`, `Attendance evidence bundle · ${name} · ${upn}`)) as never;
  });
