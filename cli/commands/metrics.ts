import type { SchoolCalendar } from "../../machines/attendance/calendar.ts";
import type { InputProblem } from "../../machines/attendance/inputProblem.ts";
import { registerMetricsAsOf, type PupilMetrics } from "../../machines/attendance/metrics.ts";
import { parseIsoDate } from "../../machines/attendance/schoolDate.ts";
import { readRegisterFiles } from "../../machines/attendance/registerFiles.ts";
import type { Command } from "../command.ts";
import { EXIT_BAD_INPUT, EXIT_OK, INVOCATION, parseOptions, printProblems, readInputFiles, UsageError, writeOut } from "../io.ts";
import { formatTable, type Column } from "../table.ts";

export interface MetricsInput {
  readonly marksText: string;
  readonly marksFile: string;
  readonly calendarText?: string;
  readonly calendarFile?: string;
  /** `YYYY-MM-DD`; default: the last date in the marks file. */
  readonly asOf?: string;
}

export type PupilFigures = PupilMetrics & { readonly upn: string };

export type MetricsReport =
  | { readonly ok: false; readonly problems: InputProblem[] }
  | {
      readonly ok: true;
      /** The date asked for (or the last date in the file); null when the file has no marks. */
      readonly asOf: string | null;
      /** The school day the figures are as of: the last on or before `asOf`; null when there is none. */
      readonly schoolDay: string | null;
      /** School days up to and including `schoolDay`. */
      readonly schoolDaysSoFar: number;
      /** Sorted by UPN. */
      readonly pupils: PupilFigures[];
    };

/**
 * Reads the marks file (and the calendar file, when given), checks them completely, and computes every
 * pupil's figures as of a date. Marks after that date are ignored; pupils whose first mark is after it are
 * not listed.
 */
export function metricsReport(input: MetricsInput): MetricsReport {
  const read = readRegisterFiles(
    {
      marks: { text: input.marksText, file: input.marksFile },
      ...(input.calendarText !== undefined ? { calendar: { text: input.calendarText, file: input.calendarFile ?? "calendar" } } : {}),
    },
    { through: input.asOf },
  );
  if (!read.ok) return { ok: false, problems: read.problems };
  const asOf = input.asOf ?? read.lastDate;
  if (asOf === null) return { ok: true, asOf: null, schoolDay: null, schoolDaysSoFar: 0, pupils: [] };
  const { register } = read;
  const d = register.calendar.lastDayOnOrBefore(asOf);
  return {
    ok: true,
    asOf,
    schoolDay: d >= 0 ? register.calendar.days[d]! : null,
    schoolDaysSoFar: d + 1,
    pupils: registerMetricsAsOf(register, asOf),
  };
}

/** The `--json` shape of one pupil: exactly these keys, in this order. */
export function jsonFigures(p: PupilFigures) {
  return {
    upn: p.upn,
    possibleSessions: p.possibleSessions,
    attendedSessions: p.attendedSessions,
    authorisedAbsenceSessions: p.authorisedAbsenceSessions,
    unauthorisedAbsenceSessions: p.unauthorisedAbsenceSessions,
    attendancePct: p.attendancePct,
    persistentAbsence: p.persistentAbsence,
    severeAbsence: p.severeAbsence,
    unauthorisedSessionsLast10SchoolWeeks: p.unauthorisedSessionsLast10SchoolWeeks,
    penaltyThresholdMet: p.penaltyThresholdMet,
    penaltyThresholdFirstMetOn: p.penaltyThresholdFirstMetOn,
  };
}

/** One JSON array, one pupil per line. */
export function formatJson(pupils: readonly PupilFigures[]): string {
  if (pupils.length === 0) return "[]";
  return `[\n${pupils.map((p) => `  ${JSON.stringify(jsonFigures(p))}`).join(",\n")}\n]`;
}

const pct = (n: number | null) => (n === null ? "-" : n.toFixed(1));
const count = (n: number) => String(n);
const share = (part: number, whole: number) => (whole === 0 ? "" : ` (${((part / whole) * 100).toFixed(1)}%)`);

const COLUMNS: readonly Column<PupilFigures>[] = [
  { header: "UPN", cell: (p) => p.upn },
  { header: "Possible", align: "right", cell: (p) => count(p.possibleSessions) },
  { header: "Attend%", align: "right", cell: (p) => pct(p.attendancePct) },
  { header: "PA", cell: (p) => (p.persistentAbsence ? "PA" : "") },
  { header: "SA", cell: (p) => (p.severeAbsence ? "SA" : "") },
  { header: "Auth", align: "right", cell: (p) => count(p.authorisedAbsenceSessions) },
  { header: "Unauth", align: "right", cell: (p) => count(p.unauthorisedAbsenceSessions) },
  { header: "Unauth10wk", align: "right", cell: (p) => count(p.unauthorisedSessionsLast10SchoolWeeks) },
  { header: "Penalty", cell: (p) => (p.penaltyThresholdMet ? "met" : p.penaltyThresholdFirstMetOn ? "was met" : "") },
  { header: "FirstMet", cell: (p) => p.penaltyThresholdFirstMetOn ?? "" },
  { header: "L", align: "right", cell: (p) => count(p.lateBeforeRegisterClosedSessions) },
  { header: "U", align: "right", cell: (p) => count(p.lateAfterRegisterClosedSessions) },
  { header: "UnauthDays", align: "right", cell: (p) => count(p.consecutiveUnauthorisedDays) },
  { header: "N>5d", align: "right", cell: (p) => count(p.unresolvedNOlderThan5SchoolDays) },
];

