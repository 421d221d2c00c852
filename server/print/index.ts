import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { apiRouter } from "../router.ts";
import type { AppEnv } from "../deps.ts";
import { PRINT_CSS } from "./printCss.ts";
import { htmlToPdf, PdfUnavailable } from "./pdf.ts";

const css = createRoute({
  method: "get",
  path: "/print.css",
  summary: "The stylesheet of the printable documents (letters, evidence bundles); no data",
  responses: { 200: { description: "CSS", content: { "text/css": { schema: z.string() } } } },
});

export const printRoutes = apiRouter().openapi(css, (c) => {
  c.header("Cache-Control", "private, max-age=3600");
  return c.body(PRINT_CSS, 200, { "Content-Type": "text/css; charset=utf-8" });
});

/** Headers for a document about a pupil: never cached, never indexed. */
export const PRIVATE_DOCUMENT = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } as const;

/** An HTML document as a response. */
export function documentResponse(c: Context<AppEnv>, document: string) {
  return c.body(document, 200, { ...PRIVATE_DOCUMENT, "Content-Type": "text/html; charset=utf-8" });
}

/** The document printed to PDF by Chromium, or 503 with a plain message when the server has no Chromium. */
export async function pdfResponse(c: Context<AppEnv>, document: string, filename: string, footer: string) {
  try {
    const pdf = await htmlToPdf(document, { footer });
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      ...PRIVATE_DOCUMENT,
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
    });
  } catch (error) {
    if (error instanceof PdfUnavailable) return c.json({ message: error.message, fallback: "print" }, 503);
    throw error;
  }
}
