import { describe, expect, it } from "vitest";
import { buildRegister } from "../attendance/register.ts";
import { generateCohort } from "../cohort/generateCohort.ts";
import { classRegister, halfTerms } from "./classAttendance.ts";
import { perfectDays, prizeDraw } from "./prizeDraw.ts";

const entries = Array.from({ length: 12 }, (_, i) => ({ class: `${1 + (i % 4)}A`, date: `2024-10-${String(1 + i).padStart(2, "0")}` }));

describe("the half-termly prize draw", () => {
  it("gives the same winner for the same entries and seed, whatever order the entries come in", () => {
    const a = prizeDraw(entries, 42);
    const b = prizeDraw([...entries].reverse(), 42);
    expect(b).toEqual(a);
    expect(a.tickets).toBe(12);
  });

  it("is fair: over many seeds every ticket wins about equally often", () => {
    const wins = new Map<string, number>();
    for (let seed = 1; seed <= 6000; seed++) {
      const w = prizeDraw(entries, seed).winner!;
      wins.set(w.date, (wins.get(w.date) ?? 0) + 1);
    }
    expect(wins.size).toBe(12);
    for (const n of wins.values()) expect(Math.abs(n - 500)).toBeLessThan(120);
  });

  it("has no winner without tickets", () => {
    expect(prizeDraw([], 1)).toEqual({ seed: 1, tickets: 0, winner: null });
  });

  it("draws from the class-days of 100% attendance in the half term", () => {
    const cohort = generateCohort({ seed: 9, pupils: 60, startYear: 2024, yearGroups: ["3"] });
    const register = buildRegister(cohort.marks, cohort.calendar);
    const cr = classRegister(register, cohort.pupils);
    const first = halfTerms(register.calendar)[0]!;
    const tickets = perfectDays(cr, first);
    for (const t of tickets) expect(t.date >= register.calendar.days[first.from]! && t.date <= register.calendar.days[first.to]!).toBe(true);
    const draw = prizeDraw(tickets, 2024);
    if (tickets.length > 0) expect(tickets).toContainEqual(draw.winner);
  });
});
