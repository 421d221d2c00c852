import { describe, expect, it } from "vitest";
import { finalMetrics, repeat, weekdaysBetween } from "../../test/support/dayTokens.ts";

const days = weekdaysBetween("2024-09-02", "2024-12-20", [["2024-10-28", "2024-11-01"]]);

describe("persistent and severe absence", () => {
  it("exactly 10% absence is persistent absence (attendance 90%)", () => {
    // 50 days = 100 sessions, 10 absent.
    const m = finalMetrics(days, `${repeat("O", 4)} I ${repeat("/", 45)}`);
    expect([m.possibleSessions, m.authorisedAbsenceSessions + m.unauthorisedAbsenceSessions]).toEqual([100, 10]);
    expect(m.attendancePct).toBe(90);
    expect(m.persistentAbsence).toBe(true);
    expect(m.severeAbsence).toBe(false);
  });

  it("just under 10% is not", () => {
    // 51 days = 102 sessions, one of them X (not counted): 10 absent of 101 possible = 9.90%.
    const m = finalMetrics(days, `${repeat("O", 5)} X,/ ${repeat("/", 45)}`);
    expect([m.possibleSessions, m.unauthorisedAbsenceSessions]).toEqual([101, 10]);
    expect(m.attendancePct).toBeCloseTo(90.099, 3);
    expect(m.persistentAbsence).toBe(false);
    // And 9 of 100:
    expect(finalMetrics(days, `${repeat("O", 4)} O,/ ${repeat("/", 45)}`).persistentAbsence).toBe(false);
  });

  it("exactly 50% absence is severe absence, and persistent too", () => {
    const m = finalMetrics(days, `${repeat("I", 5)} ${repeat("/", 5)}`);
    expect(m.attendancePct).toBe(50);
    expect(m.severeAbsence).toBe(true);
    expect(m.persistentAbsence).toBe(true);
  });

  it("just under 50% is not severe", () => {
    // 9 absent of 19 possible (one session Y1, not counted) = 47.4%.
    const m = finalMetrics(days, `${repeat("G", 4)} G,Y1 ${repeat("/", 5)}`);
    expect([m.possibleSessions, m.unauthorisedAbsenceSessions]).toEqual([19, 9]);
    expect(m.severeAbsence).toBe(false);
    expect(m.persistentAbsence).toBe(true);
  });

  it("no possible sessions: no percentage (null, not 0 or 100) and neither flag", () => {
    for (const tokens of [repeat("X", 10), repeat("#", 3), "-"]) {
      const m = finalMetrics(days, tokens);
      expect(m.possibleSessions).toBe(0);
      expect(m.attendancePct).toBeNull();
      expect(m.persistentAbsence).toBe(false);
      expect(m.severeAbsence).toBe(false);
    }
  });

  it("counts the pupil's own possible sessions, not the school's", () => {
    // Joined part-way: unmarked (not on roll) for 20 days, then 10 days with 1 absent session of 20 (5%).
    const m = finalMetrics(days, `${repeat("-", 20)} O,/ ${repeat("/", 9)}`);
    expect(m.possibleSessions).toBe(20);
    expect(m.attendancePct).toBe(95);
    expect(m.persistentAbsence).toBe(false);
  });
});
