import { describe, expect, it } from "vitest";
import { readCsvTable } from "./csvTable.ts";

const linesOf = (text: string) => readCsvTable(text, "f.csv", ["a", "b"]).records.map((r) => r.line);

describe("CSV line numbers", () => {
  it("numbers records by their line in the file, the header being line 1, skipping blank lines", () => {
    expect(linesOf("a,b\n1,2\n\n3,4\n   \n5,6")).toEqual([2, 4, 6]);
  });

  it("counts Windows (CRLF) line endings once, even inside a quoted field", () => {
    const text = 'a,b\r\n1,"two\r\nlines"\r\n3,4\r\n\r\n5,6\r\n';
    expect(linesOf(text)).toEqual([2, 4, 6]);
    expect(readCsvTable(text, "f.csv", ["a", "b"]).records[0]!.values.b).toBe("two\nlines");
  });

  it("gives a record that spans lines the line it starts on", () => {
    expect(linesOf('a,b\n1,"x\ny\nz"\n3,4\n')).toEqual([2, 5]);
  });

  it("ignores a byte-order mark and reads headers case-insensitively", () => {
    const table = readCsvTable("\uFEFFA, B \n1,2\n", "f.csv", ["a", "b"]);
    expect(table.problems).toEqual([]);
    expect(table.records[0]!.values).toEqual({ a: "1", b: "2" });
  });

  it("reports a file that is not CSV at all (an unclosed quote) as one problem", () => {
    const table = readCsvTable('a,b\n1,"2\n3,4\n', "f.csv", ["a", "b"]);
    expect(table.records).toEqual([]);
    expect(table.problems).toHaveLength(1);
    expect(table.problems[0]!.field).toBe("(file)");
  });
});
