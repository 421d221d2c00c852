import { readCsvTable } from "./csvTable.ts";
import type { InputProblem } from "./inputProblem.ts";
import { parseIsoDate } from "./schoolDate.ts";

export interface Pupil {
  upn: string;
  forename: string;
  surname: string;
  yearGroup: string;
  dateOfBirth?: string;
  sex?: string;
  pupilPremium: boolean;
  send: boolean;
  eal: boolean;
  socialWorker: boolean;
  lookedAfter: boolean;
  youngCarer: boolean;
  class?: string;
  /**
   * A long-term individual circumstance that leaves the pupil out of class celebration figures only: the reason,
   * null when the file's `celebration_exclusion` column is empty, undefined when the file has no such column
   * (what is stored stays as it is).
   */
  celebrationExclusion?: string | null;
}

export interface PupilsFile {
  readonly pupils: Pupil[];
  readonly problems: InputProblem[];
}

export const PUPILS_REQUIRED_COLUMNS = ["upn", "forename", "surname", "year_group"] as const;
export const PUPILS_OPTIONAL_COLUMNS = [
  "date_of_birth",
  "sex",
  "pupil_premium",
  "send",
  "eal",
  "social_worker",
  "looked_after",
  "young_carer",
  "class",
  "celebration_exclusion",
] as const;

const FLAG_COLUMNS = [
  ["pupil_premium", "pupilPremium"],
  ["send", "send"],
  ["eal", "eal"],
  ["social_worker", "socialWorker"],
  ["looked_after", "lookedAfter"],
  ["young_carer", "youngCarer"],
] as const;

const NURSERY = /^(?:n|nursery)\s*([12])$/i;
const RECEPTION = /^(?:r|reception|yr|year\s*r|y\s*r)$/i;
const NUMBERED = /^(?:(?:y|yr|year)\s*)?0*(\d{1,2})$/i;

/**
 * Normalises a year group as MIS exports write it: `N1`, `N2`, `R` (from `R`, `Reception`, `YR`), or `1`..`14`
 * (from `7`, `Y7`, `Year 7`). Undefined when it is none of these.
 */
export function normaliseYearGroup(raw: string): string | undefined {
  const text = raw.trim();
  const nursery = NURSERY.exec(text);
  if (nursery) return `N${nursery[1]}`;
  if (RECEPTION.test(text)) return "R";
  const numbered = NUMBERED.exec(text);
  if (numbered) {
    const year = Number(numbered[1]);
    if (year >= 1 && year <= 14) return String(year);
  }
  return undefined;
}

/** `Y`/`N` (either case); empty means N. Undefined when it is anything else. */
function parseFlag(raw: string): boolean | undefined {
  switch (raw) {
    case "Y":
    case "y":
      return true;
    case "N":
    case "n":
    case "":
      return false;
    default:
      return undefined;
  }
}

/**
 * Reads a pupils file: one row per pupil, `upn,forename,surname,year_group` and optionally
 * `date_of_birth,sex,pupil_premium,send,eal,social_worker,looked_after,young_carer,class` (other columns are
 * ignored). Every problem is reported with its line and field; a row with a problem is left out of `pupils`.
 * A UPN on two rows is an error naming both lines (the first row is kept).
 */
export function parsePupilsCsv(
  text: string,
  file: string,
  options: { validateUpn?: (upn: string) => string | undefined } = {},
): PupilsFile {
  const table = readCsvTable(text, file, PUPILS_REQUIRED_COLUMNS);
  const problems = [...table.problems];
  const pupils: Pupil[] = [];
  const lineOfUpn = new Map<string, number>();
  const hasExclusionColumn = table.header.includes("celebration_exclusion");
  for (const { line, values } of table.records) {
    const before = problems.length;
    const problem = (field: string, message: string) => problems.push({ file, line, field, message });
    const value = (column: string) => values[column] ?? "";

    const upn = value("upn");
    if (upn === "") problem("upn", "UPN is empty");
    else {
      const upnIssue = options.validateUpn?.(upn);
      if (upnIssue) problem("upn", upnIssue);
      const earlier = lineOfUpn.get(upn);
      if (earlier !== undefined) problem("upn", `UPN ${upn} is on line ${earlier} and again on line ${line}`);
      else lineOfUpn.set(upn, line);
    }
    const forename = value("forename");
    const surname = value("surname");
    if (forename === "") problem("forename", "forename is empty");
    if (surname === "") problem("surname", "surname is empty");

    const yearGroup = normaliseYearGroup(value("year_group"));
    if (yearGroup === undefined) {
      problem(
        "year_group",
        `"${value("year_group")}" is not a year group; use N1, N2, R (or Reception, YR), or 1 to 14 (or Y7, Year 7)`,
      );
    }

    const dateOfBirth = value("date_of_birth");
    if (dateOfBirth !== "" && parseIsoDate(dateOfBirth) === undefined) {
      problem("date_of_birth", `"${dateOfBirth}" is not a date in the form YYYY-MM-DD`);
    }

    const flags: Record<string, boolean> = {};
    for (const [column, key] of FLAG_COLUMNS) {
      const flag = parseFlag(value(column));
      if (flag === undefined) problem(column, `"${value(column)}" is not a flag; use Y or N (empty means N)`);
      flags[key] = flag ?? false;
    }

    if (problems.length > before) continue;
    const pupil: Pupil = {
      upn,
      forename,
      surname,
      yearGroup: yearGroup!,
      pupilPremium: flags.pupilPremium!,
      send: flags.send!,
      eal: flags.eal!,
      socialWorker: flags.socialWorker!,
      lookedAfter: flags.lookedAfter!,
      youngCarer: flags.youngCarer!,
    };
    if (dateOfBirth !== "") pupil.dateOfBirth = dateOfBirth;
    if (value("sex") !== "") pupil.sex = value("sex");
    if (value("class") !== "") pupil.class = value("class");
    if (hasExclusionColumn) pupil.celebrationExclusion = value("celebration_exclusion").trim() || null;
    pupils.push(pupil);
  }
  return { pupils, problems };
}
