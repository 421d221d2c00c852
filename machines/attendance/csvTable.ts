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
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ""), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
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
      line: rows[0]!.info.lines,
      field: "(header)",
      message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; expected a header with ${requiredColumns.join(",")}`,
    });
    return { header, records: [], problems };
  }
  const records: CsvRecord[] = [];
  for (const { record, info } of rows.slice(1)) {
    if (record.length !== header.length) {
      problems.push({ file, line: info.lines, field: "(row)", message: `has ${record.length} fields; the header has ${header.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = record[i] ?? ""));
    records.push({ line: info.lines, values });
  }
  return { header, records, problems };
}
