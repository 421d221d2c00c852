/**
 * The server for the API load test, in its own process: `node --import tsx bench/serve.ts <database url> <today>`.
 * Prints `ready <url>` once it listens on 127.0.0.1; closes on SIGTERM, printing first `loop <JSON>`: how late a
 * 5 ms timer fired on the server's request loop (p50, p99, max in ms; lateness is time the loop was held) since
 * start or since the last SIGUSR2, which the benchmark sends when the import it measures reads around begins.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { benchServer } from "./database.ts";

const RESOLUTION_MS = 5;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();

const [url, today] = process.argv.slice(2);
if (!url || !today) throw new Error("usage: serve.ts <database url> <today>");
const running = await benchServer(url, today);
console.log(`ready ${running.url}`);
process.on("SIGUSR2", () => loop.reset());
process.on("SIGTERM", () => {
  const late = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
  console.log(`loop ${JSON.stringify({ p50Ms: late(loop.percentile(50)), p99Ms: late(loop.percentile(99)), maxMs: late(loop.max), count: loop.count })}`);
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
