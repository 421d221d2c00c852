/**
 * The parts of the benchmark that go through the database: a school day closed for a whole authority (one
 * day's marks imported, every case advanced) and a school year of marks imported through the HTTP API.
 * Everything is written to temporary directories; nothing leaves 127.0.0.1.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as store from "../db/index.ts";
import { REGISTER_CODES } from "../machines/attendance/codes.ts";
import { MARKS_CSV_HEADER, pupilsCsvLines } from "../machines/cohort/cohortCsv.ts";
import { type CompactCohort, generateCompactCohort } from "../machines/cohort/generateCohort.ts";
import { writeStatement } from "../db/tx.ts";
import { importMarks } from "../server/imports/importFiles.ts";
import { startImportWorker } from "../server/imports/offLoop.ts";
import { type RunningServer, startServer } from "../server/main.ts";
import { startServerProcess, stop } from "./api.ts";
import { LA_YEAR_GROUPS } from "./simulate.ts";

export const BENCH_PASSWORD = "bench password, synthetic data only";
const CODES = ["", ...REGISTER_CODES.map((c) => c.code)];

export function tempDir(prefix = "rollcall-bench-"): { dir: string; url: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, url: `file:${join(dir, "rollcall.db")}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The pupils file of a cohort. */
export function pupilsCsv(cohort: Pick<CompactCohort, "pupils">): string {
  return `${[...pupilsCsvLines(cohort.pupils)].join("\n")}\n`;
}

/** The marks of school days `from` to `to` (exclusive) as rows for `applyMarks`. */
export function markRows(cohort: Pick<CompactCohort, "pupils" | "calendar" | "marksByPupil">, from: number, to: number): store.MarkInput[] {
  const rows: store.MarkInput[] = [];
  for (let d = from; d < to; d++) {
    const date = cohort.calendar.days[d]!;
    for (let p = 0; p < cohort.pupils.length; p++) {
      const upn = cohort.pupils[p]!.upn;
      const am = cohort.marksByPupil[p]![2 * d]!;
      const pm = cohort.marksByPupil[p]![2 * d + 1]!;
      if (am !== 0) rows.push({ upn, date, session: "AM", mark: CODES[am]! });
      if (pm !== 0) rows.push({ upn, date, session: "PM", mark: CODES[pm]! });
    }
  }
  return rows;
}

/** The marks of school days `from` to `to` (exclusive) as a marks file. */
export function marksCsv(cohort: Pick<CompactCohort, "pupils" | "calendar" | "marksByPupil">, from: number, to: number): string {
  const parts: string[] = [MARKS_CSV_HEADER];
  const days = cohort.calendar.days;
  for (let d = from; d < to; d++) {
    const date = days[d]!;
    for (let s = 0; s < 2; s++) {
      const session = s === 0 ? "AM" : "PM";
      for (let p = 0; p < cohort.pupils.length; p++) {
        const mark = cohort.marksByPupil[p]![2 * d + s]!;
        if (mark !== 0) parts.push(`${cohort.pupils[p]!.upn},${date},${session},${CODES[mark]}`);
      }
    }
  }
  return `${parts.join("\n")}\n`;
}

/** The user the benchmark signs in as: an attendance lead (imports and casework). */
export const BENCH_USER = "bench-lead";

/** A server on loopback over `databaseUrl`, with the benchmark's attendance lead. */
export async function benchServer(databaseUrl: string, today: string): Promise<RunningServer> {
  // As `npm start`: the import worker started with the server, and ready before anything is timed.
  const server = await startServer({ port: 0, host: "127.0.0.1", databaseUrl, adminPassword: BENCH_PASSWORD, demo: false, today, log: () => {}, importWorkerAtStart: true });
  await startImportWorker(server.deps);
  const orm = server.deps.rdb.orm;
  if (!(await store.findUserByUsername(orm, BENCH_USER))) await store.createUser(orm, { username: BENCH_USER, password: BENCH_PASSWORD, role: "attendance-lead" });
  return server;
}

