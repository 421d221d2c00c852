/**
 * The tamper suite (issue 14): on a real database file, an honest history is built through the API (pupils,
 * marks imported in pieces, an amendment, notes); then, for each tamper, a copy of the database has its
 * append-only triggers dropped and is changed the way someone holding the file (but not the audit key, which
 * lives outside it) would, and GET /api/audit/verify must report it, naming the broken thing.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client as LibsqlClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { historyHash, GENESIS_HASH } from "../../db/history.ts";
import { rotateAuditKeyFile } from "../../db/auditKey.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

type Verify = {
  ok: boolean;
  key: { id: string; olderKeys: string[] };
  checks: Record<"chains" | "heads" | "history" | "registers" | "accessLog" | "cases" | "checkpoint" | "replay", { ok: boolean; checked: number; firstBroken: string | null; upn?: string; seq?: number }>;
};

let honest: ReturnType<typeof tempDatabase>;
/** A pupil with three notes at the end of their history, and one with a case of day closes only. */
let noted: string;
let plain: string;
let other: string;

async function signedIn(url: string) {
  const server = await testServer(url);
  const client = new Client(server.url);
  await client.login();
  return { server, client };
}

async function note(client: Client, upn: string, text: string) {
  const view = (await client.json("GET", `/api/cases/${upn}`)).body;
  const r = await client.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(view.revision) }, json: { type: "note", payload: { text } } });
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  honest = tempDatabase();
  const school = schoolFiles(31, 12, 60);
  const header = school.markLines[0]!;
  const lines = school.markLines.slice(1);
  const { server, client } = await signedIn(honest.url);
  expect((await client.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  // The marks in three imports, as a school sends them week by week.
  const cut1 = lines.findIndex((l) => l.split(",")[1]! > "2024-10-01");
  const cut2 = lines.findIndex((l) => l.split(",")[1]! > "2024-11-01");
  for (const part of [lines.slice(0, cut1), lines.slice(cut1, cut2), lines.slice(cut2)]) {
    expect((await client.json("POST", "/api/imports/marks", { csv: `${header}\n${part.join("\n")}\n` })).status).toBe(200);
  }
  const upns = [...new Set(lines.map((l) => l.split(",")[0]!))].sort();
  [noted, plain, other] = [upns[0]!, upns[1]!, upns[2]!];
  // An amendment: an early present mark corrected to an unauthorised absence.
  const early = lines.find((l) => l.startsWith(`${plain},2024-09-1`) && l.endsWith(",/"))!;
  expect((await client.json("POST", "/api/imports/marks", { csv: `${header}\n${early.replace(/,\/$/, ",O")}\n` })).status).toBe(200);
  for (const text of ["Phoned home: no answer.", "Spoke to dad at the gate.", "Letter read with mum."]) await note(client, noted, text);
  await note(client, other, "Asked about transport.");
  // Reads of named pupils, so the access log has rows.
  for (const upn of upns.slice(0, 4)) await client.json("GET", `/api/cases/${upn}`);
  await server.close();
}, 120_000);

afterAll(() => honest?.cleanup());

