import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../deps.ts";
import { unprocessable } from "../errors.ts";
import { importMarksOffLoop, importPupilsOffLoop } from "./offLoop.ts";
import { importParents } from "../parents/importParents.ts";

/** A school year of marks for 2,000 pupils is about 25 MB of CSV. */
export const IMPORT_LIMIT_BYTES = 64 * 1024 * 1024;

const ImportResponse = z
  .object({ importId: z.number(), alreadyImported: z.boolean(), rows: z.number().optional(), changed: z.number().optional(), detail: z.record(z.string(), z.unknown()).optional() })
  .openapi("ImportResult");
const ImportErrors = z
  .object({ message: z.string(), errors: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })) })
  .openapi("ImportErrors");

const importRoute = <P extends string>(path: P, summary: string) =>
  createRoute({
    method: "post",
    path,
    summary,
    request: {
      body: { content: { "text/csv": { schema: z.string() } }, required: true },
      query: z.object({ file: z.string().max(200).optional().openapi({ description: "the file's name, used in error messages" }) }),
    },
    responses: {
      200: { description: "Imported (or already imported: nothing changed)", content: { "application/json": { schema: ImportResponse } } },
      413: { description: "Too large" },
      422: { description: "Problems in the file, each with its line and field; nothing was written", content: { "application/json": { schema: ImportErrors } } },
    },
  });

const limit = bodyLimit({ maxSize: IMPORT_LIMIT_BYTES, onError: (c) => c.json({ message: `The file is larger than ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB.` }, 413) });

/**
 * The body as text (UTF-8, a byte-order mark dropped, as `Request.text()` reads it), decoded piece by piece as
 * it arrives: decoding a school year's file in one go held the request loop for a tenth of a second and more.
 */
async function bodyText(request: Request): Promise<string> {
  if (!request.body || request.bodyUsed) return request.text();
  const reader = request.body.getReader();
  const decoder = new TextDecoder("utf-8");
  const parts: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}

const router = apiRouter();
router.use("/imports/*", limit);

export const importRoutes = router
  .openapi(importRoute("/imports/pupils", "Import the pupils file (text/csv): atomic and idempotent"), async (c) => {
    const result = await importPupilsOffLoop(c.var.deps, c.req.raw, c.req.valid("query").file ?? "pupils.csv", c.var.user.username);
    if (result.status === "invalid") return unprocessable(c, result.errors, "The pupils file has problems; nothing was imported.") as never;
    if (result.status === "already-imported") return c.json({ importId: result.importId, alreadyImported: true }, 200);
    return c.json({ importId: result.importId, alreadyImported: false, rows: result.rows, changed: result.changed, detail: result.detail }, 200);
  })
  .openapi(importRoute("/imports/marks", "Import register marks (text/csv): atomic, idempotent, advances every case"), async (c) => {
    const result = await importMarksOffLoop(c.var.deps, c.req.raw, c.req.valid("query").file ?? "marks.csv", c.var.user.username);
    if (result.status === "invalid") return unprocessable(c, result.errors, "The marks file has problems; nothing was imported.") as never;
    if (result.status === "already-imported") return c.json({ importId: result.importId, alreadyImported: true }, 200);
    return c.json({ importId: result.importId, alreadyImported: false, rows: result.rows, changed: result.changed, detail: result.detail }, 200);
  })
  .openapi(importRoute("/imports/parents", "Import the parents and carers file (text/csv): atomic and idempotent; for each pupil it names, it becomes what is held"), async (c) => {
    const result = await importParents(c.var.deps, await bodyText(c.req.raw), c.req.valid("query").file ?? "parents.csv", c.var.user.username);
    if (result.status === "invalid") return unprocessable(c, result.errors, "The parents file has problems; nothing was imported.") as never;
    if (result.status === "already-imported") return c.json({ importId: result.importId, alreadyImported: true }, 200);
    return c.json({ importId: result.importId, alreadyImported: false, rows: result.rows, changed: result.changed, detail: result.detail }, 200);
  });
