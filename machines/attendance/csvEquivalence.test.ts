/**
 * The CSV readers were made faster (records kept as arrays, line numbers counted without csv-parse's raw text
 * when the file has no blank line, a file with no quote, no blank line and no unpaired surrogate split by hand
 * instead of by csv-parse, UPNs, dates and codes checked once each, pupil-sessions found by number).
 * These tests prove the new readers give exactly what the old ones gave, rows and every problem with its
 * line, by running both on tricky files and on many random ones. The old readers are kept below, verbatim
 * (renamed), as the reference.
 */
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { checkCode } from "./codes.ts";
import { type CsvRecord, type CsvTable, readCsvRows, readCsvTable } from "./csvTable.ts";
import { formatProblem, type InputProblem } from "./inputProblem.ts";
import { MARKS_COLUMNS, type MarkRow, type MarksFile, parseMarksCsv, type Session } from "./marksCsv.ts";
import { parsePupilsCsv, PUPILS_REQUIRED_COLUMNS } from "./pupilsCsv.ts";
import { parseIsoDate } from "./schoolDate.ts";
import { upnProblem, withCheckLetter } from "./upn.ts";

// ---- The reference: the readers as they were before (machines/attendance/csvTable.ts and marksCsv.ts). ----

function oldReadCsvTable(text: string, file: string, requiredColumns: readonly string[]): CsvTable {
  const problems: InputProblem[] = [];
  let rows: { record: string[]; line: number }[];
  try {
    // Line endings are normalised first: csv-parse counts a CRLF inside a quoted field as two lines, which
    // would put every later line number of a Windows-exported file out by one.
    const parsed = parse(text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"), {
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; raw: string }[];
    rows = withLineNumbers(parsed);
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    problems.push({ file, line: e.lines ?? 1, field: "(file)", message: `not readable as CSV: ${e.message ?? String(error)}` });
    return { header: [], records: [], problems };
  }
  if (rows.length === 0) {
    problems.push({ file, line: 1, field: "(header)", message: `the file is empty; expected a header: ${requiredColumns.join(",")}` });
    return { header: [], records: [], problems };
  }
  const header = rows[0]!.record.map((h) => h.trim().toLowerCase());
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    problems.push({
      file,
      line: rows[0]!.line,
      field: "(header)",
      message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; expected a header with ${requiredColumns.join(",")}`,
    });
    return { header, records: [], problems };
  }
  const records: CsvRecord[] = [];
  for (const { record, line } of rows.slice(1)) {
    if (record.length !== header.length) {
      problems.push({ file, line, field: "(row)", message: `has ${record.length} fields; the header has ${header.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = record[i] ?? ""));
    records.push({ line, values });
  }
  return { header, records, problems };
}

/**
 * The line each record starts on. csv-parse can report line numbers itself (`info`), but that makes it about
 * four times slower on a year's register; instead count the line breaks in each record's raw text, which
 * also holds the blank lines skipped before it and its own line ending.
 */
function withLineNumbers(parsed: readonly { record: string[]; raw: string }[]): { record: string[]; line: number }[] {
  let lineAtStart = 1;
  return parsed.map(({ record, raw }) => {
    const skipped = /^(?:[ \t]*\n)*/.exec(raw)![0];
    const line = lineAtStart + countLineBreaks(skipped);
    lineAtStart += countLineBreaks(raw);
    return { record, line };
  });
}

