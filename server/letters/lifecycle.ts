/**
 * A letter's life after it is raised (issue 15): printed once and kept as printed, sent (recorded apart from the
 * letter's own date), or withdrawn with a reason when its purpose has passed. Each is one transaction with its
 * history entry (server/letters/record.ts); for many letters at once, one transaction for all.
 */
import * as store from "../../db/index.ts";
import { LETTER_ENTRY_TYPES } from "../../machines/tasks/letter.ts";
import type { ServerDeps } from "../deps.ts";
import { longDate } from "../print/html.ts";
import { buildLetters, meetingHeld, mergeLetter, type LetterContent, type LetterView } from "./index.ts";
import { CaseMovedOn, WriteRefused, writeLetterEntries, type LetterEntry } from "./record.ts";

/** How a letter came to be printed: the browser's print, the HTML document, the PDF, or one of those for many letters at once. */
export type PrintHow = "print" | "document" | "pdf" | "bulk-print" | "bulk-document" | "bulk-pdf";

/**
 * The letters as printed, freezing any printed for the first time now: its merged text, date and figures kept
 * (letter_copies) with their digest in a `letterPrinted` entry of its case's history, all in one transaction.
 * Returns the letters in the order given (unknown ids left out). A case that moves on meanwhile is read again
 * (three tries); a letter another print froze meanwhile keeps that first copy.
 */
export async function printLetters(deps: ServerDeps, ids: readonly number[], how: PrintHow, actor: string): Promise<LetterView[]> {
  const orm = deps.rdb.orm;
  for (let attempt = 0; ; attempt++) {
    const copies = await store.letterCopiesOf(orm, ids);
    const fresh: { task: store.TaskRecord; content: LetterContent; digest: string }[] = [];
    for (const id of new Set(ids)) {
      if (copies.has(id)) continue;
      const task = await store.getTask(orm, id);
      if (!task || task.kind !== "letter") continue;
      const content = await mergeLetter(deps, task);
      fresh.push({ task, content, digest: store.letterDigest({ taskId: task.id, upn: task.upn, ...content }) });
    }
    if (fresh.length === 0) break;
    const expected = new Map<string, number>();
    for (const { task } of fresh) {
      if (expected.has(task.upn)) continue;
      const row = await store.getCase(orm, task.upn);
      if (row) expected.set(task.upn, row.revision);
    }
    const entries: LetterEntry[] = fresh.map(({ task, content, digest }) => ({
      upn: task.upn,
      eventType: LETTER_ENTRY_TYPES.printed,
      event: {
        taskId: task.id,
        title: content.title,
        date: content.date,
        figuresAsOf: content.figuresAsOf,
        digest,
        how,
        payload: { letter: content.title, dated: longDate(content.date), keptAs: `printed, digest ${digest}` },
      },
      reason: `Printed: ${content.title}, dated ${longDate(content.date)}; kept exactly as printed (SHA-256 ${digest.slice(0, 16)}…)`,
    }));
    try {
      const at = new Date().toISOString();
      await writeLetterEntries(deps, expected, entries, actor, async (tx, seqs) => {
        for (const [i, { task, content, digest }] of fresh.entries()) {
          const kept = await store.insertLetterCopy(tx, {
            taskId: task.id,
            upn: task.upn,
            printedOn: content.date,
            printedAt: at,
            printedBy: actor,
            how,
            letter: content,
            digest,
            historySeq: seqs[i] ?? null,
          });
          if (!kept) throw new WriteRefused(`letter ${task.id} was printed meanwhile`);
        }
      });
      break;
    } catch (e) {
      if (!(e instanceof CaseMovedOn || e instanceof WriteRefused) || attempt >= 2) throw e;
    }
  }
  const letters = await buildLetters(deps, ids);
  return [...new Set(ids)].flatMap((id) => letters.get(id) ?? []);
}

export type SendResult =
  | { status: "ok"; revisions: Record<string, number>; letters: LetterView[] }
  | { status: "not-found"; ids: number[] }
  | { status: "refused"; problems: { id: number; message: string }[] }
  | { status: "conflict"; revisions: Record<string, number> };

