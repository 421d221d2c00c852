import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marksCsvLines, pupilsCsvLines } from "../../machines/cohort/cohortCsv.ts";
import { generateCompactCohort } from "../../machines/cohort/generateCohort.ts";
import * as store from "../../db/index.ts";
import { type RunningServer, type ServerOptions, startServer } from "../../server/main.ts";

export const ADMIN_PASSWORD = "correct horse battery staple";

/** A temporary directory for a database file, removed by `cleanup`. Never `:memory:`. */
export function tempDatabase(): { url: string; dir: string; file: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "rollcall-db-"));
  const file = join(dir, "rollcall.db");
  return { url: `file:${file}`, dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One user per role (all with ADMIN_PASSWORD); the teacher teaches Year 3 and class 4A. */
export const ROLE_USERS = {
  admin: "admin",
  "attendance-lead": "lead",
  "attendance-officer": "officer",
  teacher: "teacher",
  auditor: "auditor",
  governor: "governor",
} as const;
export const TEACHER_SCOPE = ["Y3", "4A"];

export async function testServer(url: string, options: ServerOptions = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, host: "127.0.0.1", databaseUrl: url, adminPassword: ADMIN_PASSWORD, demo: false, today: "2025-07-31", log: () => {}, ...options });
  for (const [role, username] of Object.entries(ROLE_USERS)) {
    if (role === "admin" || (await store.findUserByUsername(server.deps.rdb.orm, username))) continue;
    await store.createUser(server.deps.rdb.orm, { username, password: ADMIN_PASSWORD, role, scope: role === "teacher" ? TEACHER_SCOPE : undefined });
  }
  return server;
}

/** A signed-in client with its own cookie jar, talking to the server over loopback. */
export class Client {
  private cookie = "";
  constructor(readonly base: string) {}

  /** Signs in; by default as the attendance lead, who does the casework. */
  async login(username: string = ROLE_USERS["attendance-lead"], password = ADMIN_PASSWORD): Promise<Response> {
    const res = await this.request("POST", "/api/auth/login", { json: { username, password } });
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
    return res;
  }

  request(method: string, path: string, options: { json?: unknown; csv?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...(this.cookie ? { cookie: this.cookie } : {}), ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.csv !== undefined) {
      headers["content-type"] = "text/csv";
      body = options.csv;
    }
    return fetch(`${this.base}${path}`, { method, headers, body });
  }

  async json<T = any>(method: string, path: string, options: Parameters<Client["request"]>[2] = {}): Promise<{ status: number; body: T }> {
    const res = await this.request(method, path, options);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : (undefined as T) };
  }
}

/** A small synthetic school as CSV text: `pupils` pupils over the first `days` school days of 2024-25. */
export function schoolFiles(seed: number, pupils: number, days: number): { pupils: string; marks: string; markLines: string[] } {
  const cohort = generateCompactCohort({ seed, pupils, startYear: 2024, days });
  const markLines = [...marksCsvLines(cohort)];
  return { pupils: `${[...pupilsCsvLines(cohort.pupils)].join("\n")}\n`, marks: `${markLines.join("\n")}\n`, markLines };
}