export interface DayCloseResult {
  readonly pupils: number;
  readonly priorDays: number;
  /** Wall time of each measured day close, in order. */
  readonly runsMs: number[];
  readonly setupMs: number;
  readonly cases: number;
  readonly lastDetail: Record<string, unknown>;
  /** The last school day imported: "today" for a server over the database. */
  readonly today: string;
}

/**
 * A day close at scale: `pupils` pupils (primary and secondary year groups) with `priorDays` school days
 * already imported and every case advanced through them; then each of `measuredDays` further days is imported
 * as one marks file, which advances every case (the import does), and timed. The database is left in `url`
 * for the API part to serve.
 */
export async function dayCloseBench(options: { url: string; pupils: number; priorDays: number; measuredDays: number; seed: number; log?: (line: string) => void }): Promise<DayCloseResult> {
  const log = options.log ?? (() => {});
  const totalDays = options.priorDays + options.measuredDays;
  const cohort = generateCompactCohort({ seed: options.seed, pupils: options.pupils, days: totalDays, yearGroups: LA_YEAR_GROUPS });
  const today = cohort.calendar.days[totalDays - 1]!;
  const setupStart = performance.now();
  const server = await benchServer(options.url, today);
  try {
    const deps = server.deps;
    const orm = deps.rdb.orm;
    // Setup, not timed, straight through db/ (the imports would also record pupil changes case by case):
    // the pupils, the earlier days' marks, then every case opened and advanced through them.
    await store.upsertPupils(orm, cohort.pupils);
    const chunk = Math.max(1, Math.floor(1_000_000 / (2 * options.pupils)));
    for (let d = 0; d < options.priorDays; d += chunk) {
      const to = Math.min(options.priorDays, d + chunk);
      const rows = markRows(cohort, d, to);
      const importId = (await store.recordImport(orm, { kind: "marks", sha256: store.sha256Hex(`bench setup ${options.seed} ${d}`), fileName: `setup-${d}.csv`, rows: rows.length, recordedAt: new Date().toISOString(), actor: "bench" })).id;
      await store.applyMarks(orm, rows, importId, new Date().toISOString());
    }
    let t = performance.now();
    const opened = await deps.cases.advanceCases("bench");
    log(`  setup: ${options.pupils} pupils, ${options.priorDays} days; ${opened.cases} cases opened and advanced in ${(performance.now() - t).toFixed(0)} ms`);
    const setupMs = performance.now() - setupStart;
    const runsMs: number[] = [];
    let lastDetail: Record<string, unknown> = {};
    for (let d = options.priorDays; d < totalDays; d++) {
      const text = marksCsv(cohort, d, d + 1);
      const t = performance.now();
      const r = await importMarks(deps, text, `day-${d}.csv`, "bench");
      const ms = performance.now() - t;
      if (r.status !== "imported") throw new Error(`day ${d} import gave ${r.status}`);
      runsMs.push(ms);
      lastDetail = r.detail;
      log(`  day ${d + 1} closed in ${ms.toFixed(0)} ms (${JSON.stringify(r.detail)})`);
    }
    return { pupils: options.pupils, priorDays: options.priorDays, runsMs, setupMs, cases: Number(lastDetail.casesAdvanced ?? 0), lastDetail, today };
  } finally {
    await server.close();
  }
}

