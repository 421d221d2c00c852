/**
 * The import worker: a `node:worker_threads` thread that runs the marks and pupils imports (parsing, checks,
 * the register work, every case stepped through the new days, the history entries made and sealed) on a
 * connection of its own to the same database file, so the server's request loop stays free for reads while a
 * school year imports (server/imports/offLoop.ts starts it and talks to it).
 *
 * It runs exactly the code an import runs in the server's own thread (`importMarks`, `importPupils`): the same
 * transactions, the same kill points, the same checks. What changes is who may write when: every write
 * transaction of this thread first asks the server's thread for the database's writer (`setWriteGate`,
 * db/tx.ts) and gives it back after its commit, so the server's writers (a case read's access-log row, a person
 * recording an event) and the import's transactions take turns in one queue, as they did in one thread.
 *
 * Messages in: `{ type: "import", id, kind, chunks, fileName, actor, today }` and `{ type: "granted", lock }`.
 * Messages out: `{ type: "lock", lock }`, `{ type: "unlock", lock }`, `{ type: "done", id, result }` and
 * `{ type: "failed", id, message, code }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as store from "../../db/index.ts";
import { setGiveWayPause } from "../../db/eventLoop.ts";
import { setWriteGate } from "../../db/tx.ts";
import { LoginThrottle } from "../auth/throttle.ts";
import { CaseService, PolicyCache } from "../cases/service.ts";
import type { ServerDeps } from "../deps.ts";
import { importMarks, importPupils, type ImportResult } from "./importFiles.ts";

export interface ImportWorkerData {
  /** This module's URL, for workerBoot.mjs. */
  readonly entry: string;
  readonly url: string;
  readonly schoolPolicyId: string;
  /** One Int32: 1 while the server's request loop is busy (server/imports/offLoop.ts), 0 otherwise. */
  readonly serverBusy: SharedArrayBuffer;
}

export type ToWorker =
  | { type: "import"; id: number; kind: "marks" | "pupils"; chunks: Uint8Array[]; fileName: string; actor: string; today: string }
  | { type: "granted"; lock: number };

export type FromWorker =
  | { type: "ready" }
  | { type: "lock"; lock: number }
  | { type: "unlock"; lock: number }
  | { type: "done"; id: number; result: ImportResult }
  | { type: "failed"; id: number; message: string; code?: string }
  | { type: "checkpointed"; frames: number; copied: number };

/** The pause each time the import gives way while the server is busy: about a third of its time, slices being 8 ms. */
const PAUSE_WHILE_SERVER_BUSY_MS = 4;

const port = parentPort;
if (!port) throw new Error("server/imports/worker.ts runs as a worker thread (server/imports/offLoop.ts)");
const data = workerData as ImportWorkerData;
const post = (message: FromWorker) => port.postMessage(message);

// Every write of this thread waits for the server's writer first.
const waitingLocks = new Map<number, () => void>();
let nextLock = 0;
setWriteGate(
  () =>
    new Promise((resolve) => {
      const lock = ++nextLock;
      waitingLocks.set(lock, () =>
        resolve(() => {
          post({ type: "unlock", lock });
          checkpointSoon();
        }),
      );
      post({ type: "lock", lock });
    }),
);

// While the server's request loop is busy, the import pauses each time it gives way (between pieces of work,
// never inside a transaction), leaving a core to the reads.
const serverBusy = new Int32Array(data.serverBusy);
setGiveWayPause(() => (Atomics.load(serverBusy, 0) === 1 ? PAUSE_WHILE_SERVER_BUSY_MS : 0));

// This thread's commits never checkpoint the WAL themselves: SQLite would do it inside the COMMIT that takes the
// WAL past 1,000 pages, while every writer of the server (a case read's access-log row) waits for the turn to end.
// It checkpoints after handing the writer back, at most every CHECKPOINT_EVERY_MS while it imports, and every
// CHECKPOINT_IDLE_MS otherwise (the server's own writes: a server whose worker runs from the start leaves them
// to it, WAL_PAGES_WHEN_THE_WORKER_CHECKPOINTS in offLoop.ts). A passive checkpoint takes no writer's lock: it
// copies what no reader still needs and syncs, off the request loop.
const CHECKPOINT_EVERY_MS = 100;
const CHECKPOINT_IDLE_MS = 1_000;
let lastCheckpoint = 0;
let checkpointing = false;
// Unset while the database opens (opening may write: a turn ends before it is open).
let opened: store.RollcallDb | undefined;
function checkpointSoon(): void {
  const db = opened;
  if (!db || checkpointing || performance.now() - lastCheckpoint < CHECKPOINT_EVERY_MS) return;
  checkpointing = true;
  setImmediate(() => {
    db.client
      .execute("PRAGMA wal_checkpoint(PASSIVE)")
      .then((result) => {
        // busy, WAL frames, frames copied (libSQL's rows are array-like, not iterable).
        const row = result.rows[0];
        if (row) post({ type: "checkpointed", frames: Number(row[1]), copied: Number(row[2]) });
      })
      .catch(() => undefined) // closing: the next turn or tick tries again, and the server's commits still would
      .finally(() => {
        lastCheckpoint = performance.now();
        checkpointing = false;
      });
  });
}
const rdb = await store.openDatabase({ url: data.url, walAutoCheckpoint: 0 });
opened = rdb;
setInterval(checkpointSoon, CHECKPOINT_IDLE_MS).unref();
let today = "";
const policies = new PolicyCache(rdb);
const deps: ServerDeps = {
  rdb,
  policies,
  schoolPolicyId: data.schoolPolicyId,
  cases: new CaseService({ rdb, policies, schoolPolicyId: data.schoolPolicyId, today: () => today }),
  today: () => today,
  // Not used by an import.
  sessionTtlMs: 0,
  secureCookies: false,
  loginThrottle: new LoginThrottle(),
  allowedOrigins: [],
};

/** The body's bytes as text, as `Request.text()` reads them: UTF-8, a byte-order mark dropped. */
function decode(chunks: readonly Uint8Array[]): string {
  const decoder = new TextDecoder("utf-8");
  const parts = chunks.map((chunk) => decoder.decode(chunk, { stream: true }));
  parts.push(decoder.decode());
  return parts.join("");
}

port.on("message", (message: ToWorker) => {
  if (message.type === "granted") {
    const grant = waitingLocks.get(message.lock);
    waitingLocks.delete(message.lock);
    grant?.();
    return;
  }
  const { id, kind, chunks, fileName, actor } = message;
  today = message.today;
  const text = decode(chunks);
  (kind === "marks" ? importMarks(deps, text, fileName, actor) : importPupils(deps, text, fileName, actor)).then(
    (result) => post({ type: "done", id, result }),
    (error: unknown) => {
      const e = store.unwrapQueryError(error) as { message?: unknown; code?: unknown };
      post({ type: "failed", id, message: String(e?.message ?? error), ...(typeof e?.code === "string" ? { code: e.code } : {}) });
    },
  );
});
post({ type: "ready" });