function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function oldParseMarksCsv(
  text: string,
  file: string,
  options: { validateUpn?: (upn: string) => string | undefined } = {},
): MarksFile {
  const table = oldReadCsvTable(text, file, MARKS_COLUMNS);
  const problems = [...table.problems];
  const rows: MarkRow[] = [];
  const seen = new Map<string, { mark: string; line: number }>();
  // A register repeats each UPN and date hundreds of times; check each once.
  const upnChecked = new Map<string, string | undefined>();
  const checkUpn = (upn: string) => {
    if (!options.validateUpn) return undefined;
    if (!upnChecked.has(upn)) upnChecked.set(upn, options.validateUpn(upn));
    return upnChecked.get(upn);
  };
  const dateChecked = new Map<string, boolean>();
  const isDate = (date: string) => {
    let ok = dateChecked.get(date);
    if (ok === undefined) dateChecked.set(date, (ok = parseIsoDate(date) !== undefined));
    return ok;
  };
  for (const { line, values } of table.records) {
    const upn = values.upn!;
    const date = values.date!;
    const session = values.session!.toUpperCase();
    const mark = values.mark!;
    const before = problems.length;
    if (upn === "") problems.push({ file, line, field: "upn", message: "UPN is empty" });
    else {
      const upnProblem = checkUpn(upn);
      if (upnProblem) problems.push({ file, line, field: "upn", message: upnProblem });
    }
    if (!isDate(date)) {
      problems.push({ file, line, field: "date", message: `"${date}" is not a date in the form YYYY-MM-DD` });
    }
    if (session !== "AM" && session !== "PM") {
      problems.push({ file, line, field: "session", message: `"${values.session}" is not a session; use AM or PM` });
    }
    const code = checkCode(mark);
    if (!code.ok) problems.push({ file, line, field: "mark", message: code.message });
    if (problems.length > before) continue;

    const key = `${upn}|${date}|${session}`;
    const earlier = seen.get(key);
    if (earlier) {
      if (earlier.mark !== mark) {
        problems.push({
          file,
          line,
          field: "mark",
          message: `${upn} ${date} ${session} is marked "${mark}" here but "${earlier.mark}" on line ${earlier.line}`,
        });
      }
      continue;
    }
    seen.set(key, { mark, line });
    rows.push({ upn, date, session: session as Session, mark, line });
  }
  return { rows, problems };
}


// ---- The tests. ----

const A = withCheckLetter("123456789012");
const B = withCheckLetter("820100001003");
const C = withCheckLetter("999847924000");

const sameTable = (text: string, columns: readonly string[]) => {
  const before = oldReadCsvTable(text, "f.csv", columns);
  const now = readCsvTable(text, "f.csv", columns);
  expect(now).toEqual(before);
  // Same key order in each record too (the records are handed on as objects).
  expect(now.records.map((r) => Object.keys(r.values))).toEqual(before.records.map((r) => Object.keys(r.values)));
};

const sameMarks = (text: string, withUpnCheck = true) => {
  const options = withUpnCheck ? { validateUpn: upnProblem } : {};
  const before = oldParseMarksCsv(text, "marks.csv", options);
  const now = parseMarksCsv(text, "marks.csv", options);
  expect(now.rows).toEqual(before.rows);
  expect(now.problems.map(formatProblem)).toEqual(before.problems.map(formatProblem));
  return now;
};

