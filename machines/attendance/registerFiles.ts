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

/** Reads a school's register files completely; every problem in every file is returned, not just the first. */
export function readRegisterFiles(
  files: RegisterFiles,
): { ok: true; register: Register; pupils: Pupil[] } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const calendar = files.calendar ? parseCalendarCsv(files.calendar.text, files.calendar.file) : undefined;
  if (calendar) problems.push(...calendar.problems);
  const marks = parseMarksCsv(files.marks.text, files.marks.file, { validateUpn: upnProblem });
  problems.push(...marks.problems);
  if (calendar?.calendar) problems.push(...checkMarksAgainstCalendar(marks.rows, calendar.calendar, files.marks.file));
  const pupils = files.pupils ? parsePupilsCsv(files.pupils.text, files.pupils.file, { validateUpn: upnProblem }) : undefined;
  if (pupils) problems.push(...pupils.problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, register: buildRegister(marks.rows, calendar?.calendar), pupils: pupils?.pupils ?? [] };
}
