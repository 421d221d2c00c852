/**
 * Imports off the request loop: the marks and pupils files posted to the API are imported in a worker thread
 * (server/imports/worker.ts) with its own connection to the database file, so the server's thread only reads the
 * body and hands the database's writer to the worker's transactions in turn; reads (a health check, a case, the
 * caseload) go on being served while a school year imports. Giving the loop back between pieces of work
 * (db/eventLoop.ts) still holds in the worker, where nothing waits for it, and in the server's thread for the
 * work that stays there (start-up's catch-up, an import of a database the worker cannot open: below).
 *
 * One worker per database, started on the first import and kept (it holds the compiled policies), ended when
 * the database closes. A database in memory (one connection, nobody else can open it) or on a libSQL server (no
 * file to share) is imported in this thread as before, and so is everything when `ROLLCALL_IMPORT_WORKER=0`.
 *
 * Writes stay as they were: each of the worker's transactions asks for the writer (db/tx.ts `setWriteGate`);
 * here the request joins the database's write queue like any other writer, and the worker is told to go once it
 * is its turn; the queue moves on when the worker says its transaction has ended. The caches of this thread
 * (db/readCache.ts) see the worker's commits: its turn in the queue counts as a write, and SQLite's data version
 * moves with another connection's commits. If the worker dies (a kill point, a crash), any turn it held is given
 * back, its imports fail, and the next import starts a new worker.
 */
import { performance as loopPerformance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { filePathOfUrl } from "../../db/client.ts";
import type { RollcallDb } from "../../db/index.ts";
import { writeStatement } from "../../db/tx.ts";
import type { ServerDeps } from "../deps.ts";
import { importMarks, importPupils, type ImportResult } from "./importFiles.ts";
import type { FromWorker, ImportWorkerData, ToWorker } from "./worker.ts";

interface Pending {
  resolve(result: ImportResult): void;
  reject(error: Error): void;
}

interface ImportWorker {
  readonly worker: Worker;
  /** Settles when the worker has opened the database (rejects if it stops first). */
  readonly ready: Promise<void>;
  readonly pending: Map<number, Pending>;
  /** Turns of the writer the worker holds, by its lock number: each gives the turn back. */
  readonly held: Map<number, () => void>;
  /** Tells the worker whether this thread's loop is busy, while imports run (`busyWatch`). */
  readonly busy: { start(): void; stop(): void };
  nextId: number;
  /** The worker's checkpoints of the WAL so far (`WorkerCheckpoints`). */
  readonly checkpoints: WorkerCheckpoints;
}

/** What the worker's checkpoints have done: how many ran, and the last one's WAL frames and frames copied. */
export interface WorkerCheckpoints {
  count: number;
  last?: { frames: number; copied: number };
}

/**
 * The WAL's size in pages at which the server's own commits checkpoint it when its import worker runs from the
 * start (`importWorkerAtStart`). The worker checkpoints every 100 ms while it imports and every second
 * otherwise, after handing the writer back and off the request loop (server/imports/worker.ts); this is only a
 * bound (about 32 MB) should it stop doing so. SQLite's default, 1,000 pages, made the server's commits
 * checkpoint on the request loop whenever the worker's had not yet.
 */
export const WAL_PAGES_WHEN_THE_WORKER_CHECKPOINTS = 8_000;

const workers = new WeakMap<RollcallDb, ImportWorker>();

/** True when imports into `rdb` run in the worker: a database file, and not switched off. */
export function importsOffLoop(rdb: RollcallDb): boolean {
  return importsOffLoopAt(rdb.url);
}

/** `importsOffLoop` for the database at `url`, before it is opened. */
export function importsOffLoopAt(url: string): boolean {
  return process.env.ROLLCALL_IMPORT_WORKER !== "0" && url.startsWith("file:") && filePathOfUrl(url) !== undefined;
}

/** The checkpoints of `rdb`'s import worker so far, or undefined when it has none running (for tests). */
export function workerCheckpoints(rdb: RollcallDb): Readonly<WorkerCheckpoints> | undefined {
  return workers.get(rdb)?.checkpoints;
}

/**
 * Starts the import worker of the server's database now (a server started with `importWorkerAtStart`), so the
 * first import does not wait for it (about a second: tsx compiles its modules, it opens the database and
 * compiles the policies). Settles when it is ready; nothing happens when imports do not run in a worker.
 */
export function startImportWorker(deps: ServerDeps): Promise<void> {
  if (!importsOffLoop(deps.rdb)) return Promise.resolve();
  return workerFor(deps).ready;
}

/** True when `rdb` has an import worker started (for tests: an import posted to the API ran in it). */
export function hasImportWorker(rdb: RollcallDb): boolean {
  return workers.has(rdb);
}

/**
 * The request's body as it arrived, each piece copied out of the HTTP parser's buffers (so it can be handed
 * to the worker without copying the whole file again in one go).
 */
export async function bodyChunks(request: Request): Promise<Uint8Array[]> {
  if (!request.body || request.bodyUsed) return [new TextEncoder().encode(await request.text())];
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value.slice());
  }
  return chunks;
}

/** The text of `chunks` as `Request.text()` reads it: UTF-8, a byte-order mark dropped. */
function decode(chunks: readonly Uint8Array[]): string {
  const decoder = new TextDecoder("utf-8");
  const parts = chunks.map((chunk) => decoder.decode(chunk, { stream: true }));
  parts.push(decoder.decode());
  return parts.join("");
}

