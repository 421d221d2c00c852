/**
 * What a letter writes into its case's hash-chained history, in one transaction with the letter's own rows: the
 * copy kept as printed (`letterPrinted`, with its digest), the sending (`letterSent`), the withdrawal with its
 * reason (`letterWithdrawn`). These entries leave the case where it is (a replay passes over them) and move its
 * revision on, as every entry does, against the revision the caller read: for many letters at once (bulk), all
 * are written or none.
 */
import * as store from "../../db/index.ts";
import type { ServerDeps } from "../deps.ts";

export interface LetterEntry {
  readonly upn: string;
  readonly eventType: string;
  readonly event: unknown;
  readonly reason: string;
}

/** A case moved on since its revision was read: nothing was written. */
export class CaseMovedOn extends Error {
  constructor(readonly upns: readonly string[]) {
    super(`The case changed since it was loaded: ${upns.length} case(s)`);
  }
}

/** A write that had to go with the entries refused: nothing was written. */
export class WriteRefused extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

/**
 * Appends `entries` (one or more per case) to their cases' histories, each case checked against `expected` (its
 * revision as read) and moved on by one, and runs `also` in the same transaction with the seq each entry got
 * (same order as `entries`; null for a letter with no case). Throws CaseMovedOn or WriteRefused (from `also`),
 * having written nothing.
 */
export async function writeLetterEntries(
  deps: ServerDeps,
  expected: ReadonlyMap<string, number>,
  entries: readonly LetterEntry[],
  actor: string,
  also: (tx: store.Db, seqs: readonly (number | null)[]) => Promise<void>,
): Promise<void> {
  const now = new Date().toISOString();
  const schoolDate = deps.today();
  await store.inTransaction(deps.rdb, async (tx) => {
    const upns = [...new Set(entries.map((e) => e.upn))];
    const rows = new Map<string, store.CaseRecord>();
    const moved: string[] = [];
    for (const upn of upns) {
      const row = await store.getCase(tx, upn);
      if (!row) continue;
      rows.set(upn, row);
      if (expected.get(upn) !== row.revision) moved.push(upn);
    }
    if (moved.length) throw new CaseMovedOn(moved);
    const written = await store.bumpCaseRevisions(
      tx,
      [...rows.values()].map((r) => ({ upn: r.upn, expectedRevision: r.revision })),
      now,
    );
    const lost = [...rows.keys()].filter((u) => !written.has(u));
    if (lost.length) throw new CaseMovedOn(lost);
    const byCase = new Map<string, { entry: LetterEntry; i: number }[]>();
    entries.forEach((entry, i) => {
      if (!rows.has(entry.upn)) return;
      byCase.set(entry.upn, [...(byCase.get(entry.upn) ?? []), { entry, i }]);
    });
    const links = await store.appendHistories(
      tx,
      [...byCase].map(([upn, list]) => {
        const row = rows.get(upn)!;
        return {
          upn,
          entries: list.map(({ entry }) => ({
            schoolDate,
            recordedAt: now,
            actor,
            eventType: entry.eventType,
            event: entry.event,
            fromState: row.state,
            toState: row.state,
            rule: null,
            reason: entry.reason,
            tasks: [],
            policyId: row.policyId,
            policyVersion: row.policyVersion,
            revisionAfter: row.revision + 1,
          })),
        };
      }),
      { links: true },
    );
    const seqs: (number | null)[] = entries.map(() => null);
    for (const [upn, list] of byCase) list.forEach(({ i }, k) => (seqs[i] = links.get(upn)![k]!.seq));
    await also(tx, seqs);
  });
}
