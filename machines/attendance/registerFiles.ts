import { parseCalendarCsv } from "./calendarFile.ts";
import type { InputProblem } from "./inputProblem.ts";
import { checkMarksAgainstCalendar, parseMarksCsv } from "./marksCsv.ts";
import { parsePupilsCsv, type Pupil } from "./pupilsCsv.ts";
import { buildRegister, type Register } from "./register.ts";
import { upnProblem } from "./upn.ts";

export interface RegisterFiles {
  readonly marks: { readonly text: string; readonly file: string };
  readonly calendar?: { readonly text: string; readonly file: string };
  readonly pupils?: { readonly text: string; readonly file: string };
}

/**
 * Reads a school's register files completely; every problem in every file is returned, not just the first. With
 * `through`, marks after that date are left out of the register (they are still checked). `lastDate` is the last
 * date in the marks file.
 */
export function readRegisterFiles(
  files: RegisterFiles,
  options: { through?: string } = {},
): { ok: true; register: Register; pupils: Pupil[]; lastDate: string | null } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const calendar = files.calendar ? parseCalendarCsv(files.calendar.text, files.calendar.file) : undefined;
  if (calendar) problems.push(...calendar.problems);
  const marks = parseMarksCsv(files.marks.text, files.marks.file, { validateUpn: upnProblem });
  problems.push(...marks.problems);
  if (calendar?.calendar) problems.push(...checkMarksAgainstCalendar(marks.rows, calendar.calendar, files.marks.file));
  const pupils = files.pupils ? parsePupilsCsv(files.pupils.text, files.pupils.file, { validateUpn: upnProblem }) : undefined;
  if (pupils) problems.push(...pupils.problems);
  if (problems.length > 0) return { ok: false, problems };
  let lastDate: string | null = null;
  for (const row of marks.rows) if (lastDate === null || row.date > lastDate) lastDate = row.date;
  const through = options.through;
  const rows = through === undefined ? marks.rows : marks.rows.filter((row) => row.date <= through);
  return { ok: true, register: buildRegister(rows, calendar?.calendar), pupils: pupils?.pupils ?? [], lastDate };
}