/** Why this letter cannot be marked sent or withdrawn now, or null. */
async function whyNot(db: store.Db, task: store.TaskRecord, doing: "send" | "withdraw"): Promise<string | null> {
  if (task.status === "cancelled") return `This letter was withdrawn and cannot be ${doing === "send" ? "sent" : "withdrawn again"}${task.outcome ? `: ${task.outcome}` : "."}`;
  if (task.status === "done") return doing === "send" ? "This letter has already been marked sent." : "This letter has already been sent, so it cannot be withdrawn.";
  if (doing === "send") {
    const held = await meetingHeld(db, task);
    if (held) return `This letter cannot be sent: ${held}. Withdraw it instead.`;
  }
  return null;
}

async function currentRevisions(db: store.Db, upns: Iterable<string>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const upn of upns) {
    const row = await store.getCase(db, upn);
    if (row) out[upn] = row.revision;
  }
  return out;
}

/**
 * Marks letters sent, all or none: each letter's task done with how it was sent, the sending (today, by whom, how)
 * recorded apart from the letter's own date, and a `letterSent` entry in each case's history, every case checked
 * against the revision given for it. Letters never printed are frozen as printed first (what was sent is kept).
 */
export async function markLettersSent(
  deps: ServerDeps,
  items: readonly { id: number; revision: number }[],
  how: string,
  actor: string,
): Promise<SendResult> {
  const orm = deps.rdb.orm;
  const tasks: store.TaskRecord[] = [];
  const missing: number[] = [];
  for (const { id } of items) {
    const task = await store.getTask(orm, id);
    if (!task || task.kind !== "letter") missing.push(id);
    else tasks.push(task);
  }
  if (missing.length) return { status: "not-found", ids: missing };
  const expected = new Map<string, number>();
  for (const [i, { revision }] of items.entries()) {
    const upn = tasks[i]!.upn;
    if (expected.has(upn) && expected.get(upn) !== revision) return { status: "conflict", revisions: await currentRevisions(orm, [upn]) };
    expected.set(upn, revision);
  }
  const problems: { id: number; message: string }[] = [];
  for (const task of tasks) {
    const why = await whyNot(orm, task, "send");
    if (why) problems.push({ id: task.id, message: why });
  }
  if (problems.length) return { status: "refused", problems };
  const now = await currentRevisions(orm, expected.keys());
  if ([...expected].some(([upn, rev]) => now[upn] !== undefined && now[upn] !== rev)) return { status: "conflict", revisions: now };

  // What was sent is kept: a letter sent without being printed here (written by hand, say) is frozen with the
  // sending, in the same transaction, so the history shows the copy and then the sending.
  const copies = await store.letterCopiesOf(orm, tasks.map((t) => t.id));
  const freeze: { task: store.TaskRecord; content: LetterContent; digest: string }[] = [];
  for (const task of tasks) {
    if (copies.has(task.id)) continue;
    const content = await mergeLetter(deps, task);
    freeze.push({ task, content, digest: store.letterDigest({ taskId: task.id, upn: task.upn, ...content }) });
  }
  const today = deps.today();
  const entries: LetterEntry[] = [
    ...freeze.map(({ task, content, digest }) => ({
      upn: task.upn,
      eventType: LETTER_ENTRY_TYPES.printed,
      event: { taskId: task.id, title: content.title, date: content.date, figuresAsOf: content.figuresAsOf, digest, how: "sent", payload: { letter: content.title, dated: longDate(content.date), keptAs: `as sent, digest ${digest}` } },
      reason: `Kept as sent: ${content.title}, dated ${longDate(content.date)} (SHA-256 ${digest.slice(0, 16)}…)`,
    })),
    ...tasks.map((t) => ({
      upn: t.upn,
      eventType: LETTER_ENTRY_TYPES.sent,
      event: { taskId: t.id, title: t.title, sentOn: today, how, payload: { text: `Letter sent: ${t.title}`, how, sentOn: longDate(today) } },
      reason: `Letter sent: ${t.title} (${how}, ${longDate(today)})`,
    })),
  ];
  try {
    await writeLetterEntries(deps, expected, entries, actor, async (tx, seqs) => {
      const at = new Date().toISOString();
      for (const [i, { task, content, digest }] of freeze.entries()) {
        const kept = await store.insertLetterCopy(tx, { taskId: task.id, upn: task.upn, printedOn: content.date, printedAt: at, printedBy: actor, how: "sent", letter: content, digest, historySeq: seqs[i] ?? null });
        if (!kept) throw new WriteRefused(`letter ${task.id} was printed meanwhile`);
      }
      for (const t of tasks) {
        if (!(await store.completeTask(tx, t.id, { outcome: how, actor, at }))) throw new WriteRefused(`letter ${t.id} is no longer open`);
      }
      await store.insertLetterSendings(
        tx,
        tasks.map((t) => ({ taskId: t.id, upn: t.upn, sentOn: today, sentBy: actor, how, recordedAt: at })),
      );
    });
  } catch (e) {
    if (e instanceof CaseMovedOn) return { status: "conflict", revisions: await currentRevisions(orm, expected.keys()) };
    if (e instanceof WriteRefused) {
      const again: { id: number; message: string }[] = [];
      for (const t of tasks) {
        const now = await store.getTask(orm, t.id);
        const why = now ? await whyNot(orm, now, "send") : "No such letter.";
        if (why) again.push({ id: t.id, message: why });
      }
      return again.length ? { status: "refused", problems: again } : { status: "conflict", revisions: await currentRevisions(orm, expected.keys()) };
    }
    throw e;
  }
  const letters = await buildLetters(deps, tasks.map((t) => t.id));
  return { status: "ok", revisions: await currentRevisions(orm, expected.keys()), letters: tasks.map((t) => letters.get(t.id)!) };
}

