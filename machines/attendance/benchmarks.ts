/**
 * National attendance benchmarks for England, kept as data with their source and year so a dashboard can say
 * what it compares against. Source: DfE, Explore Education Statistics, "Pupil absence in schools in England".
 */
export interface Benchmark {
  readonly id: string;
  readonly label: string;
  /** Percentage. */
  readonly value: number;
  readonly phase: "all" | "primary" | "secondary" | "special";
  readonly year: string;
  readonly source: string;
}

const SOURCE = "DfE Explore Education Statistics: Pupil absence in schools in England";

export const NATIONAL_BENCHMARKS: readonly Benchmark[] = [
  { id: "absence-all", label: "Overall absence, all state-funded schools", value: 7.1, phase: "all", year: "2023/24", source: SOURCE },
  { id: "absence-primary", label: "Overall absence, primary", value: 5.5, phase: "primary", year: "2023/24", source: SOURCE },
  { id: "absence-secondary", label: "Overall absence, secondary", value: 8.9, phase: "secondary", year: "2023/24", source: SOURCE },
  { id: "absence-special", label: "Overall absence, special", value: 13.0, phase: "special", year: "2023/24", source: SOURCE },
  { id: "authorised-all", label: "Authorised absence, all", value: 4.7, phase: "all", year: "2023/24", source: SOURCE },
  { id: "unauthorised-primary", label: "Unauthorised absence, primary", value: 1.6, phase: "primary", year: "2023/24", source: SOURCE },
  { id: "unauthorised-secondary", label: "Unauthorised absence, secondary", value: 3.5, phase: "secondary", year: "2023/24", source: SOURCE },
  { id: "pa-primary", label: "Persistent absence, mainstream primary", value: 14.56, phase: "primary", year: "2023/24", source: SOURCE },
  { id: "sa-primary", label: "Severe absence, mainstream primary", value: 0.85, phase: "primary", year: "2023/24", source: SOURCE },
  { id: "pa-all", label: "Persistent absence, all pupils", value: 20, phase: "all", year: "2023/24", source: SOURCE },
  { id: "sa-all", label: "Severe absence, all pupils", value: 2.3, phase: "all", year: "2023/24", source: SOURCE },
  { id: "absence-all-provisional", label: "Overall absence, all (provisional)", value: 6.9, phase: "all", year: "2024/25", source: SOURCE },
  { id: "pa-all-provisional", label: "Persistent absence, all (provisional)", value: 18.7, phase: "all", year: "2024/25", source: SOURCE },
];
