/**
 * National attendance benchmarks for England, kept as data with their source and year so a dashboard can say
 * what it compares against. Transcribed from `reference/national-benchmarks.csv` (its README names the source);
 * `benchmarks.test.ts` checks this table against that file row by row.
 */
export type BenchmarkMeasure = "absence" | "authorised-absence" | "unauthorised-absence" | "persistent-absence" | "severe-absence";
export type BenchmarkPhase = "all" | "primary" | "secondary" | "special";

export interface Benchmark {
  readonly id: string;
  readonly measure: BenchmarkMeasure;
  readonly phase: BenchmarkPhase;
  /** Percentage: of possible sessions for absence, of pupils for persistent and severe absence. */
  readonly value: number;
  readonly year: string;
  readonly label: string;
  readonly source: string;
}

export const BENCHMARK_SOURCE = "DfE Explore Education Statistics: Pupil absence in schools in England";
export const BENCHMARK_SOURCE_URL = "https://explore-education-statistics.service.gov.uk/find-statistics/pupil-absence-in-schools-in-england";
const SOURCE = BENCHMARK_SOURCE;

export const NATIONAL_BENCHMARKS: readonly Benchmark[] = [
  { id: "absence-all", measure: "absence", phase: "all", value: 7.1, year: "2023/24", label: "Overall absence, all state-funded schools", source: SOURCE },
  { id: "absence-primary", measure: "absence", phase: "primary", value: 5.5, year: "2023/24", label: "Overall absence, state-funded primary", source: SOURCE },
  { id: "absence-secondary", measure: "absence", phase: "secondary", value: 8.9, year: "2023/24", label: "Overall absence, state-funded secondary", source: SOURCE },
  { id: "absence-special", measure: "absence", phase: "special", value: 13.0, year: "2023/24", label: "Overall absence, special schools", source: SOURCE },
  { id: "authorised-all", measure: "authorised-absence", phase: "all", value: 4.7, year: "2023/24", label: "Authorised absence, all state-funded schools", source: SOURCE },
  { id: "unauthorised-primary", measure: "unauthorised-absence", phase: "primary", value: 1.6, year: "2023/24", label: "Unauthorised absence, state-funded primary", source: SOURCE },
  { id: "unauthorised-secondary", measure: "unauthorised-absence", phase: "secondary", value: 3.5, year: "2023/24", label: "Unauthorised absence, state-funded secondary", source: SOURCE },
  { id: "pa-primary", measure: "persistent-absence", phase: "primary", value: 14.56, year: "2023/24", label: "Persistent absence, mainstream primary", source: SOURCE },
  { id: "sa-primary", measure: "severe-absence", phase: "primary", value: 0.85, year: "2023/24", label: "Severe absence, mainstream primary", source: SOURCE },
  { id: "pa-all", measure: "persistent-absence", phase: "all", value: 20, year: "2023/24", label: "Persistent absence, all pupils (approximate)", source: SOURCE },
  { id: "sa-all", measure: "severe-absence", phase: "all", value: 2.3, year: "2023/24", label: "Severe absence, all pupils (approximate)", source: SOURCE },
  { id: "absence-all-provisional", measure: "absence", phase: "all", value: 6.9, year: "2024/25 (provisional)", label: "Overall absence, all state-funded schools (provisional)", source: SOURCE },
  { id: "pa-all-provisional", measure: "persistent-absence", phase: "all", value: 18.7, year: "2024/25 (provisional)", label: "Persistent absence, all pupils (provisional)", source: SOURCE },
];

/**
 * The fair national comparison for a measure: the figure for the school's own phase where the DfE publishes one,
 * else the all-schools figure; always the full-year (not provisional) figure. Undefined when there is none.
 */
export function benchmarkFor(measure: BenchmarkMeasure, phase: BenchmarkPhase): Benchmark | undefined {
  const full = NATIONAL_BENCHMARKS.filter((b) => b.measure === measure && !b.year.includes("provisional"));
  return full.find((b) => b.phase === phase) ?? full.find((b) => b.phase === "all");
}