export type WithdrawResult =
  | { status: "ok"; revision: number | null; letter: LetterView }
  | { status: "not-found" }
  | { status: "refused"; message: string }
  | { status: "conflict"; revision: number | null };

/**
 * Withdraws a letter whose purpose has passed, with the reason: its task closed as withdrawn and a
 * `letterWithdrawn` entry in the case's history, together, against the case revision given.
 */
export async function withdrawLetter(deps: ServerDeps, id: number, revision: number, reason: string, actor: string): Promise<WithdrawResult> {
  const orm = deps.rdb.orm;
  const task = await store.getTask(orm, id);
  if (!task || task.kind !== "letter") return { status: "not-found" };
  const why = await whyNot(orm, task, "withdraw");
  if (why) return { status: "refused", message: why };
  const row = await store.getCase(orm, task.upn);
  if (row && row.revision !== revision) return { status: "conflict", revision: row.revision };
  const outcome = reason;
  try {
    await writeLetterEntries(
      deps,
      new Map([[task.upn, revision]]),
      [
        {
          upn: task.upn,
          eventType: LETTER_ENTRY_TYPES.withdrawn,
          event: { taskId: task.id, title: task.title, reason, payload: { letter: task.title, reason } },
          reason: `Letter withdrawn, not sent: ${task.title}. Reason: ${reason}`,
        },
      ],
      actor,
      async (tx) => {
        if (!(await store.cancelTask(tx, id, { actor, at: new Date().toISOString(), outcome }))) throw new WriteRefused("no longer open");
      },
    );
  } catch (e) {
    if (e instanceof CaseMovedOn) return { status: "conflict", revision: (await store.getCase(orm, task.upn))?.revision ?? null };
    if (e instanceof WriteRefused) {
      const now = (await store.getTask(orm, id))!;
      return { status: "refused", message: (await whyNot(orm, now, "withdraw")) ?? "The letter changed meanwhile; reload it." };
    }
    throw e;
  }
  const letter = (await buildLetters(deps, [id])).get(id)!;
  return { status: "ok", revision: (await store.getCase(orm, task.upn))?.revision ?? null, letter };
}
