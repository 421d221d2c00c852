import { CODE_FLAGS, CodeFlag, codeIndex, NO_MARK } from "./codes.ts";
import { createSchoolCalendar, type SchoolCalendar } from "./calendar.ts";
import type { Session } from "./marksCsv.ts";

export interface RegisterMark {
  readonly upn: string;
  readonly date: string;
  readonly session: Session;
  readonly mark: string;
}

/**
 * A school's register in compact form: for each pupil a Uint8Array of code indexes, two slots per school day
 * (`2 * dayIndex` for AM, `2 * dayIndex + 1` for PM); 0 means no mark (the pupil was not on roll, or the
 * session has not been taken).
 */
export interface Register {
  readonly calendar: SchoolCalendar;
  /** UPNs, sorted. */
  readonly upns: readonly string[];
  readonly pupilIndex: ReadonlyMap<string, number>;
  readonly marks: readonly Uint8Array[];
}

/**
 * Builds a register. Without a calendar, school days are derived from the marks: a day on which at least one
 * pupil had a possible session. With a calendar, marks on days that are not school days are dropped (the
 * file readers report them first).
 */
export function buildRegister(marks: Iterable<RegisterMark>, calendar?: SchoolCalendar): Register {
  const list = Array.isArray(marks) ? (marks as RegisterMark[]) : [...marks];
  const cal =
    calendar ??
    createSchoolCalendar(
      (function* () {
        for (const m of list) {
          const i = codeIndex(m.mark);
          if (i !== undefined && CODE_FLAGS[i]! & CodeFlag.Possible) yield m.date;
        }
      })(),
    );
  const upns = [...new Set(list.map((m) => m.upn))].sort();
  const pupilIndex = new Map(upns.map((u, i) => [u, i]));
  const slots = cal.days.length * 2;
  const pupilMarks = upns.map(() => new Uint8Array(slots));
  for (const m of list) {
    const day = cal.indexOf(m.date);
    if (day < 0) continue;
    const code = codeIndex(m.mark);
    if (code === undefined) throw new RangeError(`unknown register code ${m.mark}`);
    pupilMarks[pupilIndex.get(m.upn)!]![2 * day + (m.session === "AM" ? 0 : 1)] = code;
  }
  return { calendar: cal, upns, pupilIndex, marks: pupilMarks };
}

export { NO_MARK };
