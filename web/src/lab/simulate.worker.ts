import "../zodConfig.ts";
import type { SimulationFiles } from "../../../machines/case/runSimulation.ts";
import { runChunked } from "./runChunked.ts";

export interface SimulateRequest {
  readonly runs: readonly { policy: unknown; source: string }[];
  readonly files: SimulationFiles;
}

/** Runs the policy lab's simulations off the page's thread, reporting progress as it goes. */
self.onmessage = (message: MessageEvent<SimulateRequest>) => {
  const { runs, files } = message.data;
  const outcomes = runs.map((run, i) =>
    runChunked(run.policy, run.source, files, (done, total) => self.postMessage({ type: "progress", run: i, runs: runs.length, done, total })),
  );
  self.postMessage({ type: "done", outcomes });
};
