import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lookupCode, REGISTER_CODES } from "./codes.ts";
import { computePupilSeries, metricsOnDay } from "./metrics.ts";
import { buildRegister, type RegisterMark } from "./register.ts";
import { addDays } from "./schoolDate.ts";

const UPNS = ["A123456789012", "H820100001003", "N000000000010", "P000000000001"];

/** Random registers: random codes from the table, on random days (weekends included), for random pupils. */
const registerArb = fc
  .uniqueArray(
    fc.record({
      upn: fc.constantFrom(...UPNS),
      day: fc.integer({ min: 0, max: 150 }),
      session: fc.constantFrom("AM" as const, "PM" as const),
      mark: fc.constantFrom(...REGISTER_CODES.map((c) => c.code)),
    }),
    { selector: (m) => `${m.upn}|${m.day}|${m.session}`, maxLength: 400 },
  )
  .map((list): RegisterMark[] => list.map((m) => ({ ...m, date: addDays("2024-09-02", m.day) })));

describe("register invariants (property)", () => {
  it("attended + authorised + unauthorised = possible for every pupil on every day; the % is null exactly when possible is 0", () => {
    fc.assert(
      fc.property(registerArb, (marks) => {
        const register = buildRegister(marks);
        const { calendar } = register;
        register.upns.forEach((upn, p) => {
          const series = computePupilSeries(register.marks[p]!, calendar);
          for (let d = 0; d < calendar.days.length; d++) {
            const m = metricsOnDay(series, calendar, d);
            expect(m.attendedSessions + m.authorisedAbsenceSessions + m.unauthorisedAbsenceSessions).toBe(m.possibleSessions);
            expect(m.attendancePct === null).toBe(m.possibleSessions === 0);
            if (m.attendancePct !== null) {
              expect(m.attendancePct).toBeGreaterThanOrEqual(0);
              expect(m.attendancePct).toBeLessThanOrEqual(100);
            }
            // The same figure counted directly from the marks on or before this day.
            const possible = marks.filter(
              (x) => x.upn === upn && x.date <= calendar.days[d]! && lookupCode(x.mark)!.countsAsPossible,
            ).length;
            expect(m.possibleSessions).toBe(possible);
            expect(m.persistentAbsence).toBe(possible > 0 && (possible - m.attendedSessions) / possible >= 0.1);
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
