/**
 * One part of the benchmark in its own process (so each has a clean heap and its own peak RSS):
 * `node --import tsx bench/part.ts <part> '<options JSON>'`. Progress goes to stderr; the result is the last
 * line on stdout, `RESULT <JSON>`.
 */
import { apiBench } from "./api.ts";
import { dayCloseBench, importYearBench } from "./database.ts";
import type { DayClosePart, LaPart, SchoolPart } from "./report.ts";
import { resultCounts, runDense, runEngine, runScan, sameResults, simulationSubject } from "./simulate.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);
const [part, json] = process.argv.slice(2);
const options = JSON.parse(json ?? "{}") as Record<string, number | string>;

async function school(o: { pupils: number; seed: number; runs: number; denseRuns: number }): Promise<SchoolPart> {
  const subject = simulationSubject({ seed: o.seed, pupils: o.pupils });
  const time = <T>(fn: () => T): [T, number] => {
    const t = performance.now();
    const value = fn();
    return [value, performance.now() - t];
  };
  // Warm up (the JIT), and check the engine against dense stepping on the same cohort.
  const [engine] = time(() => runEngine(subject));
  runScan(subject.register, subject.compiled.windows);
  const engineMs: number[] = [];
  const scanMs: number[] = [];
  const denseMs: number[] = [];
  let equal = true;
  for (let i = 0; i < o.denseRuns; i++) {
    const [dense, ms] = time(() => runDense(subject));
    denseMs.push(ms);
    if (i === 0) equal = sameResults(engine, dense);
    log(`  dense run ${i + 1}: ${ms.toFixed(0)} ms`);
  }
  for (let i = 0; i < o.runs; i++) {
    engineMs.push(time(() => runEngine(subject))[1]);
    scanMs.push(time(() => runScan(subject.register, subject.compiled.windows))[1]);
  }
  log(`  engine runs: ${engineMs.map((x) => x.toFixed(0)).join(", ")} ms; scan: ${scanMs.map((x) => x.toFixed(0)).join(", ")} ms`);
  return { engineMs, denseMs, scanMs, equal, counts: resultCounts(engine) };
}

async function la(o: { pupils: number; seed: number; runs: number }): Promise<LaPart> {
  let t = performance.now();
  const subject = simulationSubject({ seed: o.seed, pupils: o.pupils, la: true });
  const generateMs = performance.now() - t;
  log(`  ${o.pupils} pupils generated in ${generateMs.toFixed(0)} ms`);
  const runsMs: number[] = [];
  let counts = { pupils: 0, transitions: 0, tasks: 0 };
  for (let i = 0; i < o.runs; i++) {
    t = performance.now();
    const results = runEngine(subject);
    runsMs.push(performance.now() - t);
    counts = resultCounts(results);
    log(`  run ${i + 1}: ${runsMs.at(-1)!.toFixed(0)} ms`);
  }
  // Peak resident memory of this whole process: the cohort, the register and every result.
  const rssMb = process.resourceUsage().maxRSS / 1024;
  return { pupils: o.pupils, runsMs, generateMs, rssMb, counts };
}

async function dayClose(o: { url: string; pupils: number; priorDays: number; measuredDays: number; seed: number }): Promise<DayClosePart & { today: string }> {
  return dayCloseBench({ ...o, log });
}

let result: unknown;
switch (part) {
  case "school":
    result = await school(options as never);
    break;
  case "la":
    result = await la(options as never);
    break;
  case "dayclose":
    result = await dayClose(options as never);
    break;
  case "import":
    result = await importYearBench({ ...(options as never as { pupils: number; runs: number; seed: number }), log });
    break;
  case "api":
    result = await apiBench({ ...(options as never as { databaseUrl: string; today: string; durationS: number; rate: number }), log });
    break;
  default:
    throw new Error(`no part "${part}"`);
}
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