/** Latencies of reads made while an import ran. */
export interface ReadsDuringImport {
  readonly count: number;
  /** Reads that failed (no answer, or not 200): not in the latencies; a goal is not met with any. */
  readonly failed: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface ImportYearResult {
  readonly pupils: number;
  readonly marks: number;
  readonly csvBytes: number;
  readonly runsMs: number[];
  readonly lastDetail: Record<string, unknown>;
  /**
   * One more run, with reads made every few milliseconds while the year's file imports (its first day imported
   * before, so every case exists): GET /api/health, GET /api/cases/:upn and GET /api/cases?limit=50 in turn
   * (the two case reads also commit an access-log row). Latency counts from when the read was due, so time the event loop was blocked counts in full.
   */
  readonly readsDuringImport: {
    importMs: number;
    health: ReadsDuringImport;
    caseRead: ReadsDuringImport;
    caseload: ReadsDuringImport;
    /** How late a 5 ms timer fired on the server's request loop during the import (bench/serve.ts). */
    serverLoopLateness?: { p50Ms: number; p99Ms: number; maxMs: number; count: number };
  };
  /**
   * In each timed run, how long a write queued every 5 ms waited for the database's writer (db/tx.ts): what a
   * case read's access-log row waits behind the import (db/accessLogWriter.ts), without the HTTP reads, so it
   * stays a measure of the import's transactions on a machine too busy for the reads to keep up. Per run.
   */
  readonly writeWaitDuringImport: ReadsDuringImport[];
}

/** Queues an empty write (as the access log's are: no cached read changes) every `everyMs` until `done` settles; the waits. */
async function writeWaitWhile(db: store.Db, everyMs: number, done: Promise<unknown>): Promise<ReadsDuringImport> {
  let finished = false;
  void done.then(
    () => (finished = true),
    () => (finished = true),
  );
  const waits: number[] = [];
  const queued: Promise<void>[] = [];
  while (!finished) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    const at = performance.now();
    queued.push(writeStatement(db, async () => {}, { invalidatesReads: false }).then(() => void waits.push(performance.now() - at)));
  }
  await Promise.all(queued);
  return latencies(waits, 0);
}

function latencies(values: number[], failed: number): ReadsDuringImport {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, failed, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? Number.NaN };
}

/**
 * A school's year of marks (all of 2024-25 for `pupils` pupils, one file) imported through the API over
 * loopback, into a fresh database each run (the pupils file first, not timed): the POST, its parsing, the
 * register writes and every case opened and advanced through the year.
 */
