/**
 * The parents and carers file (`parents.csv`, beside the pupils file): one row per parent or carer of a pupil,
 * checked with the same zod schema as the API (details.ts). Every problem names the file, line and column; a file
 * with any problem is refused whole. docs/register-files.md describes it.
 */
import { readCsvTable } from "../../machines/attendance/csvTable.ts";
import type { InputProblem } from "../../machines/attendance/inputProblem.ts";
import { nameKey, type ParentCarerDetails } from "../../db/parentsCarers.ts";
import { ParentCarerInput, toDetails } from "./details.ts";

export const PARENTS_REQUIRED_COLUMNS = ["upn", "name", "relationship", "parental_responsibility"] as const;
export const PARENTS_OPTIONAL_COLUMNS = ["lives_with_pupil", "address_1", "address_2", "address_3", "address_4", "postcode", "phone", "email", "priority", "correspondence", "liable_for_notices"] as const;

/** The file's column for each field of the details (what a problem names). */
const COLUMN_OF: Record<string, string> = {
  name: "name",
  relationship: "relationship",
  parentalResponsibility: "parental_responsibility",
  livesWithPupil: "lives_with_pupil",
  addressLines: "address_1",
  postcode: "postcode",
  phone: "phone",
  email: "email",
  priority: "priority",
  correspondence: "correspondence",
  liableForNotices: "liable_for_notices",
};

export interface ParentsFileRow {
  readonly line: number;
  readonly upn: string;
  readonly details: ParentCarerDetails;
}

export interface ParentsFile {
  readonly rows: ParentsFileRow[];
  readonly problems: InputProblem[];
}

/** `Y`/`N` (either case, or yes/no); empty gives `empty`. Undefined when it is anything else. */
function flag(raw: string, empty: boolean | null): boolean | null | undefined {
  const v = raw.trim().toLowerCase();
  if (v === "") return empty;
  if (v === "y" || v === "yes") return true;
  if (v === "n" || v === "no") return false;
  return undefined;
}

/**
 * Reads a parents file. `validateUpn` checks a UPN's form (upnProblem); pupils not on roll are checked by the
 * import, which knows the roll. A person named twice for the same pupil is an error naming both lines. An empty
 * priority is the row's place among the pupil's rows in the file (1, 2, …).
 */
export function parseParentsCsv(text: string, file: string, options: { validateUpn?: (upn: string) => string | undefined } = {}): ParentsFile {
  const table = readCsvTable(text, file, PARENTS_REQUIRED_COLUMNS);
  const problems = [...table.problems];
  const rows: ParentsFileRow[] = [];
  const lineOf = new Map<string, number>();
  const countOf = new Map<string, number>();
  for (const { line, values } of table.records) {
    const before = problems.length;
    const problem = (field: string, message: string) => problems.push({ file, line, field, message });
    const value = (column: string) => (values[column] ?? "").trim();

    const upn = value("upn");
    if (upn === "") problem("upn", "UPN is empty");
    else {
      const issue = options.validateUpn?.(upn);
      if (issue) problem("upn", issue);
    }
    const flags: Record<string, boolean | null> = {};
    for (const [column, key, empty] of [
      ["parental_responsibility", "parentalResponsibility", null],
      ["lives_with_pupil", "livesWithPupil", false],
      ["correspondence", "correspondence", true],
      ["liable_for_notices", "liableForNotices", null],
    ] as const) {
      const v = flag(value(column), empty);
      if (v === undefined) problem(column, `"${value(column).slice(0, 20)}" is not Y or N`);
      else if (v === null && key !== "liableForNotices") problem(column, "say Y or N: does this person have parental responsibility?");
      else flags[key] = v;
    }
    const nth = (countOf.get(upn) ?? 0) + 1;
    countOf.set(upn, nth);
    let priority = nth;
    if (value("priority") !== "") {
      priority = Number(value("priority"));
      if (!/^\d+$/.test(value("priority"))) {
        problem("priority", `"${value("priority").slice(0, 20)}" is not a whole number (1 is contacted first)`);
        priority = 1;
      }
    }
    if (problems.length > before) continue;
    const parsed = ParentCarerInput.safeParse({
      name: value("name"),
      relationship: value("relationship"),
      parentalResponsibility: flags.parentalResponsibility,
      livesWithPupil: flags.livesWithPupil,
      addressLines: ["address_1", "address_2", "address_3", "address_4"].map(value),
      postcode: value("postcode"),
      phone: value("phone"),
      email: value("email"),
      priority,
      correspondence: flags.correspondence,
      liableForNotices: flags.liableForNotices,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "");
        const column = key === "addressLines" && typeof issue.path[1] === "number" ? `address_${issue.path[1] + 1}` : (COLUMN_OF[key] ?? key);
        problem(column, issue.message);
      }
      continue;
    }
    const key = `${upn}\n${nameKey(parsed.data.name)}`;
    const earlier = lineOf.get(key);
    if (earlier !== undefined) {
      problem("name", `${parsed.data.name} is named for this pupil on line ${earlier} and again on line ${line}`);
      continue;
    }
    lineOf.set(key, line);
    rows.push({ line, upn, details: toDetails(parsed.data) });
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems };
}
