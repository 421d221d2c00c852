/**
 * HTML to PDF with the headless Chromium the end-to-end tests already use (Debian's `chromium`, driven by
 * playwright-core; nothing is downloaded). The page is rendered offline with JavaScript off: the documents are
 * self-contained, so Chromium fetches nothing. When there is no Chromium the caller answers 503 and the web app
 * falls back to the browser's own print.
 */
import { existsSync } from "node:fs";

/** Where Chromium is: ROLLCALL_CHROMIUM, else CHROMIUM_PATH, else /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.ROLLCALL_CHROMIUM ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

export class PdfUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PdfUnavailable";
  }
}

export const PDF_UNAVAILABLE_MESSAGE =
  "PDF export needs Chromium on the server, which is not installed here. Use Print instead and choose \"Save as PDF\" in the print dialogue.";

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** At most two renders at a time: each is a Chromium process. */
const MAX_RENDERS = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RENDERS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export interface PdfOptions {
  /** A line at the foot of every page (page numbers are added). */
  readonly footer?: string;
}

function footerTemplate(text: string): string {
  const safe = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<div style="font-size:8px;width:100%;padding:0 16mm;color:#555;display:flex;justify-content:space-between;font-family:Arial,sans-serif"><span>${safe}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** Renders a self-contained HTML document to an A4 PDF. Throws PdfUnavailable when Chromium is missing or will not start. */
export async function htmlToPdf(document: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new PdfUnavailable(PDF_UNAVAILABLE_MESSAGE);
  return slot(async () => {
    const { chromium } = await import("playwright-core");
    let browser;
    try {
      browser = await chromium.launch({ executablePath, args: ARGS, timeout: 30_000 });
    } catch {
      throw new PdfUnavailable("Chromium is installed on the server but would not start, so there is no PDF. Use Print instead and choose \"Save as PDF\".");
    }
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.route("**/*", (route) => route.abort());
      await page.setContent(document, { waitUntil: "load", timeout: 30_000 });
      const pdf = await page.pdf({
        format: "A4",
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: "<div></div>",
        footerTemplate: footerTemplate(options.footer ?? ""),
        margin: { top: "18mm", bottom: "20mm", left: "16mm", right: "16mm" },
      });
      return new Uint8Array(pdf);
    } finally {
      await browser.close();
    }
  });
}
