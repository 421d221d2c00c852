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
 * Reads a CSV file with a header row into records keyed by column name (lower-cased, trimmed), keeping
 * each record's line number. Checks that the required columns are present.
 */
export function readCsvTable(text: string, file: string, requiredColumns: readonly string[]): CsvTable {
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
