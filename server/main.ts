import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import * as store from "../db/index.ts";
import { PRESET_IDS, PRESETS } from "../machines/presets/index.ts";
import { compilePolicy } from "../machines/policy/compilePolicy.ts";
import { createApp } from "./app.ts";
import { LoginThrottle } from "./auth/throttle.ts";
import { CaseService, PolicyCache } from "./cases/service.ts";
import type { ServerDeps } from "./deps.ts";
import { loadDemoSchool } from "./demoSchool.ts";
import { importsOffLoopAt, startImportWorker, WAL_PAGES_WHEN_THE_WORKER_CHECKPOINTS } from "./imports/offLoop.ts";

export interface ServerOptions {
  readonly port?: number;
  readonly host?: string;
  readonly databaseUrl?: string;
  readonly databaseAuthToken?: string;
  readonly adminPassword?: string;
  /** Load the synthetic demo school into a new, empty database. */
  readonly demo?: boolean;
  readonly schoolPolicyId?: string;
  /** Fixed "today" (YYYY-MM-DD); by default the real date, or the demo's last school day. */
  readonly today?: string;
  readonly log?: (line: string) => void;
  readonly sessionTtlMs?: number;
  readonly secureCookies?: boolean;
  readonly allowedOrigins?: readonly string[];
  /** Reverse proxies whose `X-Forwarded-For` names the client for the sign-in back-off (ROLLCALL_TRUSTED_PROXIES). */
  readonly trustedProxies?: readonly string[];
  /** Password for the demo school's users (generated and printed when not given). */
  readonly demoPassword?: string;
  /**
   * Start the import worker (server/imports/offLoop.ts) once the server listens, instead of when the first file
   * is posted: `npm start` does, so a school's first import does not wait for it. Off by default, so the many
   * servers tests start make no thread they do not use.
   */
  readonly importWorkerAtStart?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly deps: ServerDeps;
  close(): Promise<void>;
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** One user per role in the demo school, so each view can be tried; the teacher teaches Year 3. */
const DEMO_USERS: readonly [string, string, string[] | undefined][] = [
  ["lead", "attendance-lead", undefined],
  ["officer", "attendance-officer", undefined],
  ["teacher", "teacher", ["Y3"]],
  ["auditor", "auditor", undefined],
  ["governor", "governor", undefined],
];

/**
 * Opens the database (migrating it), publishes the preset policies, makes sure there is an admin, loads the
 * demo school into a new database when asked, catches every case up with the register, and serves the app.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const databaseUrl = store.databaseUrlOf(options.databaseUrl);
  // With the import worker running from the start, it checkpoints the WAL (server/imports/worker.ts): the server's
  // commits (a case read's access-log row) then no longer do it on the request loop.
  const workerCheckpoints = options.importWorkerAtStart === true && importsOffLoopAt(databaseUrl);
  const rdb = await store.openDatabase({
    url: databaseUrl,
    authToken: options.databaseAuthToken,
    ...(workerCheckpoints ? { walAutoCheckpoint: WAL_PAGES_WHEN_THE_WORKER_CHECKPOINTS } : {}),
  });
  for (const id of PRESET_IDS) {
    const policy = compilePolicy(PRESETS[id], id).policy;
    if (!(await store.getPolicy(rdb.orm, id, policy.version))) await store.publishPolicy(rdb.orm, policy, "rollcall");
  }
  const admin = await store.ensureAdminUser(rdb.orm, options.adminPassword);
  if (admin.generatedPassword) {
    log(`rollcall: created user "admin" with password ${admin.generatedPassword}`);
    log("rollcall: this password is shown once; set ROLLCALL_ADMIN_PASSWORD to choose your own.");
  }
  let today = options.today ?? null;
  const policies = new PolicyCache(rdb);
  const schoolPolicyId = options.schoolPolicyId ?? "all-saints";
  const deps: ServerDeps = {
    rdb,
    policies,
    schoolPolicyId,
    cases: undefined as unknown as CaseService,
    today: () => today ?? todayUtc(),
    sessionTtlMs: options.sessionTtlMs ?? 8 * 60 * 60 * 1000,
    secureCookies: options.secureCookies ?? false,
    loginThrottle: new LoginThrottle(),
    allowedOrigins: options.allowedOrigins ?? [],
    trustedProxies: options.trustedProxies ?? [],
  };
  (deps as { cases: CaseService }).cases = new CaseService({ rdb, policies, schoolPolicyId, today: deps.today });

  const empty = (await store.listPupils(rdb.orm)).length === 0;
  if (options.demo && empty) {
    log("rollcall: loading the synthetic demo school (300 pupils, 2025-26)...");
    const demo = await loadDemoSchool(deps);
    today ??= demo.lastSchoolDay;
    log(`rollcall: demo school loaded: ${demo.pupils} pupils; "today" is ${demo.lastSchoolDay}`);
    const demoPassword = options.demoPassword ?? store.generatePassword(DEMO_USERS.map(([username]) => username));
    for (const [username, role, scope] of DEMO_USERS) await store.createUser(rdb.orm, { username, password: demoPassword, role, scope });
    log(`rollcall: demo users ${DEMO_USERS.map(([u, r]) => `${u} (${r})`).join(", ")} share the password ${demoPassword}`);
  } else if (options.demo && !today) {
    today = (await store.lastSchoolDay(rdb.orm)) ?? null;
  }
  // A run cut short (a killed import) leaves cases behind the register: catch them up.
  await deps.cases.advanceCases("rollcall");

  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: options.host ?? "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`;
  if (options.importWorkerAtStart) {
    startImportWorker(deps).catch((error: unknown) =>
      log(`rollcall: the import worker did not start (${error instanceof Error ? error.message : String(error)}); imports will start it again`),
    );
  }
  return {
    url,
    deps,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rdb.close();
    },
  };
}
