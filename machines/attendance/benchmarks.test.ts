import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { benchmarkFor, NATIONAL_BENCHMARKS } from "./benchmarks.ts";

const rows = parse(readFileSync(new URL("./reference/national-benchmarks.csv", import.meta.url), "utf8"), { columns: true }) as Record<string, string>[];

describe("the national benchmarks", () => {
  it("equal reference/national-benchmarks.csv row by row, each with its source and year", () => {
    expect(rows.length).toBeGreaterThan(10);
    expect(
      NATIONAL_BENCHMARKS.map((b) => ({ id: b.id, measure: b.measure, phase: b.phase, value_pct: String(b.value), year: b.year, label: b.label, source: b.source })),
    ).toEqual(rows.map((r) => ({ ...r, value_pct: String(Number(r.value_pct)) })));
    for (const b of NATIONAL_BENCHMARKS) expect([b.source.length > 0, /^\d{4}\/\d{2}/.test(b.year)]).toEqual([true, true]);
  });

  it("give a primary school the primary figures, not the all-pupils ones", () => {
    expect(benchmarkFor("absence", "primary")?.value).toBe(5.5);
    expect(benchmarkFor("persistent-absence", "primary")?.value).toBe(14.56);
    expect(benchmarkFor("severe-absence", "primary")?.value).toBe(0.85);
    // No secondary persistent-absence figure is held: the all-pupils one, which says so in its label.
    expect(benchmarkFor("persistent-absence", "secondary")?.id).toBe("pa-all");
    expect(benchmarkFor("absence", "all")?.value).toBe(7.1);
  });
});
