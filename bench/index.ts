/**
 * `npm run bench [-- --quick] [-- --json]`: Rollcall's performance figures on synthetic data.
 *
 * Each part runs in its own process (a clean heap, its own peak memory) and is timed several times; the
 * figures are medians, and the ratios are taken between medians of the same run. `--quick` runs every part
 * with the 100,000-pupil scales taken down to 10,000 (under two minutes on 2 cores); `--json` prints one JSON
 * object instead of the table; `--only PART` runs one part on its own (school, la, dayclose10k, dayclose100k,
 * api, import) and prints what it measured. Databases go to temporary directories, removed at the end; the API
 * load stays on 127.0.0.1. See docs/performance.md.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ApiPart, DayClosePart, ImportPart, LaPart, SchoolPart } from "./report.ts";
import { machine, parseOptions, scales, summarise, table } from "./report.ts";
import { tempDir } from "./database.ts";

const options = parseOptions(process.argv.slice(2));
const scale = scales(options.quick);
const log = (line: string) => process.stderr.write(`${line}\n`);
const PART = fileURLToPath(new URL("./part.ts", import.meta.url));

/** Runs one part in a child process; its stderr is passed through, its result read from stdout. */
function runPart<T>(name: string, partOptions: object, timeoutS: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--max-old-space-size=4096", "--import", "tsx", PART, name, JSON.stringify(partOptions)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`bench part ${name} took longer than ${timeoutS} s`));
    }, timeoutS * 1000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) reject(new Error(`bench part ${name} failed (exit ${code})`));
      else resolve(JSON.parse(line.slice("RESULT ".length)) as T);
    });
  });
}

const started = performance.now();
const dirs: { cleanup(): void }[] = [];
try {
  const limit = options.quick ? 300 : 1800;
  if (options.only) {
    // One part on its own (and, for the API, the day close it serves): what it measured, as JSON.
    const only = options.only;
    let result: unknown;
    if (only === "school") result = await runPart<SchoolPart>("school", { pupils: scale.schoolPupils, seed: 2024, runs: scale.engineRuns, denseRuns: scale.denseRuns }, limit);
    else if (only === "la") result = await runPart<LaPart>("la", { pupils: scale.laPupils, seed: 5, runs: scale.laRuns }, limit);
    else if (only === "import") result = await runPart<ImportPart>("import", { pupils: scale.importPupils, runs: scale.importRuns, seed: 2024 }, limit);
    else {
      const pupils = only === "dayclose10k" ? scale.dayClose10k : scale.dayClose100k;
      const dir = tempDir();
      dirs.push(dir);
      log(`Day close: ${pupils.toLocaleString("en-GB")} pupils, with the database`);
      const dayClose = await runPart<DayClosePart & { today: string }>("dayclose", { url: dir.url, pupils, priorDays: scale.dayClosePriorDays, measuredDays: scale.dayCloseDays, seed: 7 }, limit);
      result = only === "api" ? await runPart<ApiPart>("api", { databaseUrl: dir.url, today: dayClose.today, durationS: scale.apiSeconds, rate: scale.apiRate }, limit) : dayClose;
    }
    log(`(${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
    process.stdout.write(`${JSON.stringify({ part: only, quick: options.quick, machine: machine(), result })}\n`);
  } else {
    log(`School: ${scale.schoolPupils} pupils, a full year, no database`);
    const school = await runPart<SchoolPart>("school", { pupils: scale.schoolPupils, seed: 2024, runs: scale.engineRuns, denseRuns: scale.denseRuns }, limit);

    log(`Local authority: ${scale.laPupils.toLocaleString("en-GB")} pupils, a full year, no database`);
    const la = await runPart<LaPart>("la", { pupils: scale.laPupils, seed: 5, runs: scale.laRuns }, limit);

    const closeDay = async (pupils: number) => {
      const dir = tempDir();
      dirs.push(dir);
      log(`Day close: ${pupils.toLocaleString("en-GB")} pupils, with the database`);
      const result = await runPart<DayClosePart & { today: string }>(
        "dayclose",
        { url: dir.url, pupils, priorDays: scale.dayClosePriorDays, measuredDays: scale.dayCloseDays, seed: 7 },
        limit,
      );
      return { ...result, url: dir.url };
    };
    const dayClose10k = await closeDay(scale.dayClose10k);
    const dayClose100k = scale.dayClose100k === scale.dayClose10k ? dayClose10k : await closeDay(scale.dayClose100k);

    log(`API: ${scale.apiRate} requests a second over ${dayClose100k.pupils.toLocaleString("en-GB")} cases`);
    const api = await runPart<ApiPart>("api", { databaseUrl: dayClose100k.url, today: dayClose100k.today, durationS: scale.apiSeconds, rate: scale.apiRate }, limit);
    for (const dir of dirs.splice(0)) dir.cleanup();

    log(`Import: a school year of marks for ${scale.importPupils} pupils through the API`);
    const importYear = await runPart<ImportPart>("import", { pupils: scale.importPupils, runs: scale.importRuns, seed: 2024 }, limit);

    const summary = summarise({ school, la, dayClose10k, dayClose100k, importYear, api }, { quick: options.quick, machine: machine() });
    log(`(${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(`${table(summary)}\n`);
  }
} finally {
  for (const dir of dirs) dir.cleanup();
}