/** Tricky marks files, each with at least one feature the fast line count must handle (or hand to raw text). */
const TRICKY_MARKS: Record<string, string> = {
  plain: `upn,date,session,mark\n${A},2024-09-09,AM,/\n${A},2024-09-09,PM,\\\n${B},2024-09-09,AM,N\n`,
  "no final line break": `upn,date,session,mark\n${A},2024-09-09,AM,/\n${B},2024-09-09,PM,L`,
  "CRLF line endings": `upn,date,session,mark\r\n${A},2024-09-09,AM,/\r\n${A},2024-09-10,AM,Q9\r\n${B},2024-09-09,AM,O\r\n`,
  "lone CR line endings": `upn,date,session,mark\r${A},2024-09-09,AM,/\r${A},2024-09-10,AM,Q9\r`,
  "byte-order mark": `\uFEFFUPN,Date,Session,Mark\n${A},2024-09-09,AM,/\n${A},2024-13-09,AM,/\n`,
  "blank lines": `\nupn,date,session,mark\n\n${A},2024-09-09,AM,/\n\n\n${A},2024-09-10,AM,Q9\n   \n\t\n${B},2024-09-09,XM,/\n\n`,
  "whitespace-only last line": `upn,date,session,mark\n${A},2024-09-09,AM,/\n${A},2024-09-10,AM,Q9\n  `,
  "quoted fields": `upn,date,session,mark\n"${A}","2024-09-09","AM","/"\n"${A}",2024-09-10,"am",O\n${B},"2024-09-09",PM,"Q9"\n`,
  "line breaks inside quotes": `upn,date,session,mark\n${A},2024-09-09,"A\nM",/\n${A},2024-09-10,AM,"Q\n\n9"\n${B},2024-09-09,AM,"\n"\n${B},2024-09-10,PM,Z\n${C},2024-09-10,PM,/\n`,
  "CRLF inside quotes": `upn,date,session,mark\r\n${A},2024-09-09,"A\r\nM",/\r\n${B},2024-09-10,AM,Q9\r\n`,
  "blank line inside quotes": `upn,date,session,mark\n${A},2024-09-09,"A\n\nM",/\n${B},2024-09-10,AM,Q9\n`,
  "quoted commas and quotes": `upn,date,session,mark\n${A},2024-09-09,AM,"a,b"\n${A},2024-09-10,AM,"say ""hi"""\n${B},2024-09-09,AM,/\n`,
  "spaces around fields": `upn , date , session , mark\n ${A} , 2024-09-09 ,  AM , / \n${A},2024-09-10 ,pm, Q9\n`,
  "too many and too few fields": `upn,date,session,mark\n${A},2024-09-09,AM,/,extra\n${A},2024-09-10\n${B},2024-09-09,AM,/\n`,
  "bad codes, dates, sessions and UPNs": [
    "upn,date,session,mark",
    `${A},2024-02-30,AM,/`,
    `${A},09/09/2024,AM,/`,
    `${A},2024-09-09,morning,/`,
    `${A},2024-09-10,AM,Q9`,
    `${A},2024-09-10,PM,`,
    `${A},2024-09-11,AM,H`,
    `K123456789012,2024-09-09,AM,/`,
    `A1234,2024-09-09,AM,/`,
    `,2024-09-09,AM,/`,
    `,,,`,
    `K123456789012,2024-02-30,noon,Q9`,
  ].join("\n"),
  "repeated sessions": `upn,date,session,mark\n${A},2024-09-09,AM,/\n${B},2024-09-09,AM,/\n${A},2024-09-09,am,/\n${A},2024-09-09,AM,O\n${A},2024-09-09,PM,O\n${A},2024-09-09,Pm,N\n${A},2024-09-09,AM,N\n`,
  "columns in another order, with an extra one": `Mark,Session,UPN,Note,Date\nO,AM,${A},"phoned,\nno answer",2024-09-09\n/,PM,${A},,2024-09-09\n`,
  "duplicate column name": `upn,date,session,mark,mark\n${A},2024-09-09,AM,/,O\n`,
  "missing columns": `pupil,date,session,code\n${A},2024-09-09,AM,/\n`,
  "header after blank lines, missing a column": `\n\n  \nupn,date,mark\n${A},2024-09-09,/\n`,
  "header only": "upn,date,session,mark\n",
  empty: "",
  "only blank lines": "\n\n  \n",
  "no quotes, unicode spaces around fields": `upn,date,session,mark\n\u00a0${A}\u3000,\t2024-09-09\u2028,AM\uFEFF,/\f\n${B},2024-09-09,\u180eAM,/\n`,
  "no quotes, an unpaired surrogate": `upn,date,session,mark\n${A},2024-09-09,AM,\ud800\n${B},2024-09-09,AM,/\n`,
  "unclosed quote": `upn,date,session,mark\n${A},2024-09-09,AM,"/\n${A},2024-09-10,AM,/\n`,
  "quote inside an unquoted field": `upn,date,session,mark\n${A},2024-09-09,AM,a"b\n`,
  "quote inside an unquoted field after blank lines": `upn,date,session,mark\n\n\n${A},2024-09-09,AM,a"b\n`,
  "text after a closing quote": `upn,date,session,mark\n${A},2024-09-09,AM,"/"x\n`,
};

