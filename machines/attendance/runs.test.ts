import { describe, expect, it } from "vitest";
import { dailyMetrics, repeat, weekdaysBetween } from "../../test/support/dayTokens.ts";

// Autumn 2024 school days, half-term 28 Oct - 1 Nov.
const days = weekdaysBetween("2024-09-02", "2024-12-20", [["2024-10-28", "2024-11-01"]]);

/** Figures as of each of the first tokens' days. */
function run(tokens: string) {
  return dailyMetrics(days, tokens).byDay;
}

describe("runs of days", () => {
  it("counts consecutive school days on which every possible session was unauthorised", () => {
    const byDay = run("/ O O G,N / U O,/ O");
    expect(byDay.slice(0, 8).map((m) => m.consecutiveUnauthorisedDays)).toEqual([0, 1, 2, 3, 0, 1, 0, 1]);
  });

  it("is neither broken nor extended by a day with no possible session for the pupil", () => {
    const byDay = run("O O X - O");
    expect(byDay.slice(0, 5).map((m) => m.consecutiveUnauthorisedDays)).toEqual([1, 2, 2, 2, 3]);
    // A half-day of X with the other session unauthorised still extends the run.
    expect(run("O X,O").slice(0, 2).map((m) => m.consecutiveUnauthorisedDays)).toEqual([1, 2]);
  });

  it("runs across weekends and half-term, which are not school days", () => {
    const half = days.indexOf("2024-10-23");
    const byDay = run(`${repeat("/", half)} O O O O`); // Wed 23 Oct .. Tue 5 Nov
    expect(byDay[days.indexOf("2024-11-05")]!.consecutiveUnauthorisedDays).toBe(4);
  });

  it("counts continuous absence of any kind, broken by attendance", () => {
    const byDay = run("I M,O C G / L O");
    expect(byDay.slice(0, 7).map((m) => m.continuousAbsenceDays)).toEqual([1, 2, 3, 4, 0, 0, 1]);
    expect(byDay.slice(0, 7).map((m) => m.consecutiveUnauthorisedDays)).toEqual([0, 0, 0, 1, 0, 0, 1]);
  });

  it("counts an illness spell only on whole days of I", () => {
    const byDay = run("I I I I,/ I I M I");
    expect(byDay.slice(0, 8).map((m) => m.illnessSpellDays)).toEqual([1, 2, 3, 0, 1, 2, 0, 1]);
    expect(byDay[7]!.illnessSessions).toBe(13);
  });

  it("flags N once its 5 school days to be resolved are over", () => {
    // N on Monday 9 Sep (both sessions). Resolve by Monday 16 Sep: Tue, Wed, Thu, Fri, Mon are the 5 school days.
    const byDay = run(`/ / / / / N ${repeat("/", 10)}`);
    const on = (date: string) => byDay[days.indexOf(date)]!.unresolvedNOlderThan5SchoolDays;
    expect(on("2024-09-09")).toBe(0);
    expect(on("2024-09-13")).toBe(0); // 4 school days old
    expect(on("2024-09-16")).toBe(2); // 5 school days old
    expect(on("2024-09-20")).toBe(2);
  });

  it("counts the 5 school days for an N over half-term", () => {
    // N on the PM of Wednesday 23 Oct; 5 school days later is Wednesday 6 Nov (Thu, Fri, Mon, Tue, Wed).
    const wed = days.indexOf("2024-10-23");
    const byDay = run(`${repeat("/", wed)} /,N ${repeat("/", 10)}`);
    expect(byDay[days.indexOf("2024-11-05")]!.unresolvedNOlderThan5SchoolDays).toBe(0);
    expect(byDay[days.indexOf("2024-11-06")]!.unresolvedNOlderThan5SchoolDays).toBe(1);
  });

  it("counts L as late but present, and U as late after the register closed: unauthorised absence", () => {
    const byDay = run("L,\\ /,U U L");
    const m = byDay[3]!;
    expect(m.lateBeforeRegisterClosedSessions).toBe(3);
    expect(m.lateAfterRegisterClosedSessions).toBe(3);
    expect(m.attendedSessions).toBe(5);
    expect(m.unauthorisedAbsenceSessions).toBe(3);
    expect(m.unauthorisedSessionsLast10SchoolWeeks).toBe(3);
    expect(m.consecutiveUnauthorisedDays).toBe(0);
    expect(byDay[2]!.consecutiveUnauthorisedDays).toBe(1); // the U day itself
  });
});
