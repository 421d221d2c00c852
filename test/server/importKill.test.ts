/**
 * Imports killed with SIGKILL at named points (by construction: the child kills itself the Nth time it passes a
 * point, server/imports/progress.ts), then started again on the same file. The register change and the history
 * entries it causes are all there or none are; importing the file again then applies what is missing, exactly
 * once; audit/verify is ok.
 */
import { spawn } from "node:child_process";
import { cpSync } from "node:fs";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KILL_SCHOOL, killFiles } from "./importKillChild.ts";
import { tempDatabase } from "./support.ts";

interface ChildRun {
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly out: { result: any; verify: { ok: boolean; firstBrokenAt: unknown }; lastSchoolDay: string } | null;
  readonly stderr: string;
}

function runChild(url: string, step: string, killAt?: string): Promise<ChildRun> {
  const env = { ...process.env };
  delete env.ROLLCALL_KILL_AT;
  if (killAt) env.ROLLCALL_KILL_AT = killAt;
  const child = spawn(process.execPath, ["--import", "tsx", "test/server/importKillChild.ts", url, step], { stdio: ["ignore", "pipe", "pipe"], env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      const line = stdout.trim().split("\n").at(-1);
      resolve({ code, signal, stderr, out: line?.startsWith("{") ? JSON.parse(line) : null });
    }),
  );
}

const files = killFiles();
const setup = tempDatabase();

/** A copy of the set-up school's database, for one kill. */
function copyOfSetup() {
  const db = tempDatabase();
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      cpSync(`${setup.file}${suffix}`, `${db.file}${suffix}`);
    } catch {
      // no WAL left after a clean close
    }
  }
  return db;
}

async function query<T = Record<string, unknown>>(url: string, sql: string, args: (string | number)[] = []): Promise<T[]> {
  const client = createClient({ url });
  try {
    return (await client.execute({ sql, args })).rows as unknown as T[];
  } finally {
    client.close();
  }
}

/** What the amending import left: its import row, its amendments, and the history entries recording them. */
async function amendState(url: string) {
  const [imp] = await query<{ id: number }>(url, "SELECT id FROM imports WHERE kind = 'marks' AND file_name = 'amend-marks.csv'");
  const [{ n: amendments }] = await query<{ n: number }>(url, "SELECT count(*) AS n FROM mark_amendments");
  const [{ entries, recorded }] = await query<{ entries: number; recorded: number | null }>(
    url,
    "SELECT count(*) AS entries, sum(json_array_length(event, '$.amendments')) AS recorded FROM case_history WHERE event_type = 'registerAmended'",
  );
  return { importId: imp ? Number(imp.id) : null, amendments: Number(amendments), entries: Number(entries), recorded: Number(recorded ?? 0) };
}

/** How many cases' SEND flag differs from their pupil's, and how many pupil-details entries there are. */
async function pupilsState(url: string) {
  const [{ stale }] = await query<{ stale: number }>(
    url,
    "SELECT count(*) AS stale FROM cases JOIN pupils USING (upn) WHERE json_extract(cases.context, '$.pupil.send') != pupils.send",
  );
  const [{ entries }] = await query<{ entries: number }>(url, "SELECT count(*) AS entries FROM case_history WHERE event_type = 'pupilDetailsChanged'");
  const [imp] = await query<{ id: number }>(url, "SELECT id FROM imports WHERE kind = 'pupils' AND file_name = 'pupils-flipped.csv'");
  const [{ flipped }] = await query<{ flipped: number }>(url, "SELECT count(*) AS flipped FROM pupils WHERE send = ?", [0]);
  return { stale: Number(stale), entries: Number(entries), imported: imp !== undefined, sendOff: Number(flipped) };
}

beforeAll(async () => {
  const run = await runChild(setup.url, "setup");
  expect(run.out?.result, run.stderr).toEqual({ pupils: "imported", marks: "imported" });
}, 120_000);
afterAll(() => setup.cleanup());

