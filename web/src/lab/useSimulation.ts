import { useCallback, useRef, useState } from "react";
import type { SimulationFiles } from "../../../machines/case/runSimulation.ts";
import { type LabOutcome, runChunked } from "./runChunked.ts";

export interface Progress {
  readonly run: number;
  readonly runs: number;
  readonly done: number;
  readonly total: number;
}

/** Runs simulations in a Web Worker (or, where there is none, on the page with pauses to draw progress). */
export function useSimulation() {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const worker = useRef<Worker | null>(null);

  const run = useCallback(async (runs: { policy: unknown; source: string }[], files: SimulationFiles): Promise<LabOutcome[]> => {
    setRunning(true);
    setProgress({ run: 0, runs: runs.length, done: 0, total: 0 });
    try {
      if (typeof Worker !== "undefined") {
        worker.current?.terminate();
        const w = new Worker(new URL("./simulate.worker.ts", import.meta.url), { type: "module" });
        worker.current = w;
        return await new Promise<LabOutcome[]>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<{ type: "progress"; run: number; runs: number; done: number; total: number } | { type: "done"; outcomes: LabOutcome[] }>) => {
            if (e.data.type === "progress") setProgress(e.data);
            else {
              resolve(e.data.outcomes);
              w.terminate();
            }
          };
          w.onerror = (e) => {
            reject(new Error(e.message || "The simulation stopped unexpectedly."));
            w.terminate();
          };
          w.postMessage({ runs, files });
        });
      }
      const out: LabOutcome[] = [];
      for (let i = 0; i < runs.length; i++) {
        await new Promise((r) => setTimeout(r, 0));
        out.push(runChunked(runs[i]!.policy, runs[i]!.source, files, (done, total) => setProgress({ run: i, runs: runs.length, done, total })));
      }
      return out;
    } finally {
      setRunning(false);
    }
  }, []);

  return { run, progress, running };
}