/** A copy of the honest database (with its key file), tampered by `sql` with the triggers dropped. */
async function tampered(change: (raw: LibsqlClient) => Promise<void>): Promise<{ url: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "rollcall-tamper-"));
  cpSync(honest.dir, dir, { recursive: true });
  const url = `file:${join(dir, "rollcall.db")}`;
  const raw = createClient({ url });
  for (const t of ["case_history_no_update", "case_history_no_delete", "mark_amendments_no_update", "mark_amendments_no_delete"]) await raw.execute(`DROP TRIGGER IF EXISTS ${t}`);
  await change(raw);
  raw.close();
  return { url, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function verifyOf(url: string): Promise<Verify> {
  const { server, client } = await signedIn(url);
  try {
    return (await client.json("GET", "/api/audit/verify")).body as Verify;
  } finally {
    await server.close();
  }
}

async function lastSeq(raw: LibsqlClient, upn: string): Promise<number> {
  return Number((await raw.execute({ sql: "SELECT max(seq) AS s FROM case_history WHERE upn = ?", args: [upn] })).rows[0]!.s);
}

async function tamperAndVerify(change: (raw: LibsqlClient) => Promise<void>): Promise<Verify> {
  const copy = await tampered(change);
  try {
    return await verifyOf(copy.url);
  } finally {
    copy.cleanup();
  }
}

/** Rewrites a case's chain from `fromSeq` with the project's own public recipe (db/history.ts). */
async function rewriteChain(raw: LibsqlClient, upn: string, fromSeq: number, edit: (row: Record<string, unknown>) => void): Promise<string> {
  const rows = (await raw.execute({ sql: "SELECT * FROM case_history WHERE upn = ? ORDER BY seq", args: [upn] })).rows.map((r) => ({ ...r }) as Record<string, unknown>);
  let prev = GENESIS_HASH;
  for (const row of rows) {
    if (Number(row.seq) >= fromSeq) {
      if (Number(row.seq) === fromSeq) edit(row);
      const entry = {
        upn, seq: Number(row.seq), schoolDate: String(row.school_date), recordedAt: String(row.recorded_at), actor: String(row.actor),
        eventType: String(row.event_type), event: JSON.parse(String(row.event)), fromState: String(row.from_state), toState: String(row.to_state),
        rule: (row.rule as string | null) ?? null, reason: (row.reason as string | null) ?? null, tasks: JSON.parse(String(row.tasks)),
        policyId: String(row.policy_id), policyVersion: Number(row.policy_version), revisionAfter: Number(row.revision_after),
      };
      const hash = historyHash(prev, entry);
      await raw.execute({ sql: "UPDATE case_history SET reason = ?, prev_hash = ?, hash = ? WHERE id = ?", args: [entry.reason, prev, hash, row.id as number] });
      row.hash = hash;
    }
    prev = String(row.hash);
  }
  return prev;
}

describe("audit verify on an honest history", () => {
  it("reports every check ok, with the key it used, before and after a restart", async () => {
    for (let run = 0; run < 2; run++) {
      const v = await verifyOf(honest.url);
      expect(v.ok).toBe(true);
      for (const [name, check] of Object.entries(v.checks)) expect([name, check.ok, check.firstBroken]).toEqual([name, true, null]);
      expect(v.checks.chains.checked).toBeGreaterThan(40);
      expect(v.checks.registers.checked).toBeGreaterThan(12);
      expect(v.key.id).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("keeps verifying after the key is rotated: old seals checked with the old key, new ones made with the new", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rollcall-rotate-"));
    try {
      cpSync(honest.dir, dir, { recursive: true });
      const url = `file:${join(dir, "rollcall.db")}`;
      const { previous, current } = rotateAuditKeyFile(join(dir, "rollcall.db.audit-key"));
      const { server, client } = await signedIn(url);
      await note(client, other, "After the key was rotated.");
      const v = (await client.json("GET", "/api/audit/verify")).body as Verify;
      await server.close();
      expect(v.ok).toBe(true);
      expect(v.key).toMatchObject({ id: current, olderKeys: [previous] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("audit verify catches tampering with the database file", () => {
  it("the last note deleted", async () => {
    const v = await tamperAndVerify(async (raw) => {
      await raw.execute({ sql: "DELETE FROM case_history WHERE upn = ? AND seq = ?", args: [noted, await lastSeq(raw, noted)] });
    });
    expect(v.ok).toBe(false);
    expect(v.checks.chains.ok).toBe(true); // what is left is a valid chain...
    expect(v.checks.heads).toMatchObject({ ok: false, upn: noted }); // ...short of its sealed head
    expect(v.checks.heads.firstBroken).toMatch(new RegExp(`case ${noted}: entries? \\d+.* deleted`));
    expect(v.checks.history.firstBroken).toMatch(/case_history: 1 row\(s\) deleted/);
  });

  it("the last two notes deleted", async () => {
    const v = await tamperAndVerify(async (raw) => {
      const last = await lastSeq(raw, noted);
      await raw.execute({ sql: "DELETE FROM case_history WHERE upn = ? AND seq >= ?", args: [noted, last - 1] });
    });
    expect(v.checks.heads).toMatchObject({ ok: false, upn: noted });
    expect(v.checks.heads.firstBroken).toMatch(/entries \d+–\d+ deleted/);
    expect(v.checks.history.firstBroken).toMatch(/2 row\(s\) deleted/);
  });

  it("a case's final day close deleted", async () => {
    const v = await tamperAndVerify(async (raw) => {
      const last = await lastSeq(raw, plain);
      const row = (await raw.execute({ sql: "SELECT actor, event_type FROM case_history WHERE upn = ? AND seq = ?", args: [plain, last] })).rows[0]!;
      expect(row.event_type).not.toBe("note");
      await raw.execute({ sql: "DELETE FROM case_history WHERE upn = ? AND seq = ?", args: [plain, last] });
    });
    expect(v.checks.heads).toMatchObject({ ok: false, upn: plain });
    expect(v.ok).toBe(false);
  });

  it("a whole case deleted (history, head and row): still reported after start-up opens the case again", async () => {
    const v = await tamperAndVerify(async (raw) => {
      for (const t of ["case_history", "case_heads", "tasks", "cases"]) await raw.execute({ sql: `DELETE FROM ${t} WHERE upn = ?`, args: [noted] });
    });
    // Start-up (inside verifyOf) has opened the pupil's case again from the register: the deletion still shows.
    expect(v.ok).toBe(false);
    expect(v.checks.history.ok).toBe(false);
    expect(v.checks.history.firstBroken).toMatch(/case_history: \d+ row\(s\) deleted, first ids? \d+/);
    expect(v.checks.cases.firstBroken).toMatch(/cases: 1 case row\(s\) deleted/);
  });

  it("a chain rewritten with the public SHA-256 recipe (and its head's hash replaced)", async () => {
    const v = await tamperAndVerify(async (raw) => {
      const head = await rewriteChain(raw, plain, 2, (row) => (row.reason = "Nothing to see here."));
      await raw.execute({ sql: "UPDATE case_heads SET hash = ? WHERE upn = ?", args: [head, plain] });
    });
    expect(v.checks.chains.ok).toBe(true); // the public recipe holds...
    expect(v.checks.heads).toMatchObject({ ok: false, upn: plain }); // ...but the sealed head does not
    expect(v.checks.heads.firstBroken).toMatch(/sealed head does not hold/);
  });

  it("a chain rewritten with the public recipe, head left alone", async () => {
    const v = await tamperAndVerify(async (raw) => {
      await rewriteChain(raw, other, 1, (row) => (row.reason = "Rewritten."));
    });
    expect(v.checks.heads).toMatchObject({ ok: false, upn: other });
    expect(v.checks.heads.firstBroken).toMatch(/rewritten/);
  });

  it("two pupils' register blobs swapped (marks and seals)", async () => {
    const v = await tamperAndVerify(async (raw) => {
      await raw.execute({
        sql: `UPDATE pupil_registers SET
                marks = (SELECT marks FROM pupil_registers AS o WHERE o.upn = CASE pupil_registers.upn WHEN ? THEN ? ELSE ? END AND o.school_year = pupil_registers.school_year),
                seals = (SELECT seals FROM pupil_registers AS o WHERE o.upn = CASE pupil_registers.upn WHEN ? THEN ? ELSE ? END AND o.school_year = pupil_registers.school_year)
              WHERE upn IN (?, ?)`,
        args: [noted, plain, noted, noted, plain, noted, noted, plain],
      });
    });
    expect(v.checks.registers).toMatchObject({ ok: false, upn: [noted, plain].sort()[0] });
    expect(v.checks.registers.firstBroken).toMatch(/do not match their seal/);
    expect(v.checks.registers.firstBroken).toContain("school year 2024/25");
  });

  it("one mark edited in a register blob", async () => {
    const v = await tamperAndVerify(async (raw) => {
      // Byte 40 is 20 days into September: set it to another code.
      await raw.execute({ sql: "UPDATE pupil_registers SET marks = unhex(hex(substr(marks, 1, 40)) || CASE WHEN hex(substr(marks, 41, 1)) = '02' THEN '03' ELSE '02' END || hex(substr(marks, 42))) WHERE upn = ?", args: [other] });
    });
    expect(v.checks.registers).toMatchObject({ ok: false, upn: other });
    expect(v.checks.registers.firstBroken).toContain("2024-09-01 (chunk 0)");
  });

  it("cases.revision edited", async () => {
    const v = await tamperAndVerify(async (raw) => {
      await raw.execute({ sql: "UPDATE cases SET revision = revision + 3 WHERE upn = ?", args: [plain] });
    });
    expect(v.checks.cases.ok).toBe(false);
    expect(v.checks.cases.firstBroken).toMatch(/cases\.revision edited/);
  });

  it("cases.revision lowered below its history's: the case is named", async () => {
    const v = await tamperAndVerify(async (raw) => {
      await raw.execute({ sql: "UPDATE cases SET revision = 1 WHERE upn = ?", args: [noted] });
    });
    expect(v.checks.cases).toMatchObject({ ok: false, upn: noted });
  });

  it("some access-log rows deleted", async () => {
    const v = await tamperAndVerify(async (raw) => {
      await raw.execute("DELETE FROM access_log WHERE id IN (SELECT id FROM access_log ORDER BY id LIMIT 2 OFFSET 1)");
    });
    expect(v.checks.accessLog.ok).toBe(false);
    expect(v.checks.accessLog.firstBroken).toMatch(/access_log: 2 row\(s\) deleted, first ids 2–3/);
  });

  it("the access log emptied", async () => {
    const v = await tamperAndVerify(async (raw) => {
      await raw.execute("DELETE FROM access_log");
    });
    expect(v.checks.accessLog.ok).toBe(false);
    expect(v.checks.accessLog.firstBroken).toMatch(/access_log: \d+ row\(s\) deleted/);
  });

  it("the sealed tallies edited to match", async () => {
    const v = await tamperAndVerify(async (raw) => {
      await raw.execute("DELETE FROM access_log");
      await raw.execute("UPDATE audit_seals SET rows = 0, max_id = 0 WHERE name = 'access_log'");
    });
    expect(v.checks.accessLog.firstBroken).toMatch(/sealed tally does not hold/);
  });
});

describe("checkpoints", () => {
  it("an earlier checkpoint is proven extended by an honest history, and fails once the history is rewritten", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rollcall-checkpoint-"));
    try {
      cpSync(honest.dir, dir, { recursive: true });
      const url = `file:${join(dir, "rollcall.db")}`;
      let { server, client } = await signedIn(url);
      const checkpoint = (await client.json("GET", "/api/audit/checkpoint")).body;
      expect(checkpoint).toMatchObject({ kind: "rollcall-audit-checkpoint", keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
      // The bundle carries a checkpoint too.
      const bundle = await (await client.request("GET", `/api/cases/${noted}/evidence`)).text();
      expect(bundle).toContain("rollcall-audit-checkpoint");
      await note(client, noted, "After the checkpoint.");
      await client.json("GET", `/api/cases/${plain}`);
      expect((await client.json("POST", "/api/audit/checkpoint/verify", { json: checkpoint })).body).toMatchObject({ extends: true, signatureValid: true, keyKnown: true, problems: [] });
      // A checkpoint altered after it was signed is refused.
      const forged = { ...checkpoint, history: { ...checkpoint.history, entries: checkpoint.history.entries - 1 } };
      expect((await client.json("POST", "/api/audit/checkpoint/verify", { json: forged })).body).toMatchObject({ extends: false, signatureValid: false });
      await server.close();

      const raw = createClient({ url });
      await raw.execute("DROP TRIGGER case_history_no_update");
      await rewriteChain(raw, other, 1, (row) => (row.reason = "Rewritten."));
      raw.close();
      ({ server, client } = await signedIn(url));
      const check = (await client.json("POST", "/api/audit/checkpoint/verify", { json: checkpoint })).body;
      expect(check.extends).toBe(false);
      expect(check.problems.join(" ")).toMatch(/changed or removed/);
      // And verify checks the newest checkpoint the server kept (outside the database).
      const v = (await client.json("GET", "/api/audit/verify")).body as Verify;
      expect(v.checks.checkpoint).toMatchObject({ ok: false, checked: 1 });
      await server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
