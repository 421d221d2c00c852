import { describe, expect, it } from "vitest";
import { formatProblem } from "./inputProblem.ts";
import { parseMarksCsv } from "./marksCsv.ts";
import { upnProblem, withCheckLetter } from "./upn.ts";

const A = withCheckLetter("123456789012"); // A123456789012
const B = withCheckLetter("820100001003"); // H820100001003

const read = (text: string) => parseMarksCsv(text, "marks.csv", { validateUpn: upnProblem });
const lines = (text: string) => read(text).problems.map(formatProblem);

describe("reading a marks file", () => {
  it("reads good rows, upper-casing the session", () => {
    const { rows, problems } = read(`upn,date,session,mark\n${A},2024-09-09,am,/\n${A},2024-09-09,PM,\\\n`);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { upn: A, date: "2024-09-09", session: "AM", mark: "/", line: 2 },
      { upn: A, date: "2024-09-09", session: "PM", mark: "\\", line: 3 },
    ]);
  });

  it("accepts columns in any order and in any case, ignoring extra ones", () => {
    const { rows, problems } = read(`Mark,Session,UPN,Date,Note\nO,AM,${A},2024-09-09,phoned\n`);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ upn: A, mark: "O", session: "AM" });
  });

  it("rejects a bad header, naming the missing columns", () => {
    expect(lines(`pupil,date,session,code\n${A},2024-09-09,AM,/\n`)).toEqual([
      "marks.csv:1: (header): missing columns upn, mark; expected a header with upn,date,session,mark",
    ]);
  });

  it("rejects an empty file", () => {
    expect(lines("")).toEqual([expect.stringMatching(/^marks\.csv:1: \(header\): the file is empty/)]);
  });

  it("rejects a bad date, a bad session and an unknown code, each with its line and field, all of them", () => {
    expect(
      lines(
        [
          "upn,date,session,mark",
          `${A},2024-02-30,AM,/`,
          `${A},09/09/2024,AM,/`,
          `${A},2024-09-09,morning,/`,
          `${A},2024-09-10,AM,Q9`,
          `${A},2024-09-10,PM,`,
        ].join("\n"),
      ),
    ).toEqual([
      'marks.csv:2: date: "2024-02-30" is not a date in the form YYYY-MM-DD',
      'marks.csv:3: date: "09/09/2024" is not a date in the form YYYY-MM-DD',
      'marks.csv:4: session: "morning" is not a session; use AM or PM',
      'marks.csv:5: mark: "Q9" is not a DfE register code',
      "marks.csv:6: mark: mark is empty",
    ]);
  });

  it("rejects a withdrawn code, naming the code and what to use instead", () => {
    const [problem] = lines(`upn,date,session,mark\n${A},2024-09-09,AM,H\n`);
    expect(problem).toMatch(/^marks\.csv:2: mark: code "H" .* withdrawn .*use C \(leave for exceptional circumstances\)/);
  });

  it("rejects a pupil-session marked twice with different codes, naming both lines", () => {
    const { rows, problems } = read(`upn,date,session,mark\n${A},2024-09-09,AM,/\n${B},2024-09-09,AM,/\n${A},2024-09-09,AM,O\n`);
    expect(problems.map(formatProblem)).toEqual([
      `marks.csv:4: mark: ${A} 2024-09-09 AM is marked "O" here but "/" on line 2`,
    ]);
    expect(rows).toHaveLength(2);
  });

  it("keeps a pupil-session repeated with the same code once, without complaint", () => {
    const { rows, problems } = read(`upn,date,session,mark\n${A},2024-09-09,AM,O\n${A},2024-09-09,am,O\n`);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ upn: A, date: "2024-09-09", session: "AM", mark: "O", line: 2 }]);
  });

  it("rejects a bad UPN when asked to check UPNs", () => {
    expect(lines(`upn,date,session,mark\nK123456789012,2024-09-09,AM,/\nA1234,2024-09-09,AM,/\n,2024-09-09,AM,/\n`)).toEqual([
      'marks.csv:2: upn: check letter should be "A", not "K"',
      'marks.csv:3: upn: UPN must be 13 characters; "A1234" has 5',
      "marks.csv:4: upn: UPN is empty",
    ]);
    // Without a UPN rule (the policy lab), any non-empty UPN is accepted.
    expect(parseMarksCsv(`upn,date,session,mark\nPUPIL-1,2024-09-09,AM,/\n`, "m.csv").problems).toEqual([]);
  });

  it("rejects a row with the wrong number of fields", () => {
    expect(lines(`upn,date,session,mark\n${A},2024-09-09,AM\n`)).toEqual(["marks.csv:2: (row): has 3 fields; the header has 4"]);
  });
});
