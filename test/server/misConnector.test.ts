/**
 * docs/integrations.md end to end: the MIS connector script (examples/mis-connector/post-marks.mjs), run as its
 * own Node process with an API token, against a real server on loopback and a temp database file, posting the
 * synthetic example school's term dates, pupils and marks. Run again, it changes nothing (idempotence); a file
 * with problems exits 1 naming line and field; a revoked token exits 2; the access log names the token; the
 * audit trail verifies.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/main.ts";
import { Client, tempDatabase, testServer } from "./support.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const script = join(root, "examples/mis-connector/post-marks.mjs");
const school = join(root, "examples/small-school");
const db = tempDatabase();
let server: RunningServer;
let admin: Client;
let token: { id: number; token: string };

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 99) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  server = await testServer(db.url);
  admin = new Client(server.url);
  expect((await admin.login("admin")).status).toBe(200);
  const made = await admin.json("POST", "/api/tokens", { json: { name: "mis-nightly", role: "attendance-lead" } });
  expect(made.status).toBe(201);
  token = made.body;
}, 60_000);
afterAll(async () => {
  await server.close();
  db.cleanup();
});

const files = ["--calendar", join(school, "calendar.csv"), "--pupils", join(school, "pupils.csv"), "--marks", join(school, "marks.csv")];

describe("examples/mis-connector/post-marks.mjs against a loopback server", () => {
  it("posts term dates, pupils and marks with a token; run again it changes nothing", async () => {
    const env = { ROLLCALL_URL: server.url, ROLLCALL_TOKEN: token.token };
    const first = await run(files, env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^term dates: recorded \(\d+ school days, 2024-09-\d\d to 2025-07-\d\d\)$/);
    expect(lines[1]).toMatch(/^pupils: imported 40 rows as import \d+; 40 pupils changed/);
    expect(lines[2]).toMatch(/^marks: imported \d+ rows as import \d+; 40 pupils changed; \{.*"casesAdvanced":40/);
    // The token never appears in what the script prints.
    expect(first.stdout).not.toContain(token.token);

    const again = await run(files, env);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split("\n").map((l) => l.replace(/\((import|upload) \d+\)/, "($1 N)"))).toEqual([
      "term dates: already in force (upload N); nothing changed",
      "pupils: already there (import N); nothing changed",
      "marks: already there (import N); nothing changed",
    ]);

    // What the server recorded names the token.
    const lead = new Client(server.url);
    await lead.login("lead");
    const calendar = (await lead.json("GET", "/api/calendar")).body;
    expect(calendar.termDates.actor).toBe("token:mis-nightly");
    const auditor = new Client(server.url);
    await auditor.login("auditor");
    const entries = (await auditor.json("GET", "/api/audit/access?limit=10000")).body.entries as { username: string | null; action: string; detail: string | null }[];
    const uses = entries.filter((e) => e.username === "token:mis-nightly" && e.action === "token.use").map((e) => e.detail).reverse();
    expect(uses).toEqual([
      "POST /api/calendar 200",
      "POST /api/imports/pupils 200",
      "POST /api/imports/marks 200",
      "POST /api/calendar 200",
      "POST /api/imports/pupils 200",
      "POST /api/imports/marks 200",
    ]);
    const verify = (await admin.json("GET", "/api/audit/verify")).body;
    expect(verify.ok).toBe(true);
  });

  it("a file with problems: exit 1, each problem as FILE:LINE: FIELD: message, nothing written", async () => {
    const bad = join(db.dir, "marks-bad.csv");
    writeFileSync(bad, "upn,date,session,mark\nA999314721003,2025-07-01,AM,J\n");
    const res = await run(["--marks", bad], { ROLLCALL_URL: server.url, ROLLCALL_TOKEN: token.token });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("post-marks: marks: The marks file has problems; nothing was imported.");
    expect(res.stderr).toMatch(/^marks-bad\.csv:2: mark: /m);
  });

  it("a revoked token: exit 2 and the server's reason", async () => {
    expect((await admin.json("POST", `/api/tokens/${token.id}/revoke`)).status).toBe(200);
    const res = await run(["--marks", join(school, "marks.csv")], { ROLLCALL_URL: server.url, ROLLCALL_TOKEN: token.token });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("401 This token has been revoked.");
  });
});
