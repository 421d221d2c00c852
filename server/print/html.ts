/**
 * Printable HTML documents (letters, the evidence bundle), built on the server with every value escaped.
 * `html` is a tagged template: interpolated values are escaped unless they are already `Html` (from `html`
 * itself or `raw`); arrays are joined. The same document is opened in the browser (its stylesheet is
 * `/api/print.css`, which the Content-Security-Policy allows) and printed to PDF by Chromium (the stylesheet
 * inlined, as Chromium renders it with no server to ask).
 */
import { PRINT_CSS } from "./printCss.ts";

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

/** Markup that is already safe (built here, never from data). */
export function raw(text: string): Html {
  return new Html(text);
}

/** A whole document; `inlineCss` for Chromium's PDF, the linked stylesheet for a browser. */
export function htmlDocument(options: { title: string; body: Html; inlineCss?: boolean; className?: string }): string {
  const style = options.inlineCss ? html`<style>${raw(PRINT_CSS)}</style>` : html`<link rel="stylesheet" href="/api/print.css">`;
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${options.title}</title>
${style}
</head>
<body class="${options.className ?? "document"}">
${options.body}
</body>
</html>
`.text;
}

/** "2025-03-21" → "21 March 2025" (as written, no time zone shift). */
export function longDate(date: string | null | undefined): string {
  if (!date) return "";
  const d = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** "2025-03-21" → "Fri 21 Mar 2025". */
export function shortDate(date: string | null | undefined): string {
  if (!date) return "—";
  const d = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${value.toFixed(1)}%`;
}
