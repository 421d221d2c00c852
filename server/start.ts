/**
 * `npm start`: serves the API (and the web app) on HOST:PORT over the database at DATABASE_URL, loading the
 * synthetic demo school into a new database unless ROLLCALL_DEMO=0.
 */
import { startServer } from "./main.ts";
import { ensureWebBuild } from "./webBuild.ts";

const env = process.env;
await ensureWebBuild((line) => console.log(line));
const running = await startServer({
  port: Number(env.PORT ?? 8787),
  host: env.HOST ?? "127.0.0.1",
  databaseUrl: env.DATABASE_URL ?? "file:./data/rollcall.db",
  databaseAuthToken: env.DATABASE_AUTH_TOKEN,
  adminPassword: env.ROLLCALL_ADMIN_PASSWORD,
  demo: env.ROLLCALL_DEMO !== "0",
  schoolPolicyId: env.ROLLCALL_POLICY ?? "all-saints",
  today: env.ROLLCALL_TODAY,
  demoPassword: env.ROLLCALL_DEMO_PASSWORD,
  secureCookies: env.ROLLCALL_SECURE_COOKIES === "1",
  allowedOrigins: env.ROLLCALL_ALLOWED_ORIGINS ? env.ROLLCALL_ALLOWED_ORIGINS.split(",") : [],
  trustedProxies: env.ROLLCALL_TRUSTED_PROXIES ? env.ROLLCALL_TRUSTED_PROXIES.split(",").map((a) => a.trim()).filter(Boolean) : [],
  importWorkerAtStart: true,
});
console.log(`rollcall: listening on ${running.url} (API: ${running.url}/api/openapi.json)`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`rollcall: ${signal}: closing`);
    running.close().then(
      () => process.exit(0),
      (error) => {
        console.error(`rollcall: could not close cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  });
}

// A server started by a test (or any supervisor) can be told to end with its parent: ROLLCALL_EXIT_WITH_PARENT is
// the parent's pid. A test runner killed mid-run then leaves no server holding memory and a port behind.
const parentPid = Number(env.ROLLCALL_EXIT_WITH_PARENT ?? 0);
if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      console.log(`rollcall: parent ${parentPid} has gone: closing`);
      process.kill(process.pid, "SIGTERM");
    }
  }, 1_000).unref();
}
