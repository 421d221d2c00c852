/**
 * How the engine's cost grows with pupils and with school days (no database): `npx tsx bench/scaling.ts`.
 * Medians of 5 runs after a warm-up; the figures in docs/performance.md come from here.
 */
import { median } from "./report.ts";
import { resultCounts, runEngine, runScan, simulationSubject } from "./simulate.ts";

function measure(pupils: number, days: number | undefined) {
  const subject = simulationSubject({ seed: 2024, pupils, days });
  const counts = resultCounts(runEngine(subject));
  const engine: number[] = [];
  const scan: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    runEngine(subject);
    engine.push(performance.now() - t);
    t = performance.now();
    runScan(subject.register, subject.compiled.windows);
    scan.push(performance.now() - t);
  }
  const dayCount = subject.register.calendar.days.length;
  return { engine: median(engine), scan: median(scan), perPupilDayUs: (1000 * median(engine)) / (pupils * dayCount), ...counts };
}

console.log("pupils  days  engine ms  scan ms  µs per pupil-day  transitions  tasks");
for (const [pupils, days] of [
  [500, undefined],
  [1500, undefined],
  [5000, undefined],
  [20000, undefined],
  [1500, 40],
  [1500, 95],
] as const) {
  const m = measure(pupils, days);
  console.log(
    `${String(pupils).padStart(6)}  ${String(days ?? 190).padStart(4)}  ${m.engine.toFixed(0).padStart(9)}  ${m.scan.toFixed(1).padStart(7)}  ${m.perPupilDayUs.toFixed(2).padStart(16)}  ${String(m.transitions).padStart(11)}  ${String(m.tasks).padStart(5)}`,
  );
}
