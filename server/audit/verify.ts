/**
 * What `GET /api/audit/verify` checks, each on its own, naming the first broken thing of each kind
 * (docs/security.md, ADR 007):
 *
 * - chains: every case's hash chain (the public SHA-256 recipe of db/history.ts);
 * - heads: each chain against its case's sealed head (newest entries deleted, a chain rewritten);
 * - history, accessLog, cases: each table against its sealed tally (a whole case deleted, access-log rows deleted
 *   or the table emptied, a revision edited);
 * - registers: every 64-byte chunk of every pupil's register against its seal (registers edited or swapped);
 * - checkpoint: today's trail against the newest checkpoint this server exported (kept outside the database);
 * - replay: every case replayed from its opening gives its stored state.
 */
import * as store from "../../db/index.ts";
import { auditKeysOf } from "../../db/auditKey.ts";
import { checkCheckpoint, verifyCaseHeads, verifyRegisterSeals, verifyTally, type SealCheck } from "../../db/auditSeals.ts";
import { latestKeptCheckpoint } from "./checkpoints.ts";
import type { ServerDeps } from "../deps.ts";

export interface CheckReport {
  readonly ok: boolean;
  readonly checked: number;
  /** The first broken thing of this kind, in words, or null. */
  readonly firstBroken: string | null;
  readonly upn?: string;
  readonly seq?: number;
}

export interface AuditReport {
  readonly ok: boolean;
  /** History entries whose hashes were recomputed. */
  readonly checked: number;
  /** The first broken entry of the replay (kept for older clients). */
  readonly firstBrokenAt: { upn: string; seq: number; why: string } | null;
  /** The audit key in use (its id, never the secret) and the older keys still held for checking. */
  readonly key: { readonly id: string; readonly source: string; readonly olderKeys: string[] };
  readonly checks: {
    readonly chains: CheckReport;
    readonly heads: CheckReport;
    readonly history: CheckReport;
    readonly registers: CheckReport;
    readonly accessLog: CheckReport;
    readonly cases: CheckReport;
    readonly checkpoint: CheckReport;
    readonly replay: CheckReport;
  };
}

const report = (c: SealCheck): CheckReport => ({
  ok: c.ok,
  checked: c.checked,
  firstBroken: c.firstBroken?.what ?? null,
  ...(c.firstBroken?.upn !== undefined ? { upn: c.firstBroken.upn } : {}),
  ...(c.firstBroken?.seq !== undefined ? { seq: c.firstBroken.seq } : {}),
});

export async function verifyAuditTrail(deps: ServerDeps): Promise<AuditReport> {
  const db = deps.rdb.orm;
  const ring = auditKeysOf(db);
  const chains = await store.verifyHistoryChains(db);
  const chainReport: CheckReport = {
    ok: chains.ok,
    checked: chains.checked,
    firstBroken: chains.firstBrokenAt ? `case ${chains.firstBrokenAt.upn}: entry ${chains.firstBrokenAt.seq} does not hold (its hash, its link to the entry before, or its seq)` : null,
    ...(chains.firstBrokenAt ? { upn: chains.firstBrokenAt.upn, seq: chains.firstBrokenAt.seq } : {}),
  };
  const heads = report(await verifyCaseHeads(db));
  const history = report(await verifyTally(db, "case_history"));
  const accessLog = report(await verifyTally(db, "access_log"));
  const cases = report(await verifyTally(db, "cases"));
  const registers = report(await verifyRegisterSeals(db));
  const kept = latestKeptCheckpoint(deps.rdb);
  let checkpoint: CheckReport = { ok: true, checked: 0, firstBroken: null };
  if (kept) {
    const result = await checkCheckpoint(db, kept);
    checkpoint = { ok: result.extends, checked: 1, firstBroken: result.extends ? null : `the checkpoint of ${kept.at}: ${result.problems[0]}` };
  }
  // The replay (server/cases/service.ts) stops at a broken chain; it is reported as it stands.
  const replayed = await deps.cases.verifyAudit();
  const replay: CheckReport = {
    ok: replayed.ok,
    checked: replayed.checked,
    firstBroken: replayed.firstBrokenAt ? `case ${replayed.firstBrokenAt.upn} entry ${replayed.firstBrokenAt.seq}: ${replayed.firstBrokenAt.why}` : null,
    ...(replayed.firstBrokenAt ? { upn: replayed.firstBrokenAt.upn, seq: replayed.firstBrokenAt.seq } : {}),
  };
  const checks = { chains: chainReport, heads, history, registers, accessLog, cases, checkpoint, replay };
  return {
    ok: Object.values(checks).every((c) => c.ok),
    checked: chains.checked,
    firstBrokenAt: replayed.firstBrokenAt,
    key: { id: ring.current.id, source: ring.source, olderKeys: [...ring.keys.keys()].filter((id) => id !== ring.current.id) },
    checks,
  };
}
