// Starts the import worker (server/imports/worker.ts) in a worker thread, loading TypeScript as the server does
// (tsx), whatever the parent process was started with (tsx, vitest).
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.entry, import.meta.url);
