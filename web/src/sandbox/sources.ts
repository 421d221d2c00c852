/**
 * Where the sandbox's pupil comes from: the example school (synthetic, bundled with the app and read in the
 * browser), register files the user loads (read in the browser, sent nowhere), or an empty pupil on the example
 * school's calendar whose days are marked as the sandbox closes them.
 */
import { type SchoolCalendar } from "../../../machines/attendance/calendar.ts";
import { parseCalendarCsv } from "../../../machines/attendance/calendarFile.ts";
import { formatProblem } from "../../../machines/attendance/inputProblem.ts";
import type { Register } from "../../../machines/attendance/register.ts";
import { readRegisterFiles, type RegisterFiles } from "../../../machines/attendance/registerFiles.ts";
import { casePupil } from "../../../machines/case/simulationReport.ts";
import type { CasePupil } from "../../../machines/case/types.ts";
import { yearGroupWords } from "../words.ts";

export interface SandboxPupil {
  readonly upn: string;
  /** What the picker shows: the name only for a role that may read pupils. */
  readonly label: string;
  readonly pupil: CasePupil;
}

export type LoadedRegister =
  | { readonly ok: true; readonly register: Register; readonly pupils: readonly SandboxPupil[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The example school's three files (40 invented pupils, 2024-25), loaded only when asked for. */
export async function exampleSchoolFiles(): Promise<Required<RegisterFiles>> {
  const [marks, pupils, calendar] = await Promise.all([
    import("../../../examples/small-school/marks.csv?raw"),
    import("../../../examples/small-school/pupils.csv?raw"),
    import("../../../examples/small-school/calendar.csv?raw"),
  ]);
  return {
    marks: { text: marks.default, file: "marks.csv" },
    pupils: { text: pupils.default, file: "pupils.csv" },
    calendar: { text: calendar.default, file: "calendar.csv" },
  };
}

/**
 * Reads register files completely with the same reader as the server and `rollcall simulate`; every problem is
 * named by file, line and field. `showNames` is false for a role that may not read pupils: the picker then says
 * "Pupil 3, Year 2".
 */
export function readSandboxRegister(files: RegisterFiles, showNames: boolean): LoadedRegister {
  const read = readRegisterFiles(files);
  if (!read.ok) return { ok: false, problems: read.problems.slice(0, 20).map(formatProblem) };
  const byUpn = new Map(read.pupils.map((p) => [p.upn, p]));
  const pupils = read.register.upns.map((upn, i): SandboxPupil => {
    const p = byUpn.get(upn);
    const year = p ? yearGroupWords(p.yearGroup) : null;
    const label = showNames && p ? `${p.forename} ${p.surname} (${year})` : `Pupil ${i + 1}${year ? `, ${year}` : ""}`;
    return { upn, label, pupil: p ? casePupil(p) : { upn, socialWorker: false, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false } };
  });
  if (pupils.length === 0) return { ok: false, problems: ["The marks file has no pupils."] };
  return { ok: true, register: read.register, pupils };
}

/** The example school's calendar, for an empty pupil. */
export async function exampleCalendar(): Promise<SchoolCalendar> {
  const files = await exampleSchoolFiles();
  const parsed = parseCalendarCsv(files.calendar.text, files.calendar.file);
  if (!parsed.calendar) throw new Error(`the example calendar does not read: ${parsed.problems.map(formatProblem).join("; ")}`);
  return parsed.calendar;
}
