import { parse } from "csv-parse/sync";
import type { InputProblem } from "./inputProblem.ts";

export interface CsvRecord {
  /** Line number in the file of the record's first line (the header is line 1). */
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
  readonly problems: InputProblem[];
}

/**
 * The same file as `readCsvTable` reads it, with each record left as the array of its fields (in the header's
 * order) instead of an object: for files of hundreds of thousands of rows (a year's register), where an object
 * per row costs more than the parsing. `records[i]` starts on line `lines[i]`; only records with as many fields
 * as the header are kept (the others are problems, as in `readCsvTable`).
 */
export interface CsvRows {
  /** Column names, lower-cased and trimmed, in the file's order. */
  readonly header: readonly string[];
  readonly records: readonly (readonly string[])[];
  readonly lines: readonly number[];
  readonly problems: InputProblem[];
}

/**
 * Reads a CSV file with a header row into records keyed by column name (lower-cased, trimmed), keeping
 * each record's line number. Checks that the required columns are present.
 */
export function readCsvTable(text: string, file: string, requiredColumns: readonly string[]): CsvTable {
  const { header, records, lines, problems } = readCsvRows(text, file, requiredColumns);
  return {
    header,
    records: records.map((record, i) => {
      const values: Record<string, string> = {};
      header.forEach((h, j) => (values[h] = record[j] ?? ""));
      return { line: lines[i]!, values };
    }),
    problems,
  };
}

/** `readCsvTable` without an object per record: see CsvRows. */
export function readCsvRows(text: string, file: string, requiredColumns: readonly string[]): CsvRows {
  const problems: InputProblem[] = [];
  // Line endings are normalised first: csv-parse counts a CRLF inside a quoted field as two lines, which
  // would put every later line number of a Windows-exported file out by one.
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  // The line each record starts on. csv-parse can report line numbers itself (`info`), but that makes it about
  // three times slower on a year's register. When the file has no blank line (none empty or only spaces, not
  // counting the final line break), every record starts on the line after the previous one ended, so its line
  // follows from the line breaks inside the fields before it. Otherwise csv-parse is asked for each record's
  // raw text (about a third slower), which also holds the blank lines skipped before it, and its line breaks
  // are counted.
  const body = normalised.endsWith("\n") ? normalised.slice(0, -1) : normalised;
  // "Blank" as csv-parse's trim sees it: any of the characters it trims, which are exactly JavaScript's `\s`.
  const withRaw = /(?:^|\n)[^\S\n]*(?:\n|$)/.test(body);
  let parsed: { record: string[]; raw: string }[] | string[][];
  try {
    parsed = !withRaw && isPlain(normalised) ? splitPlain(normalised) : parse(normalised, {
      raw: withRaw,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; raw: string }[] | string[][];
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    problems.push({ file, line: e.lines ?? 1, field: "(file)", message: `not readable as CSV: ${e.message ?? String(error)}` });
    return { header: [], records: [], lines: [], problems };
  }
  if (parsed.length === 0) {
    problems.push({ file, line: 1, field: "(header)", message: `the file is empty; expected a header: ${requiredColumns.join(",")}` });
    return { header: [], records: [], lines: [], problems };
  }
  let lineAtStart = 1;
  const recordAt = (i: number): string[] => (withRaw ? (parsed as { record: string[] }[])[i]!.record : (parsed as string[][])[i]!);
  const lineOf = (i: number): number => {
    if (!withRaw) {
      const line = lineAtStart;
      lineAtStart += 1;
      for (const field of (parsed as string[][])[i]!) if (field.includes("\n")) lineAtStart += countLineBreaks(field);
      return line;
    }
    const { raw } = (parsed as { raw: string }[])[i]!;
    const first = raw.charCodeAt(0);
    // Blank lines skipped before the record (only spaces, tabs and a line break) are at the start of its raw text.
    const line = first === 10 || first === 32 || first === 9 ? lineAtStart + countLineBreaks(/^(?:[ \t]*\n)*/.exec(raw)![0]) : lineAtStart;
    lineAtStart += countLineBreaks(raw);
    return line;
  };
  const headerLine = lineOf(0);
  const header = recordAt(0).map((h) => h.trim().toLowerCase());
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    problems.push({
      file,
      line: headerLine,
      field: "(header)",
      message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; expected a header with ${requiredColumns.join(",")}`,
    });
    return { header, records: [], lines: [], problems };
  }
  const records: string[][] = [];
  const lines: number[] = [];
  for (let i = 1; i < parsed.length; i++) {
    const record = recordAt(i);
    const line = lineOf(i);
    if (record.length !== header.length) {
      problems.push({ file, line, field: "(row)", message: `has ${record.length} fields; the header has ${header.length}` });
      continue;
    }
    records.push(record);
    lines.push(line);
  }
  return { header, records, lines, problems };
}

/**
 * A file with no quote character, no blank line and no unpaired surrogate (which csv-parse, reading UTF-8,
 * turns into U+FFFD): csv-parse can read nothing in it but lines of comma-separated fields, so it is split by
 * hand, several times faster, to exactly the records csv-parse gives with the options above: each line a
 * record, each field trimmed of the characters csv-parse trims (exactly JavaScript's `trim()`), no errors.
 * csvEquivalence.test.ts proves the two agree, on tricky and on random files.
 */
function isPlain(text: string): boolean {
  return !text.includes('"') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function splitPlain(text: string): string[][] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop(); // the final line break
  const records: string[][] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.split(",");
    for (let j = 0; j < fields.length; j++) {
      const field = fields[j]!;
      // Most fields have nothing to trim: printable ASCII at both ends.
      const first = field.charCodeAt(0);
      const last = field.charCodeAt(field.length - 1);
      if (!(first > 32 && first < 127 && last > 32 && last < 127)) fields[j] = field.trim();
    }
    records[i] = fields;
  }
  return records;
}

function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
