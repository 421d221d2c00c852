/**
 * The server for the API load test, in its own process: `node --import tsx bench/serve.ts <database url> <today>`.
 * Prints `ready <url>` once it listens on 127.0.0.1; closes on SIGTERM.
 */
import { benchServer } from "./database.ts";

const [url, today] = process.argv.slice(2);
if (!url || !today) throw new Error("usage: serve.ts <database url> <today>");
const running = await benchServer(url, today);
console.log(`ready ${running.url}`);
process.on("SIGTERM", () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