describe("an amending marks import killed with SIGKILL", () => {
  // After the register is written, inside the transaction; after the first batch of history entries (of two), inside it;
  // just after the commit; in the middle of the day close that follows.
  for (const killAt of ["marks:applied:1", "import:amendments:1", "marks:committed:1", "advance:batch:3"]) {
    it(`at ${killAt}: the marks and their history entries are all there or none are; importing again completes it once`, async () => {
      const db = copyOfSetup();
      try {
        const before = await amendState(db.url);
        expect(before).toEqual({ importId: null, amendments: 0, entries: 0, recorded: 0 });

        const killed = await runChild(db.url, "amend", killAt);
        expect(killed.signal, killed.stderr).toBe("SIGKILL");
        expect(killed.out).toBeNull();

        const after = await amendState(db.url);
        const committed = killAt === "marks:committed:1" || killAt.startsWith("advance:");
        if (committed) {
          // Everything the import wrote together: every amended mark's entry (one per pupil, all his changes).
          expect(after.importId).not.toBeNull();
          expect(after.amendments).toBe(files.amendedAmMarks);
          expect(after.recorded).toBe(after.amendments);
          expect(after.entries).toBe(files.amendedPupils);
        } else {
          // Nothing: no import, no changed mark, no entry.
          expect(after).toEqual(before);
        }

        // Started again on the same file (start-up catches the cases up) and the file imported again.
        const again = await runChild(db.url, "amend");
        expect(again.code, again.stderr).toBe(0);
        if (committed) expect(again.out!.result).toMatchObject({ status: "already-imported" });
        else expect(again.out!.result).toMatchObject({ status: "imported", detail: { amendments: files.amendedAmMarks, casesAmended: files.amendedPupils } });
        const final = await amendState(db.url);
        expect(final).toMatchObject({ amendments: files.amendedAmMarks, recorded: files.amendedAmMarks, entries: files.amendedPupils });
        expect(again.out!.verify).toEqual({ ok: true, firstBrokenAt: null });
        // Every case has been through the new day, whether the kill came before or during the day close.
        const through = await query<{ d: string }>(db.url, "SELECT DISTINCT processed_through AS d FROM cases");
        expect(through.map((r) => r.d)).toEqual([files.lastDay]);
      } finally {
        db.cleanup();
      }
    }, 120_000);
  }
});

describe("a pupils import flipping every pupil's SEND flag killed with SIGKILL", () => {
  for (const killAt of ["pupils:upserted:1", "import:pupilChanges:1", "pupils:committed:1"]) {
    it(`at ${killAt}: the pupils and the cases' details change together or not at all; importing again completes it once`, async () => {
      const db = copyOfSetup();
      try {
        const before = await pupilsState(db.url);
        expect(before).toMatchObject({ stale: 0, entries: 0, imported: false });

        const killed = await runChild(db.url, "pupils", killAt);
        expect(killed.signal, killed.stderr).toBe("SIGKILL");

        const after = await pupilsState(db.url);
        expect(after.stale).toBe(0);
        if (killAt === "pupils:committed:1") {
          expect(after).toMatchObject({ imported: true, entries: KILL_SCHOOL.pupils, sendOff: KILL_SCHOOL.pupils - before.sendOff });
        } else {
          expect(after).toEqual(before);
        }

        const again = await runChild(db.url, "pupils");
        expect(again.code, again.stderr).toBe(0);
        expect(again.out!.result.status).toBe(killAt === "pupils:committed:1" ? "already-imported" : "imported");
        expect(await pupilsState(db.url)).toEqual({ stale: 0, entries: KILL_SCHOOL.pupils, imported: true, sendOff: KILL_SCHOOL.pupils - before.sendOff });
        expect(again.out!.verify).toEqual({ ok: true, firstBrokenAt: null });
      } finally {
        db.cleanup();
      }
    }, 120_000);
  }
});