export async function importYearBench(options: { pupils: number; runs: number; seed: number; log?: (line: string) => void }): Promise<ImportYearResult> {
  const log = options.log ?? (() => {});
  const cohort = generateCompactCohort({ seed: options.seed, pupils: options.pupils });
  const days = cohort.calendar.days.length;
  const pupils = pupilsCsv(cohort);
  const marks = marksCsv(cohort, 0, days);
  const runsMs: number[] = [];
  const writeWaitDuringImport: ReadsDuringImport[] = [];
  let lastDetail: Record<string, unknown> = {};
  for (let run = 0; run < options.runs; run++) {
    const tmp = tempDir();
    const server = await benchServer(tmp.url, cohort.calendar.days[days - 1]!);
    try {
      const cookie = await login(server.url);
      const p = await fetch(`${server.url}/api/imports/pupils?file=pupils.csv`, { method: "POST", headers: { cookie, "content-type": "text/csv" }, body: pupils });
      if (p.status !== 200) throw new Error(`pupils import: HTTP ${p.status} ${await p.text()}`);
      const t = performance.now();
      const posted = fetch(`${server.url}/api/imports/marks?file=marks.csv`, { method: "POST", headers: { cookie, "content-type": "text/csv" }, body: marks });
      const [res, waits] = await Promise.all([posted, writeWaitWhile(server.deps.rdb.orm, 5, posted)]);
      const body = (await res.json()) as { detail?: Record<string, unknown> };
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`marks import: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      runsMs.push(ms);
      writeWaitDuringImport.push(waits);
      lastDetail = body.detail ?? {};
      log(`  run ${run + 1}: ${ms.toFixed(0)} ms (${JSON.stringify(lastDetail)}); a write waited p50 ${waits.p50Ms.toFixed(1)} p99 ${waits.p99Ms.toFixed(1)} max ${waits.maxMs.toFixed(1)} ms (${waits.count})`);
    } finally {
      await server.close();
      tmp.cleanup();
    }
  }
  log("  reads during an import:");
  const readsDuringImport = await readsDuringYearImport(cohort, pupils, marks, log);
  return { pupils: options.pupils, marks: marks.split("\n").length - 2, csvBytes: Buffer.byteLength(marks), runsMs, lastDetail, readsDuringImport, writeWaitDuringImport };
}

async function readsDuringYearImport(cohort: CompactCohort, pupils: string, marks: string, log: (line: string) => void): Promise<ImportYearResult["readsDuringImport"]> {
  const days = cohort.calendar.days.length;
  const tmp = tempDir();
  // The server in a process of its own, as in production: what the reads measure is the server, not this
  // process uploading 17 MB at the same time.
  const { url, child, output } = await startServerProcess(tmp.url, cohort.calendar.days[days - 1]!);
  let result: ImportYearResult["readsDuringImport"] | undefined;
  try {
    const cookie = await login(url);
    const post = (path: string, body: string) => fetch(`${url}${path}`, { method: "POST", headers: { cookie, "content-type": "text/csv" }, body });
    if ((await post("/api/imports/pupils?file=pupils.csv", pupils)).status !== 200) throw new Error("pupils import failed");
    if ((await post("/api/imports/marks?file=day1.csv", marksCsv(cohort, 0, 1))).status !== 200) throw new Error("first day's import failed");
    const upn = cohort.pupils[Math.floor(cohort.pupils.length / 2)]!.upn;
    // The year's file is posted by a process of its own, as a school's upload comes from another machine than
    // the reads: encoding and sending 17 MB held this process's loop, so the reads due meanwhile went out late
    // and counted that against the server.
    const file = join(tmp.dir, "marks.csv");
    writeFileSync(file, marks);
    // The server's loop lateness from here (bench/serve.ts).
    child.kill("SIGUSR2");
    // The reads too come from a process of their own, which does nothing else: this one holds the cohort, the
    // files and what the timed runs left behind, and a collection of that heap would hold the reads due meanwhile.
    const reader = await readerProcess(url, cookie, ["/api/health", `/api/cases/${upn}`, "/api/cases?limit=50"], 10);
    const upload = await uploadFromAnotherProcess(`${url}/api/imports/marks?file=marks.csv`, cookie, file);
    const t = performance.now();
    const importing = upload.send().then(({ status, text }) => {
      if (status !== 200) throw new Error(`marks import: HTTP ${status} ${text.slice(0, 300)}`);
      return performance.now() - t;
    });
    reader.start();
    const importMs = await importing.finally(() => reader.stop());
    const [health, caseRead, caseload] = await reader.results;
    result = {
      importMs,
      health: latencies(health!.ms, health!.failed),
      caseRead: latencies(caseRead!.ms, caseRead!.failed),
      caseload: latencies(caseload!.ms, caseload!.failed),
    };
    const show = (r: ReadsDuringImport) => `p50 ${r.p50Ms.toFixed(1)} p99 ${r.p99Ms.toFixed(1)} max ${r.maxMs.toFixed(1)} ms (${r.count}${r.failed > 0 ? `, ${r.failed} failed` : ""})`;
    log(`    import ${importMs.toFixed(0)} ms; health ${show(result.health)}; case read ${show(result.caseRead)}; caseload ${show(result.caseload)}`);
  } finally {
    await stop(child);
    tmp.cleanup();
  }
  const loop = /^loop (\{.*\})$/m.exec(output());
  if (loop) {
    result = { ...result!, serverLoopLateness: JSON.parse(loop[1]!) as ImportYearResult["readsDuringImport"]["serverLoopLateness"] };
    log(`    the server's request loop during it: a 5 ms timer late by p50 ${result.serverLoopLateness!.p50Ms} p99 ${result.serverLoopLateness!.p99Ms} max ${result.serverLoopLateness!.maxMs} ms`);
  }
  return result!;
}

/**
 * Reads `paths` in turn, one due every `everyMs`, from a child process that does nothing else (Node's fetch, with
 * the cookie given), from `start()` until `stop()`; `results` settles once the reads in flight have answered.
 * Each latency counts from when the read was due (not from when a late loop got round to sending it). A read
 * that fails on the network is sent once more, as a browser does when a kept-alive connection was closed under
 * it (the time counts); one that fails again, or answers other than 200, is counted as failed, and the reads go on.
 */
async function readerProcess(base: string, cookie: string, paths: readonly string[], everyMs: number) {
  const script = `const [base, cookie, everyMs, ...paths] = process.argv.slice(1);
const out = paths.map(() => ({ ms: [], failed: 0 }));
let finished = false;
process.stdin.on("data", (d) => { if (String(d).includes("stop")) finished = true; });
process.stdin.on("end", () => { finished = true; });
const get = (path) => fetch(base + path, { headers: { cookie } });
const go = async () => {
  const inFlight = [];
  const start = performance.now();
  for (let i = 0; !finished; i++) {
    const due = start + i * Number(everyMs);
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (finished) break;
    const k = i % paths.length;
    inFlight.push(get(paths[k]).catch(() => get(paths[k])).then(async (res) => {
      await res.arrayBuffer();
      if (res.status === 200) out[k].ms.push(performance.now() - due); else out[k].failed++;
    }).catch(() => { out[k].failed++; }));
  }
  await Promise.all(inFlight);
  process.stdout.write(JSON.stringify(out));
};
process.stdin.once("data", (d) => { if (String(d).includes("start")) void go(); });
// Node loads its fetch on first use (tens of milliseconds): once before the clock starts, and every path once.
Promise.all(paths.map((path) => get(path).then((res) => res.arrayBuffer()))).then(() => process.stdout.write("ready\\n"));`;
  const child = spawn(process.execPath, ["-e", script, base, cookie, String(everyMs), ...paths], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = () => (out.includes("ready\n") ? resolve() : undefined);
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`the reader exited (${code}) before it was ready`)));
  });
  const results = new Promise<{ ms: number[]; failed: number }[]>((resolve, reject) =>
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`the reader exited with ${code}`));
      resolve(JSON.parse(out.slice(out.indexOf("ready\n") + "ready\n".length)) as { ms: number[]; failed: number }[]);
    }),
  );
  return {
    start: () => child.stdin!.write("start\n"),
    stop: () => child.stdin!.end("stop\n"),
    results,
  };
}

