import { describe, expect, it } from "vitest";
import { computePupilSeries } from "../attendance/metrics.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { PRESETS } from "../presets/index.ts";
import { PRESENT, patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import { everyDay } from "../gates/compulsorySchoolAge.ts";
import { caseMetricsOnDay } from "./dayMetrics.ts";
import { openCase, restoreCase, statePath, stepCase, storeCase, type CaseSnapshot } from "./stepCase.ts";
import type { CasePupil } from "./types.ts";

const DAYS = weekdays("2024-09-02", 80);
const PUPIL: CasePupil = { upn: "A", yearGroup: "5", socialWorker: true, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false };

describe("a persisted case", () => {
  it("stepped after a JSON round trip every day ends exactly where the live case ends", () => {
    const compiled = compilePolicy(PRESETS["all-saints"]!);
    const register = patternRegister(DAYS, { A: (d) => (d % 4 === 0 ? ["O", "O"] : d % 7 === 0 ? ["I", "I"] : PRESENT) });
    const marks = register.marks[0]!;
    const series = computePupilSeries(marks, register.calendar);
    const opened = { date: DAYS[0]!, dayIndex: -1, attendancePct: null, possibleSessions: 0, attendedSessions: 0 };
    let live: CaseSnapshot = openCase(compiled, { upn: "A", pupil: PUPIL, openedOn: opened });
    let stored = JSON.stringify(storeCase(live));
    const liveTasks: unknown[] = [];
    const storedTasks: unknown[] = [];
    for (let d = 0; d < DAYS.length; d++) {
      const event = { type: "schoolDayClosed" as const, date: DAYS[d]!, dayIndex: d, metrics: caseMetricsOnDay(series, marks, register.calendar, d, compiled.windows, everyDay(register.calendar)) };
      const a = stepCase(compiled, live, event);
      live = a.snapshot;
      liveTasks.push(...a.tasks);
      const b = stepCase(compiled, restoreCase(compiled, JSON.parse(stored)), JSON.parse(JSON.stringify(event)));
      stored = JSON.stringify(storeCase(b.snapshot));
      storedTasks.push(...b.tasks);
    }
    expect(statePath(live)).not.toBe("expect");
    expect(JSON.parse(stored)).toEqual(JSON.parse(JSON.stringify(storeCase(live))));
    expect(storedTasks).toEqual(liveTasks);
    expect(liveTasks.length).toBeGreaterThan(5);
  });
});
