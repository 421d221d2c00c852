/**
 * The benchmark's summary: the JSON object of `npm run bench -- --json` and the table printed otherwise, built
 * from what each part measured. Pure, so the correctness test checks its keys without timing anything.
 */
import { cpus, loadavg, totalmem } from "node:os";
import type { ApiResult } from "./api.ts";

export interface Options {
  readonly quick: boolean;
  readonly json: boolean;
  /** `--only NAME`: run one part on its own and print what it measured (no summary, no goals). */
  readonly only?: PartName;
}

/** The parts `--only` can name (`dayclose100k` is the 10,000 one again with `--quick`; `api` needs a day close first). */
export const PART_NAMES = ["school", "la", "dayclose10k", "dayclose100k", "api", "import"] as const;
export type PartName = (typeof PART_NAMES)[number];

export function parseOptions(argv: readonly string[]): Options {
  const rest = [...argv];
  let only: PartName | undefined;
  const at = rest.indexOf("--only");
  if (at >= 0) {
    const name = rest[at + 1];
    if (!name || !(PART_NAMES as readonly string[]).includes(name)) throw new Error(`--only takes one of ${PART_NAMES.join(", ")}`);
    only = name as PartName;
    rest.splice(at, 2);
  }
  const unknown = rest.filter((a) => a !== "--quick" && a !== "--json");
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(" ")}; use --quick, --json and/or --only PART`);
  return { quick: argv.includes("--quick"), json: argv.includes("--json"), ...(only ? { only } : {}) };
}

/** The scales of a run: `--quick` takes the 100,000-pupil parts down to 10,000. */
export function scales(quick: boolean) {
  return {
    schoolPupils: 1500,
    laPupils: quick ? 10_000 : 100_000,
    dayClose10k: 10_000,
    dayClose100k: quick ? 10_000 : 100_000,
    apiCases: quick ? 10_000 : 100_000,
    importPupils: 1500,
    engineRuns: 7,
    denseRuns: 3,
    laRuns: 3,
    dayCloseDays: 3,
    dayClosePriorDays: 5,
    importRuns: quick ? 2 : 3,
    apiSeconds: quick ? 6 : 15,
    apiRate: 200,
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface SchoolPart {
  readonly engineMs: number[];
  readonly denseMs: number[];
  readonly scanMs: number[];
  readonly equal: boolean;
  readonly counts: { pupils: number; transitions: number; tasks: number };
}

export interface LaPart {
  readonly pupils: number;
  readonly runsMs: number[];
  readonly generateMs: number;
  readonly rssMb: number;
  readonly counts: { pupils: number; transitions: number; tasks: number };
}

export interface DayClosePart {
  readonly pupils: number;
  readonly priorDays: number;
  readonly runsMs: number[];
  readonly setupMs: number;
  readonly lastDetail: Record<string, unknown>;
}

export interface ImportPart {
  readonly pupils: number;
  readonly marks: number;
  readonly csvBytes: number;
  readonly runsMs: number[];
  readonly lastDetail: Record<string, unknown>;
  readonly readsDuringImport: {
    importMs: number;
    health: { count: number; failed: number; p50Ms: number; p99Ms: number; maxMs: number };
    caseRead: { count: number; failed: number; p50Ms: number; p99Ms: number; maxMs: number };
    /** A page of the caseload (absent in results from before it was read). */
    caseload?: { count: number; failed: number; p50Ms: number; p99Ms: number; maxMs: number };
  };
  /** Per timed run: how long a write queued every 5 ms waited for the writer during the import. */
  readonly writeWaitDuringImport?: { count: number; p50Ms: number; p99Ms: number; maxMs: number }[];
}

/** The API part's figures, as `bench/api.ts` measures them. */
export type ApiPart = ApiResult;

export interface Parts {
  readonly school: SchoolPart;
  readonly la: LaPart;
  readonly dayClose10k: DayClosePart;
  readonly dayClose100k: DayClosePart;
  readonly importYear: ImportPart;
  readonly api: ApiPart;
}

export interface Goal {
  readonly key: string;
  readonly goal: string;
  /** null: not measured at the goal's scale (a --quick run that did not miss it). */
  readonly met: boolean | null;
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    /** 1-minute load average when the summary was made: other work on the machine slows every figure. */
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
}

const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** The one JSON object: the keys of the performance issue first (milliseconds unless named otherwise). */
export function summarise(parts: Parts, options: { quick: boolean; machine?: ReturnType<typeof machine>; date?: string }) {
  const engine = median(parts.school.engineMs);
  const dense = median(parts.school.denseMs);
  const scan = median(parts.school.scanMs);
  const summary = {
    simulate_school_ms: round(engine),
    dense_baseline_ms: round(dense),
    scan_baseline_ms: round(scan),
    dense_equals_engine: parts.school.equal,
    simulate_la_ms: round(median(parts.la.runsMs)),
    simulate_la_rss_mb: round(parts.la.rssMb, 0),
    day_close_10k_ms: round(median(parts.dayClose10k.runsMs)),
    day_close_100k_ms: round(median(parts.dayClose100k.runsMs)),
    import_school_year_ms: round(median(parts.importYear.runsMs)),
    import_reads_health_p99_ms: round(parts.importYear.readsDuringImport.health.p99Ms, 1),
    import_reads_case_p99_ms: round(parts.importYear.readsDuringImport.caseRead.p99Ms, 1),
    import_reads_caseload_p99_ms: round(parts.importYear.readsDuringImport.caseload?.p99Ms ?? Number.NaN, 1),
    api_p50_ms: round(parts.api.p50Ms, 2),
    api_p99_ms: round(parts.api.p99Ms, 2),
    api_rps: round(parts.api.rps),
    // Ratios, from the medians of the same run.
    engine_speedup_over_dense: round(dense / engine, 2),
    engine_over_scan: round(engine / scan, 2),
    quick: options.quick,
    scale: {
      school_pupils: parts.school.counts.pupils,
      la_pupils: parts.la.pupils,
      day_close_10k_pupils: parts.dayClose10k.pupils,
      day_close_100k_pupils: parts.dayClose100k.pupils,
      day_close_prior_days: parts.dayClose100k.priorDays,
      import_pupils: parts.importYear.pupils,
      import_marks: parts.importYear.marks,
      api_cases: parts.api.cases,
      api_rate: parts.api.rate,
    },
    extra: {
      school_transitions: parts.school.counts.transitions,
      school_tasks: parts.school.counts.tasks,
      la_generate_ms: round(parts.la.generateMs, 0),
      la_transitions: parts.la.counts.transitions,
      la_tasks: parts.la.counts.tasks,
      api_p90_ms: round(parts.api.p90Ms, 2),
      api_max_ms: round(parts.api.maxMs, 2),
      api_max_rps: round(parts.api.maxRps),
      api_max_rps_p99_ms: round(parts.api.maxRunP99Ms, 2),
      api_non_2xx: parts.api.non2xx,
      api_errors: parts.api.errors,
      day_close_100k_detail: parts.dayClose100k.lastDetail,
      import_detail: parts.importYear.lastDetail,
      import_reads: parts.importYear.readsDuringImport,
      import_write_wait: parts.importYear.writeWaitDuringImport ?? [],
    },
    runs: {
      simulate_school_ms: parts.school.engineMs.map((x) => round(x)),
      dense_baseline_ms: parts.school.denseMs.map((x) => round(x)),
      scan_baseline_ms: parts.school.scanMs.map((x) => round(x)),
      simulate_la_ms: parts.la.runsMs.map((x) => round(x)),
      day_close_10k_ms: parts.dayClose10k.runsMs.map((x) => round(x)),
      day_close_100k_ms: parts.dayClose100k.runsMs.map((x) => round(x)),
      import_school_year_ms: parts.importYear.runsMs.map((x) => round(x)),
    },
    goals: [] as Goal[],
    machine: options.machine ?? machine(),
    date: options.date ?? new Date().toISOString(),
  };
  const at100k = !options.quick;
  // Goals set at 100,000 pupils or cases: a --quick run measures them at 10,000, which can show them missed but
  // not met (null).
  const atScale = (ok: boolean) => (at100k ? ok : ok ? null : false);
  const scaleNote = at100k ? "" : " (at 100,000; this run: 10,000)";
  summary.goals = [
    { key: "simulate_school_ms", goal: "< 250", met: engine < 250 },
    { key: "engine_speedup_over_dense", goal: ">= 10", met: dense / engine >= 10 },
    { key: "engine_over_scan", goal: "<= 3", met: engine / scan <= 3 },
    { key: "simulate_la_ms", goal: `< 20000${scaleNote}`, met: atScale(median(parts.la.runsMs) < 20_000) },
    { key: "simulate_la_rss_mb", goal: `< 2048${scaleNote}`, met: atScale(parts.la.rssMb < 2048) },
    { key: "day_close_100k_ms", goal: `< 10000${scaleNote}`, met: atScale(median(parts.dayClose100k.runsMs) < 10_000) },
    { key: "import_school_year_ms", goal: "< 3000", met: median(parts.importYear.runsMs) < 3000 },
    {
      key: "import_reads_case_p99_ms",
      goal: "< 100",
      met:
        [parts.importYear.readsDuringImport.health, parts.importYear.readsDuringImport.caseRead, parts.importYear.readsDuringImport.caseload].every(
          (r) => r !== undefined && r.p99Ms < 100 && r.failed === 0,
        ),
    },
    { key: "api_p99_ms", goal: `< 50 at ${parts.api.rate} req/s${scaleNote}`, met: atScale(parts.api.p99Ms < 50 && parts.api.non2xx === 0 && parts.api.errors === 0) },
    { key: "dense_equals_engine", goal: "true", met: parts.school.equal },
  ];
  return summary;
}

export type Summary = ReturnType<typeof summarise>;

/** The summary as a table for people. */
export function table(s: Summary): string {
  const n = (x: number, unit = "") => `${Number.isFinite(x) ? x.toLocaleString("en-GB", { maximumFractionDigits: 1 }) : String(x)}${unit}`;
  const goal = (key: string) => s.goals.find((g) => g.key === key);
  const rows: [string, string, string][] = [
    ["simulate_school_ms", n(s.simulate_school_ms, " ms"), `${s.scale.school_pupils} pupils, full year, all-saints`],
    ["dense_baseline_ms", n(s.dense_baseline_ms, " ms"), "one XState event per pupil per school day"],
    ["scan_baseline_ms", n(s.scan_baseline_ms, " ms"), "metrics over typed arrays only (the floor)"],
    ["engine_speedup_over_dense", n(s.engine_speedup_over_dense, "×"), "dense ÷ engine"],
    ["engine_over_scan", n(s.engine_over_scan, "×"), "engine ÷ scan"],
    ["dense_equals_engine", String(s.dense_equals_engine), "identical transitions and tasks"],
    ["simulate_la_ms", n(s.simulate_la_ms, " ms"), `${n(s.scale.la_pupils)} pupils`],
    ["simulate_la_rss_mb", n(s.simulate_la_rss_mb, " MB"), "peak RSS of that process"],
    ["day_close_10k_ms", n(s.day_close_10k_ms, " ms"), `${n(s.scale.day_close_10k_pupils)} pupils: one day's marks imported, every case advanced`],
    ["day_close_100k_ms", n(s.day_close_100k_ms, " ms"), `${n(s.scale.day_close_100k_pupils)} pupils`],
    ["import_school_year_ms", n(s.import_school_year_ms, " ms"), `${n(s.scale.import_pupils)} pupils, ${n(s.scale.import_marks)} marks, through the API`],
    ["import_reads_health_p99_ms", n(s.import_reads_health_p99_ms, " ms"), `GET /api/health every 30 ms during that import (p50 ${n(s.extra.import_reads.health.p50Ms, " ms")})`],
    ["import_reads_case_p99_ms", n(s.import_reads_case_p99_ms, " ms"), `GET /api/cases/:upn every 30 ms during it (p50 ${n(s.extra.import_reads.caseRead.p50Ms, " ms")}; import ${n(s.extra.import_reads.importMs, " ms")})`],
    ["import_reads_caseload_p99_ms", n(s.import_reads_caseload_p99_ms, " ms"), `GET /api/cases?limit=50 every 30 ms during it (p50 ${n(s.extra.import_reads.caseload?.p50Ms ?? Number.NaN, " ms")})`],
    ["api_p50_ms", n(s.api_p50_ms, " ms"), `caseload and case, ${s.scale.api_rate} req/s, ${n(s.scale.api_cases)} cases`],
    ["api_p99_ms", n(s.api_p99_ms, " ms"), ""],
    ["api_rps", n(s.api_rps), `sustained; flat out ${n(s.extra.api_max_rps)} req/s (p99 ${n(s.extra.api_max_rps_p99_ms, " ms")})`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => r[1].length));
  const lines = [
    `Rollcall benchmark${s.quick ? " (--quick: 100,000 → 10,000)" : ""}, medians of several runs`,
    `${s.machine.cpu}, ${s.machine.cores} cores, ${s.machine.memoryGb} GB, Node ${s.machine.node}, load average ${s.machine.loadAverage}, ${s.date}`,
    "",
    ...rows.map(([key, value, note]) => {
      const g = goal(key);
      const goalText = g?.goal.replace(/ \(at 100,000.*\)$/, "");
      const mark = g ? `${g.met === null ? "not at scale" : g.met ? "met" : "NOT met"} (${goalText})` : "";
      return `${key.padEnd(width)}  ${value.padStart(valueWidth)}  ${mark.padEnd(38)} ${note}`;
    }),
  ];
  return lines.join("\n");
}