/**
 * A child process that POSTs the CSV file at `file` to `url` (Node's fetch) when told to `send()`, which settles
 * with the answer's status and body. The process starts, and reads the file, before `ready` settles: a school's
 * upload comes from another machine, so starting Node and reading 17 MB from disk are not the server's time.
 */
async function uploadFromAnotherProcess(url: string, cookie: string, file: string) {
  const script = `const [url, cookie, file] = process.argv.slice(1);
const body = require("node:fs").readFileSync(file);
// Node loads its fetch on first use: before the clock starts.
fetch(new URL("/api/health", url)).then((res) => res.arrayBuffer()).then(() => process.stdout.write("ready\\n"));
process.stdin.once("data", () => fetch(url, { method: "POST", headers: { cookie, "content-type": "text/csv" }, body })
  .then(async (res) => process.stdout.write(JSON.stringify({ status: res.status, text: await res.text() })))
  .catch((error) => { process.stderr.write(String(error)); process.exit(1); }));`;
  const child = spawn(process.execPath, ["-e", script, url, cookie, file], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    const check = () => (out.includes("ready\n") ? resolve() : undefined);
    child.stdout!.on("data", check);
    void exited.then((code) => reject(new Error(`the upload process exited (${code}) before it was ready: ${err}`)));
  });
  return {
    send(): Promise<{ status: number; text: string }> {
      child.stdin!.end("go\n");
      return exited.then((code) => {
        if (code !== 0) throw new Error(`the upload failed: ${err || `exit ${code}`}`);
        return JSON.parse(out.slice(out.indexOf("ready\n") + "ready\n".length)) as { status: number; text: string };
      });
    },
  };
}

/** Signs in as the benchmark's attendance lead; returns the session cookie. */
export async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login: HTTP ${res.status}`);
  const cookie = res.headers.get("set-cookie");
  if (!cookie) throw new Error("login: no session cookie");
  return cookie.split(";")[0]!;
}
