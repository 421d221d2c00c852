/**
 * 100% attendance certificates: who earned one (machines/celebrate/certificates.ts), for whom this user may see
 * names, and the printable document (one certificate per A4 landscape page) merged from the certificate
 * template with the letters' merge function. The PDF is the same document printed by the letters' Chromium.
 */
import * as store from "../../db/index.ts";
import type { Pupil } from "../../machines/attendance/pupilsCsv.ts";
import {
  CERTIFICATE_TEMPLATE,
  type Certificate,
  type CertificatePeriod,
  certificateRange,
  certificates,
  classRegister,
  halfTerms,
  periodWords,
} from "../../machines/celebrate/index.ts";
import { inScope } from "../auth/roles.ts";
import type { ServerDeps, SessionUser } from "../deps.ts";
import { mergeTemplate } from "../letters/merge.ts";
import { html, htmlDocument, longDate } from "../print/html.ts";

/** Roles that may see the names of the pupils who earned a certificate (a teacher only for their classes). */
export const NAMES_FOR: readonly string[] = ["attendance-lead", "attendance-officer", "teacher"];

export interface CertificateRow extends Certificate {
  /** As printed: "Class 3A", or the year group ("Year 4") when the pupils file gives no class. */
  readonly classLabel: string;
}

export interface CertificatesView {
  readonly period: "halfTerm" | "year";
  readonly halfTerm: number | null;
  readonly from: string | null;
  readonly to: string | null;
  /** "in the half term 1 September to 24 October 2025" (the certificate's words), or null with no register. */
  readonly periodWords: string | null;
  readonly halfTerms: { index: number; from: string; to: string }[];
  readonly school: string | null;
  /** Pupils in the whole school with a possible session in the period. */
  readonly eligible: number;
  /** Certificates earned in the whole school. */
  readonly count: number;
  /** The certificates this user may see by name (a teacher: their classes), or null when their role sees none. */
  readonly pupils: CertificateRow[] | null;
}

export function periodOf(query: { period?: "halfTerm" | "year"; halfTerm?: number }): CertificatePeriod {
  return query.period === "halfTerm" ? { kind: "halfTerm", halfTerm: query.halfTerm ?? 0 } : { kind: "year" };
}

/** The period's certificates as this user may see them; null when there is no such half term. */
export async function certificatesFor(deps: ServerDeps, user: SessionUser, period: CertificatePeriod): Promise<CertificatesView | null> {
  const orm = deps.rdb.orm;
  const [register, pupils, policy] = await Promise.all([store.loadRegister(orm), store.listPupils(orm), deps.cases.currentPolicy()]);
  const cr = classRegister(register, pupils);
  const days = cr.calendar.days;
  const terms = halfTerms(cr.calendar).map((r, index) => ({ index, from: days[r.from]!, to: days[r.to]! }));
  const base = { period: period.kind, halfTerm: period.kind === "halfTerm" ? period.halfTerm : null, halfTerms: terms, school: policy.policy.source.school ?? null };
  const range = certificateRange(cr, period);
  if (!range) {
    if (period.kind === "halfTerm") return null;
    return { ...base, from: null, to: null, periodWords: null, eligible: 0, count: 0, pupils: NAMES_FOR.includes(user.role) ? [] : null };
  }
  const list = certificates(cr, pupils, range);
  const byUpn = new Map<string, Pupil>(pupils.map((p) => [p.upn, p]));
  let rows: CertificateRow[] | null = null;
  if (NAMES_FOR.includes(user.role)) {
    rows = list.certificates
      .filter((c) => user.role !== "teacher" || inScope(user.scope, byUpn.get(c.upn)!))
      .map((c) => ({ ...c, classLabel: byUpn.get(c.upn)!.class ? `Class ${byUpn.get(c.upn)!.class}` : c.class }));
  }
  return {
    ...base,
    from: list.from,
    to: list.to,
    periodWords: periodWords(period, list.from, list.to, longDate),
    eligible: list.eligible,
    count: list.certificates.length,
    pupils: rows,
  };
}

/** What the access log keeps about certificates that named pupils: the period and whose names were in it. */
export function certificatesLogDetail(view: CertificatesView): string {
  return JSON.stringify({ period: view.period, halfTerm: view.halfTerm, from: view.from, to: view.to, pupils: view.pupils?.length ?? 0, upns: view.pupils?.map((p) => p.upn) ?? [] });
}

/** One certificate's words, merged from the template. */
export function certificateText(row: CertificateRow, view: CertificatesView): { title: string; lines: string[]; signOff: string } {
  const fields = {
    "pupil.name": `${row.forename} ${row.surname}`,
    "pupil.forename": row.forename,
    "pupil.surname": row.surname,
    "pupil.class": row.classLabel,
    period: view.periodWords,
    "school.name": view.school,
  };
  return {
    title: CERTIFICATE_TEMPLATE.title,
    lines: CERTIFICATE_TEMPLATE.lines.map((l) => mergeTemplate(l, fields).text),
    signOff: mergeTemplate(CERTIFICATE_TEMPLATE.signOff, fields).text,
  };
}

/** The certificates as one HTML document: one per A4 landscape page; `inlineCss` for Chromium's PDF. */
export function certificatesHtml(view: CertificatesView, options: { inlineCss?: boolean } = {}): string {
  const rows = view.pupils ?? [];
  const what = view.period === "year" ? "the school year so far" : "the half term";
  const body = rows.length
    ? html`${rows.map((row) => {
        const t = certificateText(row, view);
        const [intro, name, cls, because, cheer] = t.lines;
        return html`<section class="certificate" data-upn="${row.upn}">
<div class="certificate-frame">
<p class="certificate-school">${view.school ?? ""}</p>
<h1 class="certificate-title">${t.title}</h1>
<p class="certificate-intro">${intro}</p>
<p class="certificate-name">${name}</p>
<p class="certificate-class">${cls}</p>
<p class="certificate-because">${because}</p>
<p class="certificate-cheer">${cheer}</p>
<div class="certificate-sign"><span class="certificate-line"></span><span>${t.signOff}</span></div>
</div>
</section>`;
      })}`
    : html`<section class="certificate certificate-none"><div class="certificate-frame"><h1 class="certificate-title">No certificates</h1><p class="certificate-because">No pupil${view.count > 0 ? " you can see" : ""} had 100% attendance over ${what}${view.from && view.to ? ` (${longDate(view.from)} to ${longDate(view.to)})` : ""}.</p></div></section>`;
  return htmlDocument({ title: `100% attendance certificates, ${view.from && view.to ? `${longDate(view.from)} to ${longDate(view.to)}` : what}`, body, inlineCss: options.inlineCss, className: "certificates" });
}