describe("the faster CSV readers give exactly what the old ones gave", () => {
  for (const [name, text] of Object.entries(TRICKY_MARKS)) {
    it(`marks file: ${name}`, () => {
      sameMarks(text);
      sameMarks(text, false);
      sameTable(text, MARKS_COLUMNS);
    });
  }

  it("the tricky files do exercise what they are named for (rows kept, problems with their lines)", () => {
    // Guards against a fixture that proves nothing: these outputs are pinned, not only compared.
    expect(sameMarks(TRICKY_MARKS["blank lines"]!).problems.map(formatProblem)).toEqual([
      'marks.csv:7: mark: "Q9" is not a DfE register code',
      'marks.csv:10: session: "XM" is not a session; use AM or PM',
    ]);
    expect(sameMarks(TRICKY_MARKS["line breaks inside quotes"]!).problems.map(formatProblem)).toEqual([
      'marks.csv:2: session: "A\nM" is not a session; use AM or PM',
      'marks.csv:4: mark: "Q\n\n9" is not a DfE register code',
      'marks.csv:7: mark: "\n" is not a DfE register code',
    ]);
    expect(sameMarks(TRICKY_MARKS["line breaks inside quotes"]!).rows.map((r) => r.line)).toEqual([9, 10]);
    expect(sameMarks(TRICKY_MARKS["CRLF line endings"]!).problems.map(formatProblem)).toEqual([
      'marks.csv:3: mark: "Q9" is not a DfE register code',
    ]);
    expect(sameMarks(TRICKY_MARKS["repeated sessions"]!).problems.map(formatProblem)).toEqual([
      `marks.csv:5: mark: ${A} 2024-09-09 AM is marked "O" here but "/" on line 2`,
      `marks.csv:7: mark: ${A} 2024-09-09 PM is marked "N" here but "O" on line 6`,
      `marks.csv:8: mark: ${A} 2024-09-09 AM is marked "N" here but "/" on line 2`,
    ]);
    expect(sameMarks(TRICKY_MARKS["unclosed quote"]!).problems).toEqual([
      expect.objectContaining({ field: "(file)", message: expect.stringMatching(/^not readable as CSV: /) }),
    ]);
    expect(sameMarks(TRICKY_MARKS["quoted fields"]!).rows).toEqual([
      { upn: A, date: "2024-09-09", session: "AM", mark: "/", line: 2 },
      { upn: A, date: "2024-09-10", session: "AM", mark: "O", line: 3 },
    ]);
  });

  it("reads a file without blank lines through the fast line count, and one with them through csv-parse's raw text, to the same lines", () => {
    const rows = `${A},2024-09-09,AM,"x\ny"\n${B},2024-09-09,AM,/\n`;
    const fast = readCsvRows(`upn,date,session,mark\n${rows}`, "f.csv", MARKS_COLUMNS);
    const raw = readCsvRows(`upn,date,session,mark\n\n${rows}`, "f.csv", MARKS_COLUMNS);
    expect(fast.lines).toEqual([2, 4]);
    expect(raw.lines).toEqual([3, 5]);
    expect(fast.records).toEqual(raw.records);
  });

  it("pupils file: quoted names with commas and line breaks, CRLF, BOM, blank lines, bad rows", () => {
    const text =
      "\uFEFFUPN,Forename,Surname,Year_Group,SEND\r\n" +
      `${A},"Ann, Jr","O""Brien",Y7,Y\r\n\r\n` +
      `${B},"Bo\r\nBo",Smith,Reception,n\r\n` +
      `${C},Cy,,Year 14,maybe\r\n` +
      `${A},Dup,Licate,3,\r\n` +
      `K123456789012,Bad,Upn,15,Y,extra\r\n`;
    const before = oldReadCsvTable(text, "pupils.csv", PUPILS_REQUIRED_COLUMNS);
    expect(readCsvTable(text, "pupils.csv", PUPILS_REQUIRED_COLUMNS)).toEqual(before);
    const parsed = parsePupilsCsv(text, "pupils.csv", { validateUpn: upnProblem });
    expect(parsed.problems.map(formatProblem)).toEqual([
      "pupils.csv:8: (row): has 6 fields; the header has 5",
      "pupils.csv:6: surname: surname is empty",
      'pupils.csv:6: send: "maybe" is not a flag; use Y or N (empty means N)',
      `pupils.csv:7: upn: UPN ${A} is on line 2 and again on line 7`,
    ]);
    expect(parsed.pupils.map((p) => [p.upn, p.forename, p.surname])).toEqual([
      [A, "Ann, Jr", "O\"Brien"],
      [B, "Bo\nBo", "Smith"],
    ]);
  });

  // Random files from pieces chosen to be awkward: quotes, commas, line breaks of every kind, blank and
  // whitespace-only lines, a BOM, bad and good values for every column.
  const piece = fc.constantFrom(
    A, B, C, "K123456789012", "", " ", "\t", ",", "\n", "\r\n", "\r", '"', '""', "\uFEFF", "\u00a0", "\u2028", "\f", "\v", "\u3000",
    "2024-09-09", "2024-09-10", "2024-02-30", "AM", "PM", "am", "pm", "XM", "/", "\\", "N", "O", "L", "H", "Q9", "#",
  );
  const field = fc.oneof(
    fc.array(piece, { maxLength: 3 }).map((parts) => parts.join("")),
    fc.array(piece, { maxLength: 3 }).map((parts) => `"${parts.join("").replace(/"/g, '""')}"`),
  );
  const goodRow = fc.tuple(fc.constantFrom(A, B, C), fc.constantFrom("2024-09-09", "2024-09-10"), fc.constantFrom("AM", "PM", "am"), fc.constantFrom("/", "\\", "N", "O", "L"));
  const line = fc.oneof(
    { weight: 3, arbitrary: goodRow.map((cells) => cells.join(",")) },
    { weight: 2, arbitrary: fc.array(field, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(",")) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\t ", ",,,", "\uFEFF", "\u00a0 ", '""', "\f") },
  );
  const file = fc.tuple(
    fc.constantFrom("", "\uFEFF"),
    fc.constantFrom("upn,date,session,mark", "UPN, Date ,Session,MARK,note", "mark,session,date,upn", "upn,date,mark"),
    fc.array(line, { maxLength: 12 }),
    fc.constantFrom("\n", "\r\n", "\r"),
    fc.constantFrom("", "\n", "\r\n", "\n\n"),
  ).map(([bom, header, lines, eol, end]) => bom + [header, ...lines].join(eol) + end);

  // Files csv-parse is not needed for (no quote, usually no blank line): awkward whitespace of every kind csv-parse
  // trims, characters it does not, unpaired surrogates, fields and rows of every length.
  const plainPiece = fc.constantFrom(
    A, B, "K123456789012", "", " ", "\t", ",", ",,", "\u00a0", "\u2028", "\u2029", "\u3000", "\u180e", "\u200b", "\f", "\v", "\uFEFF",
    "\ud800", "\udc00", "\ud83d\ude00", "é", "2024-09-09", "AM", "pm", "/", "N", "Q9", "x y",
  );
  const plainLine = fc.oneof(
    { weight: 3, arbitrary: goodRow.map((cells) => cells.join(",")) },
    { weight: 3, arbitrary: fc.array(plainPiece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join("")) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\u00a0") },
  );
  const plainFile = fc.tuple(
    fc.constantFrom("upn,date,session,mark", " upn , date,session ,mark\u3000", "mark,session,date,upn,x"),
    fc.array(plainLine, { maxLength: 12 }),
    fc.constantFrom("\n", "\r\n", "\r"),
    fc.constantFrom("", "\n", "\r\n"),
  ).map(([header, lines, eol, end]) => [header, ...lines].join(eol) + end);

  it("random files without quotes (split by hand unless they have a blank line): the same rows and problems", () => {
    fc.assert(
      fc.property(plainFile, (text) => {
        const options = { validateUpn: upnProblem };
        const before = oldParseMarksCsv(text, "marks.csv", options);
        const now = parseMarksCsv(text, "marks.csv", options);
        expect(now.rows).toEqual(before.rows);
        expect(now.problems.map(formatProblem)).toEqual(before.problems.map(formatProblem));
        expect(readCsvTable(text, "marks.csv", MARKS_COLUMNS)).toEqual(oldReadCsvTable(text, "marks.csv", MARKS_COLUMNS));
      }),
      { numRuns: 3000, seed: 20261123 },
    );
  });

  it("random marks files: the same rows and the same problems, line for line", () => {
    fc.assert(
      fc.property(file, (text) => {
        const options = { validateUpn: upnProblem };
        const before = oldParseMarksCsv(text, "marks.csv", options);
        const now = parseMarksCsv(text, "marks.csv", options);
        expect(now.rows).toEqual(before.rows);
        expect(now.problems.map(formatProblem)).toEqual(before.problems.map(formatProblem));
        expect(readCsvTable(text, "marks.csv", MARKS_COLUMNS)).toEqual(oldReadCsvTable(text, "marks.csv", MARKS_COLUMNS));
      }),
      { numRuns: 3000, seed: 20261122 },
    );
  });
});
