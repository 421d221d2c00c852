import { afterEach } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pupil } from "../machines/attendance/pupilsCsv.ts";
import { withCheckLetter } from "../machines/attendance/upn.ts";
import { openDatabase, type RollcallDb } from "./client.ts";

/**
 * A database in a fresh temporary directory (a real file: libSQL's `:memory:` loses its tables after a
 * transaction). Call `cleanup` in afterEach.
 */
/**
 * For a test file: a function that opens a fresh temp-file database, closed and removed after each test.
 * Call it at the top level of the file (it registers the afterEach hook).
 */
export function useTempDatabases(): () => Promise<Awaited<ReturnType<typeof openTempDatabase>>> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return async () => {
    const t = await openTempDatabase();
    cleanups.push(t.cleanup);
    return t;
  };
}

export async function openTempDatabase(): Promise<{ rdb: RollcallDb; dir: string; url: string; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "rollcall-db-"));
  const url = `file:${join(dir, "rollcall.db")}`;
  const rdb = await openDatabase({ url });
  return {
    rdb,
    dir,
    url,
    async cleanup() {
      await rdb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A synthetic UPN (local-authority code 999 belongs to no authority). */
export function syntheticUpn(n: number): string {
  return withCheckLetter(`99900001${String(n).padStart(4, "0")}`);
}

/** A synthetic pupil. */
export function syntheticPupil(n: number, overrides: Partial<Pupil> = {}): Pupil {
  return {
    upn: syntheticUpn(n),
    forename: `Pupil${n}`,
    surname: `Synthetic${String(n).padStart(3, "0")}`,
    yearGroup: String(1 + (n % 6)),
    pupilPremium: false,
    send: false,
    eal: false,
    socialWorker: false,
    lookedAfter: false,
    youngCarer: false,
    ...overrides,
  };
}
