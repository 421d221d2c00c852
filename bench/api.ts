/**
 * The API under load: the caseload (`GET /api/cases`, a page of 50, sometimes filtered by stage) and single
 * cases (`GET /api/cases/:upn`), half and half, against a server in a child process on 127.0.0.1, with
 * autocannon. First at a fixed rate (the goal's 200 requests a second) for the latencies, then flat out for
 * the throughput. Bounded in time; the server is stopped at the end.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as store from "../db/index.ts";
import { login } from "./database.ts";

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export interface ApiResult {
  readonly cases: number;
  readonly rate: number;
  readonly durationS: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Requests a second sustained during the fixed-rate run. */
  readonly rps: number;
  /** Requests a second flat out (10 connections). */
  readonly maxRps: number;
  readonly maxRunP99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** Starts `bench/serve.ts` over the database; resolves with its URL once it listens. */
export function startServerProcess(databaseUrl: string, today: string): Promise<{ url: string; child: ChildProcess; output(): string }> {
  const script = fileURLToPath(new URL("./serve.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, databaseUrl, today], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the server did not start within 120 s"));
    }, 120_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, output: () => out });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it was ready`));
    });
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function apiBench(options: { databaseUrl: string; today: string; durationS: number; rate: number; log?: (line: string) => void }): Promise<ApiResult> {
  const log = options.log ?? (() => {});
  const rdb = await store.openDatabase({ url: options.databaseUrl });
  const upns = (await rdb.orm.select({ upn: store.schema.cases.upn }).from(store.schema.cases)).map((r) => r.upn);
  await rdb.close();
  if (upns.length === 0) throw new Error("no cases in the database");
  const { url, child } = await startServerProcess(options.databaseUrl, options.today);
  try {
    const cookie = await login(url);
    // A fixed pseudo-random sequence: the same requests every run.
    let seed = 12345;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const stages = ["expect", "monitor", "listen", "facilitate", "formalise", "enforce"];
    const path = () => {
      if (next() < 0.5) return `/api/cases/${upns[Math.floor(next() * upns.length)]}`;
      const offset = 50 * Math.floor(next() * 10);
      return next() < 0.25 ? `/api/cases?limit=50&offset=${offset}&stage=${stages[Math.floor(next() * stages.length)]}` : `/api/cases?limit=50&offset=${offset}`;
    };
    const common = {
      url,
      headers: { cookie },
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, method: "GET", path: path() }) }],
      timeout: 10,
    };
    log(`  warming up`);
    await autocannon({ ...common, connections: 4, amount: 200 });
    log(`  ${options.rate} requests a second for ${options.durationS} s over ${upns.length} cases`);
    const fixed = await autocannon({ ...common, connections: 20, overallRate: options.rate, duration: options.durationS });
    log(`  flat out for ${Math.max(3, Math.round(options.durationS / 2))} s`);
    const flat = await autocannon({ ...common, connections: 10, duration: Math.max(3, Math.round(options.durationS / 2)) });
    return {
      cases: upns.length,
      rate: options.rate,
      durationS: options.durationS,
      p50Ms: fixed.latency.p50,
      p90Ms: fixed.latency.p90,
      p99Ms: fixed.latency.p99,
      maxMs: fixed.latency.max,
      rps: fixed.requests.total / fixed.duration,
      maxRps: flat.requests.total / flat.duration,
      maxRunP99Ms: flat.latency.p99,
      non2xx: fixed.non2xx + flat.non2xx,
      errors: fixed.errors + fixed.timeouts + flat.errors + flat.timeouts,
    };
  } finally {
    await stop(child);
  }
}
