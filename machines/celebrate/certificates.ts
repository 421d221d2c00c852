import { percentage } from "../attendance/metrics.ts";
import type { Pupil } from "../attendance/pupilsCsv.ts";
import { type ClassRegister, classOf, type DayRange, halfTerms } from "./classAttendance.ts";

/**
 * 100% attendance certificates (Halsnead: "Certificates for 100% attendance each half term and at the end of the
 * academic year"; All Saints: "Half termly screen of 100% awards"). A pupil earns one for a period when they
 * attended every one of their possible sessions in it, counted with the arithmetic of their own figures (their
 * pupil series). A pupil must also have been expected in school for at least half of the period's sessions
 * (`CERTIFICATE_MINIMUM_SHARE`): a pupil who joined on the half term's last day has not earned a certificate for
 * it by attending two sessions, and a pupil with no possible session had nothing to attend.
 */

/** The share of the period's sessions a pupil must have had as possible sessions to earn its certificate. */
export const CERTIFICATE_MINIMUM_SHARE = 0.5;

/** A half term (its index in `halfTerms`), or the school year so far. */
export type CertificatePeriod = { readonly kind: "halfTerm"; readonly halfTerm: number } | { readonly kind: "year" };

/** The school days of a period, or null when there is no such half term (or no school day yet). */
export function certificateRange(cr: ClassRegister, period: CertificatePeriod): DayRange | null {
  const days = cr.calendar.days.length;
  if (days === 0) return null;
  if (period.kind === "year") return { from: 0, to: days - 1 };
  return halfTerms(cr.calendar)[period.halfTerm] ?? null;
}

export interface Certificate {
  readonly upn: string;
  readonly forename: string;
  readonly surname: string;
  readonly yearGroup: string;
  /** The class as celebration counts it: the pupils file's class, or the year group. */
  readonly class: string;
  readonly possibleSessions: number;
  readonly attendedSessions: number;
  /** Always 100 here; kept so the figure printed is the one computed. */
  readonly attendancePct: number;
}

export interface CertificateList {
  readonly from: string;
  readonly to: string;
  /** Pupils expected in school for at least half the period's sessions (those who could earn one). */
  readonly eligible: number;
  /** Who earned a certificate, by class, then surname and forename. */
  readonly certificates: readonly Certificate[];
}

/**
 * Who earned a 100% certificate over a range of school days. A certificate is the pupil's own: the
 * celebration-only flag for a long-term individual circumstance keeps a pupil out of class figures, not out of
 * a certificate they earned.
 */
export function certificates(cr: ClassRegister, pupils: readonly Pupil[], range: DayRange): CertificateList {
  const byUpn = new Map(pupils.map((p) => [p.upn, p]));
  const minimum = 2 * (range.to - range.from + 1) * CERTIFICATE_MINIMUM_SHARE;
  const out: Certificate[] = [];
  let eligible = 0;
  for (const members of cr.classes.values()) {
    for (const { upn, series } of members) {
      const possible = series.possible[range.to + 1]! - series.possible[range.from]!;
      if (possible === 0 || possible < minimum) continue;
      eligible++;
      const attended = series.attended[range.to + 1]! - series.attended[range.from]!;
      if (attended !== possible) continue;
      const pupil = byUpn.get(upn)!;
      out.push({
        upn,
        forename: pupil.forename,
        surname: pupil.surname,
        yearGroup: pupil.yearGroup,
        class: classOf(pupil),
        possibleSessions: possible,
        attendedSessions: attended,
        attendancePct: percentage(attended, possible)!,
      });
    }
  }
  out.sort(
    (a, b) =>
      a.class.localeCompare(b.class, "en", { numeric: true }) ||
      a.surname.localeCompare(b.surname, "en") ||
      a.forename.localeCompare(b.forename, "en") ||
      a.upn.localeCompare(b.upn),
  );
  return { from: cr.calendar.days[range.from]!, to: cr.calendar.days[range.to]!, eligible, certificates: out };
}

/** The certificate's words: a template with merge fields, like the policy's letters. */
export const CERTIFICATE_TEMPLATE = {
  title: "Certificate of 100% attendance",
  lines: ["This certificate is awarded to", "{{pupil.name}}", "{{pupil.class}}", "for attending every session {{period}}.", "Every day counts. Well done!"],
  signOff: "Attendance Lead, {{school.name}}",
} as const;

/** The merge fields a certificate template may use. */
export const CERTIFICATE_FIELDS = ["pupil.name", "pupil.forename", "pupil.surname", "pupil.class", "period", "school.name"] as const;

/** "in the half term 1 September to 24 October 2025" / "this school year, 1 September 2025 to 22 July 2026". */
export function periodWords(period: CertificatePeriod, from: string, to: string, longDate: (d: string) => string): string {
  return period.kind === "year" ? `this school year, ${longDate(from)} to ${longDate(to)}` : `in the half term ${longDate(from)} to ${longDate(to)}`;
}
