/** A column of a plain-text table: numbers are right-aligned, text left-aligned. */
export interface Column<Row> {
  readonly header: string;
  readonly align?: "left" | "right";
  readonly cell: (row: Row) => string;
}

/** Renders rows as an aligned plain-text table, two spaces between columns, no trailing spaces. */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((c) => c.cell(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (columns[i]!.align === "right" ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join("\n");
}
