/**
 * Letters as printed and as sent (migration 0011): the frozen copy of a letter (its merged text, date and figures,
 * with the digest its `letterPrinted` history entry carries) and the record of when, by whom and how it was sent.
 * Both tables are append-only (triggers): a printed letter stays as printed.
 */
import { createHash } from "node:crypto";
import { bumpTally } from "./auditSeals.ts";
import { canonicalJson } from "./json.ts";
import { chunks, execRaw, queryRaw, type Db } from "./tx.ts";

export interface LetterCopyRecord<L = unknown> {
  id: number;
  taskId: number;
  upn: string;
  /** The school date it was first printed: the letter's own date. */
  printedOn: string;
  printedAt: string;
  printedBy: string;
  how: string;
  /** The letter as printed. */
  letter: L;
  /** SHA-256 (hex) of the letter's canonical JSON. */
  digest: string;
  historySeq: number | null;
}

export interface LetterSending {
  taskId: number;
  upn: string;
  sentOn: string;
  sentBy: string;
  how: string;
  recordedAt: string;
}

/** The digest of a letter as printed: SHA-256 of its canonical JSON (keys sorted), so the same letter always has the same digest. */
export function letterDigest(letter: unknown): string {
  return createHash("sha256").update(canonicalJson(letter)).digest("hex");
}

type CopyRow = [number, number, string, string, string, string, string, string, string, number | null];
const COPY_COLUMNS = "id, task_id, upn, printed_on, printed_at, printed_by, how, letter, digest, history_seq";
const toCopy = <L>([id, taskId, upn, printedOn, printedAt, printedBy, how, letter, digest, historySeq]: CopyRow): LetterCopyRecord<L> => ({
  id: Number(id),
  taskId: Number(taskId),
  upn,
  printedOn,
  printedAt,
  printedBy,
  how,
  letter: JSON.parse(letter) as L,
  digest,
  historySeq: historySeq === null ? null : Number(historySeq),
});

export async function getLetterCopy<L = unknown>(db: Db, taskId: number): Promise<LetterCopyRecord<L> | undefined> {
  const [row] = await queryRaw<CopyRow>(db, `SELECT ${COPY_COLUMNS} FROM letter_copies WHERE task_id = ?`, [taskId]);
  return row ? toCopy<L>(row) : undefined;
}

/** The copies of these letters, by task id (letters never printed are absent). */
export async function letterCopiesOf<L = unknown>(db: Db, taskIds: readonly number[]): Promise<Map<number, LetterCopyRecord<L>>> {
  const out = new Map<number, LetterCopyRecord<L>>();
  for (const part of chunks([...new Set(taskIds)], 5_000)) {
    const rows = await queryRaw<CopyRow>(db, `SELECT ${COPY_COLUMNS} FROM letter_copies WHERE task_id IN (SELECT value FROM json_each(?))`, [JSON.stringify(part)]);
    for (const r of rows) out.set(Number(r[1]), toCopy<L>(r));
  }
  return out;
}

/**
 * Keeps a letter's first printed copy. False (nothing written) when the letter already has one: the first print
 * wins and is never replaced.
 */
export async function insertLetterCopy(db: Db, copy: Omit<LetterCopyRecord, "id">): Promise<boolean> {
  const result = await execRaw(
    db,
    `INSERT INTO letter_copies (task_id, upn, printed_on, printed_at, printed_by, how, letter, digest, history_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING`,
    [copy.taskId, copy.upn, copy.printedOn, copy.printedAt, copy.printedBy, copy.how, JSON.stringify(copy.letter), copy.digest, copy.historySeq],
  );
  return result.rowsAffected === 1;
}

export async function insertLetterSendings(db: Db, list: readonly LetterSending[]): Promise<void> {
  for (const s of list) {
    await execRaw(db, "INSERT INTO letter_sendings (task_id, upn, sent_on, sent_by, how, recorded_at) VALUES (?, ?, ?, ?, ?, ?)", [s.taskId, s.upn, s.sentOn, s.sentBy, s.how, s.recordedAt]);
  }
}

/** The sending in force (the newest) of each of these letters, by task id. */
export async function letterSendingsOf(db: Db, taskIds: readonly number[]): Promise<Map<number, LetterSending>> {
  const out = new Map<number, LetterSending>();
  for (const part of chunks([...new Set(taskIds)], 5_000)) {
    const rows = await queryRaw<[number, string, string, string, string, string]>(
      db,
      `SELECT task_id, upn, sent_on, sent_by, how, recorded_at FROM letter_sendings WHERE task_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      [JSON.stringify(part)],
    );
    for (const [taskId, upn, sentOn, sentBy, how, recordedAt] of rows) out.set(Number(taskId), { taskId: Number(taskId), upn, sentOn, sentBy, how, recordedAt });
  }
  return out;
}

/**
 * Moves these cases on by one revision each, leaving their state as it is, inside the caller's transaction (an
 * entry that records a letter printed, sent or withdrawn). Returns the UPNs written: a case no longer at the
 * revision given is left out, and the caller rolls back.
 */
export async function bumpCaseRevisions(db: Db, list: readonly { upn: string; expectedRevision: number }[], at: string): Promise<Set<string>> {
  const written = new Set<string>();
  for (const { upn, expectedRevision } of list) {
    const rows = await queryRaw<[string]>(db, "UPDATE cases SET revision = revision + 1, updated_at = ? WHERE upn = ? AND revision = ? RETURNING upn", [at, upn, expectedRevision]);
    for (const [u] of rows) written.add(u);
  }
  await bumpTally(db, "cases", { rows: 0, maxId: 0, total: written.size });
  return written;
}
