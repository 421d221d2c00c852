import { describe, expect, it } from "vitest";
import { computePupilSeries, metricsOnDay } from "../attendance/metrics.ts";
import { generateCohort } from "../cohort/generateCohort.ts";
import { buildRegister } from "../attendance/register.ts";
import { classFigures, classOf, classRegister, halfTerms, weekRange } from "./classAttendance.ts";
import { weeklyCelebration } from "./weeklyCelebration.ts";

const cohort = generateCohort({ seed: 5, pupils: 120, startYear: 2024 });
const register = buildRegister(cohort.marks, cohort.calendar);
const cr = classRegister(register, cohort.pupils);

describe("class attendance", () => {
  it("is the sum of its pupils' own figures, over the whole year", () => {
    const last = register.calendar.days.length - 1;
    const figures = classFigures(cr, { from: 0, to: last });
    for (const c of figures) {
      const members = cohort.pupils.filter((p) => classOf(p) === c.class && register.pupilIndex.has(p.upn));
      const sums = members
        .map((p) => metricsOnDay(computePupilSeries(register.marks[register.pupilIndex.get(p.upn)!]!, register.calendar), register.calendar, last))
        .filter((m) => m.possibleSessions > 0)
        .reduce((acc, m) => ({ possible: acc.possible + m.possibleSessions, attended: acc.attended + m.attendedSessions }), { possible: 0, attended: 0 });
      expect(c.possibleSessions).toBe(sums.possible);
      expect(c.attendedSessions).toBe(sums.attended);
      expect(c.attendancePct).toBeCloseTo((sums.attended / sums.possible) * 100, 10);
    }
    expect(figures.length).toBeGreaterThan(3);
  });

  it("over a week equals the day-by-day sums of that week", () => {
    const range = weekRange(register.calendar, 10);
    const week = classFigures(cr, range);
    const days = Array.from({ length: range.to - range.from + 1 }, (_, i) => classFigures(cr, { from: range.from + i, to: range.from + i }));
    for (const c of week) {
      expect(days.reduce((n, d) => n + d.find((x) => x.class === c.class)!.attendedSessions, 0)).toBe(c.attendedSessions);
    }
  });

  it("leaves an excluded pupil out of the celebration figures only", () => {
    const range = { from: 0, to: register.calendar.days.length - 1 };
    const pupil = cohort.pupils.find((p) => register.pupilIndex.has(p.upn))!;
    const withAll = classFigures(cr, range).find((c) => c.class === classOf(pupil))!;
    const without = classFigures(cr, range, new Set([pupil.upn])).find((c) => c.class === classOf(pupil))!;
    expect(without.pupils).toBe(withAll.pupils - 1);
    expect(without.possibleSessions).toBeLessThan(withAll.possibleSessions);
  });

  it("splits the year into six half terms", () => {
    expect(halfTerms(register.calendar)).toHaveLength(6);
  });

  it("ranks the week's classes, names those at or above target and the winner", () => {
    const w = weeklyCelebration(cr, 5, 96);
    const pcts = w.ranking.map((c) => c.attendancePct!);
    expect(pcts).toEqual([...pcts].sort((a, b) => b - a));
    expect(w.winners).toContain(w.ranking[0]!.class);
    expect(w.atOrAboveTarget.every((name) => w.ranking.find((c) => c.class === name)!.attendancePct! >= 96)).toBe(true);
    expect(w.ranking.filter((c) => c.attendancePct! >= 96).length).toBe(w.atOrAboveTarget.length);
  });
});