const LEGEND = [
  "Possible: possible sessions. Attend%: (present + approved activity) / possible. PA/SA: persistent (absence 10%+) /",
  "severe (50%+) absence. Auth/Unauth: absence sessions. Unauth10wk: unauthorised sessions in the last 10 school weeks;",
  "Penalty: 10 or more of them (the penalty-notice threshold), FirstMet the first day it was met. L: late before the",
  "register closed; U: after it closed. UnauthDays: consecutive school days of unauthorised absence up to today.",
  "N>5d: N sessions left unresolved for 5 school days or more.",
].join("\n");

export function formatReportTable(report: Extract<MetricsReport, { ok: true }>, marksFile: string): string {
  if (report.asOf === null) return `No marks in ${marksFile}.`;
  const { pupils } = report;
  if (pupils.length === 0) return `No marks on or before ${report.asOf} in ${marksFile}.`;
  const when =
    report.schoolDay === null
      ? `${report.asOf}: before the first school day`
      : report.schoolDay === report.asOf
        ? report.schoolDay
        : `${report.schoolDay}, the last school day on or before ${report.asOf}`;
  const pa = pupils.filter((p) => p.persistentAbsence).length;
  const sa = pupils.filter((p) => p.severeAbsence).length;
  const penalty = pupils.filter((p) => p.penaltyThresholdMet).length;
  return [
    `Register metrics as of ${when} (${report.schoolDaysSoFar} school days)`,
    "",
    formatTable(COLUMNS, pupils),
    "",
    `${pupils.length} pupils; persistent absence ${pa}${share(pa, pupils.length)}, severe absence ${sa}${share(sa, pupils.length)}; ` +
      `penalty-notice threshold met now: ${penalty}.`,
    "",
    LEGEND,
  ].join("\n");
}

export const metrics: Command = {
  name: "metrics",
  summary: "every pupil's attendance figures from a register marks file, as of a date",
  usage: `Usage: ${INVOCATION} metrics --marks FILE [--as-of YYYY-MM-DD] [--calendar FILE] [--json]

Every pupil's attendance figures from a register marks file, as of a date: attendance %, persistent and
severe absence, unauthorised sessions in the last 10 school weeks and the penalty-notice threshold,
lateness, consecutive days of unauthorised absence, unresolved N codes. File formats: docs/register-files.md.

Options:
  --marks FILE          the marks file: upn,date,session,mark (required)
  --as-of YYYY-MM-DD    figures as of the last school day on or before this date; later marks are
                        ignored (default: the last date in the marks file)
  --calendar FILE       the school calendar: start,end,type (term or closure). Without it, the school
                        days are the days on which any pupil had a possible session.
  --json                print one JSON array, sorted by UPN, instead of a table
  -h, --help            show this help

Every problem in the files is printed on stderr as FILE:LINE: FIELD: message, and nothing on stdout.
Exit codes: 0 done, 1 problems with the files, 2 bad usage.`,

  async run(argv) {
    const options = parseOptions("metrics", argv, {
      marks: { type: "string" },
      "as-of": { type: "string" },
      calendar: { type: "string" },
      json: { type: "boolean" },
    });
    if (!options.marks) throw new UsageError("metrics", "--marks FILE is required");
    const asOf = options["as-of"];
    if (asOf !== undefined && parseIsoDate(asOf) === undefined) {
      throw new UsageError("metrics", `--as-of "${asOf}" is not a date in the form YYYY-MM-DD`);
    }
    const texts = await readInputFiles({
      marks: { path: options.marks, what: "marks file" },
      calendar: options.calendar === undefined ? undefined : { path: options.calendar, what: "calendar file" },
    });
    const report = metricsReport({
      marksText: texts.marks!,
      marksFile: options.marks,
      calendarText: texts.calendar,
      calendarFile: options.calendar,
      asOf,
    });
    if (!report.ok) {
      printProblems(report.problems);
      return EXIT_BAD_INPUT;
    }
    writeOut(options.json ? formatJson(report.pupils) : formatReportTable(report, options.marks));
    return EXIT_OK;
  },
};