/** Imports a marks file posted in `request` (see `importMarks`), in the worker when the database allows. */
export async function importMarksOffLoop(deps: ServerDeps, request: Request, fileName: string, actor: string): Promise<ImportResult> {
  // The worker starts (the first time) while the body arrives.
  if (importsOffLoop(deps.rdb)) workerFor(deps);
  const chunks = await bodyChunks(request);
  if (!importsOffLoop(deps.rdb)) return importMarks(deps, decode(chunks), fileName, actor);
  return inWorker(deps, "marks", chunks, fileName, actor);
}

/** Imports a pupils file posted in `request` (see `importPupils`), in the worker when the database allows. */
export async function importPupilsOffLoop(deps: ServerDeps, request: Request, fileName: string, actor: string): Promise<ImportResult> {
  if (importsOffLoop(deps.rdb)) workerFor(deps);
  const chunks = await bodyChunks(request);
  if (!importsOffLoop(deps.rdb)) return importPupils(deps, decode(chunks), fileName, actor);
  return inWorker(deps, "pupils", chunks, fileName, actor);
}

/** Runs one import in the database's worker (started if need be). */
export function inWorker(deps: ServerDeps, kind: "marks" | "pupils", chunks: Uint8Array[], fileName: string, actor: string): Promise<ImportResult> {
  const w = workerFor(deps);
  const id = ++w.nextId;
  return new Promise<ImportResult>((resolve, reject) => {
    w.pending.set(id, { resolve, reject });
    // Referenced while an import runs (a caller awaiting it keeps the process alive); not while idle.
    w.worker.ref();
    w.busy.start();
    const message: ToWorker = { type: "import", id, kind, chunks, fileName, actor, today: deps.today() };
    w.worker.postMessage(message, chunks.map((c) => c.buffer as ArrayBuffer));
  });
}

/** How often, and above what share of the time, this thread's loop counts as busy for the import worker. */
const BUSY_EVERY_MS = 10;
const BUSY_ABOVE = 0.5;

/**
 * While imports run, every BUSY_EVERY_MS: was this thread's loop busy more than BUSY_ABOVE of the time since the
 * last look (`performance.eventLoopUtilization`)? The answer goes into `flag` for the worker, which then pauses a
 * little each time it gives way (server/imports/worker.ts), leaving a core to the reads: on a machine of two
 * cores the worker, the request loop and the clients otherwise share them evenly, and the reads queue.
 */
function busyWatch(flag: Int32Array): { start(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    start() {
      if (timer) return;
      let last = loopPerformance.eventLoopUtilization();
      timer = setInterval(() => {
        const now = loopPerformance.eventLoopUtilization();
        Atomics.store(flag, 0, loopPerformance.eventLoopUtilization(now, last).utilization > BUSY_ABOVE ? 1 : 0);
        last = now;
      }, BUSY_EVERY_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      Atomics.store(flag, 0, 0);
    },
  };
}

function workerFor(deps: ServerDeps): ImportWorker {
  const rdb = deps.rdb;
  const existing = workers.get(rdb);
  if (existing) return existing;
  // The worker loads TypeScript as the server does (tsx): workerBoot.mjs imports worker.ts through tsx's API.
  const serverBusy = new SharedArrayBuffer(4);
  const data: ImportWorkerData = { entry: new URL("./worker.ts", import.meta.url).href, url: rdb.url, schoolPolicyId: deps.schoolPolicyId, serverBusy };
  // Not the parent's flags (`--import` of a TypeScript file would fail in a worker before workerBoot.mjs runs).
  const worker = new Worker(new URL("./workerBoot.mjs", import.meta.url), { workerData: data, execArgv: [] });
  worker.unref();
  let isReady: () => void = () => {};
  let notReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    isReady = resolve;
    notReady = reject;
  });
  // Nobody may be waiting for it: a worker that stops is reported to its imports.
  ready.catch(() => undefined);
  const w: ImportWorker = { worker, ready, pending: new Map(), held: new Map(), nextId: 0, busy: busyWatch(new Int32Array(serverBusy)), checkpoints: { count: 0 } };
  workers.set(rdb, w);

  const settle = (id: number) => {
    const p = w.pending.get(id);
    w.pending.delete(id);
    if (w.pending.size === 0) {
      worker.unref();
      w.busy.stop();
    }
    return p;
  };
  worker.on("message", (message: FromWorker) => {
    switch (message.type) {
      case "lock":
        // The worker's transaction waits its turn with this thread's writers; the turn ends when it says so.
        void writeStatement(
          rdb.orm,
          () =>
            new Promise<void>((release) => {
              w.held.set(message.lock, release);
              worker.postMessage({ type: "granted", lock: message.lock } satisfies ToWorker);
            }),
        );
        return;
      case "unlock":
        w.held.get(message.lock)?.();
        w.held.delete(message.lock);
        return;
      case "done":
        settle(message.id)?.resolve(message.result);
        return;
      case "failed": {
        const error = Object.assign(new Error(message.message), message.code ? { code: message.code } : {});
        settle(message.id)?.reject(error);
        return;
      }
      case "ready":
        isReady();
        return;
      case "checkpointed":
        w.checkpoints.count++;
        w.checkpoints.last = { frames: message.frames, copied: message.copied };
        return;
    }
  });
  const gone = (why: Error) => {
    notReady(why);
    if (workers.get(rdb) === w) workers.delete(rdb);
    for (const release of w.held.values()) release();
    w.held.clear();
    for (const id of [...w.pending.keys()]) settle(id)?.reject(why);
  };
  worker.on("error", (error) => gone(error instanceof Error ? error : new Error(String(error))));
  worker.on("exit", (code) => gone(new Error(`the import worker stopped (exit code ${code})`)));

  // The worker ends before the database closes.
  const close = rdb.close.bind(rdb);
  rdb.close = async () => {
    rdb.close = close;
    if (workers.get(rdb) === w) {
      workers.delete(rdb);
      await worker.terminate();
    }
    await close();
  };
  return w;
}
