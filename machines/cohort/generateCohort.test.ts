import { describe, expect, it } from "vitest";
import { codeIndex } from "../attendance/codes.ts";
import { buildRegister } from "../attendance/register.ts";
import { toEpochDay } from "../attendance/schoolDate.ts";
import { isValidUpn } from "../attendance/upn.ts";
import { cohortMarkRows, generateCohort, generateCompactCohort, generateRegister } from "./generateCohort.ts";
import { measureCohort } from "./measure.ts";

function sameMarks(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

describe("generated attendance is realistic (2,000 pupils, seed 1, full year 2024-25)", () => {
  const register = generateRegister({ seed: 1, pupils: 2000 });
  const rates = measureCohort(register);

  it("has national-like absence, persistent and severe absence rates", () => {
    expect(rates.pupils).toBe(2000);
    expect(rates.overallAbsencePct).toBeGreaterThanOrEqual(5.5);
    expect(rates.overallAbsencePct).toBeLessThanOrEqual(8.5);
    expect(rates.persistentAbsencePct).toBeGreaterThanOrEqual(13);
    expect(rates.persistentAbsencePct).toBeLessThanOrEqual(22);
    expect(rates.severeAbsencePct).toBeGreaterThanOrEqual(1);
    expect(rates.severeAbsencePct).toBeLessThanOrEqual(3.5);
    // Unauthorised absence is the smaller part, as nationally (about a third).
    expect(rates.unauthorisedAbsencePct).toBeLessThan(rates.authorisedAbsencePct);
  });

  it("uses the codes a primary school's register would", () => {
    for (const c of ["/", "\\", "L", "U", "I", "M", "O", "G", "N", "V", "P", "C"]) {
      expect(rates.codeCounts[c] ?? 0, c).toBeGreaterThan(0);
    }
    for (const c of ["#", "Y4", "D", "X", "K", "W", "B"]) expect(rates.codeCounts[c], c).toBeUndefined();
    expect(rates.codeCounts["/"]).toBeGreaterThan(rates.codeCounts["L"]! * 10);
  });

  it("has illness spells, Monday/Friday dips and unresolved N only in the last days", () => {
    const I = codeIndex("I")!;
    const N = codeIndex("N")!;
    const { calendar, marks } = register;
    const days = calendar.days.length;
    let spells = 0;
    let longSpells = 0;
    const absentByWeekday = [0, 0, 0, 0, 0];
    const possibleByWeekday = [0, 0, 0, 0, 0];
    const possibleCode = (c: number) => c !== 0;
    for (const m of marks) {
      let run = 0;
      for (let d = 0; d < days; d++) {
        const wd = (((calendar.epochDays[d]! + 3) % 7) + 7) % 7;
        const am = m[2 * d]!;
        if (possibleCode(am)) {
          possibleByWeekday[wd]!++;
          if (am !== codeIndex("/") && am !== codeIndex("L") && am !== codeIndex("V")) absentByWeekday[wd]!++;
        }
        if (am === N || m[2 * d + 1] === N) expect(d).toBeGreaterThanOrEqual(days - 4);
        if (am === I && m[2 * d + 1] === I) run++;
        else {
          if (run >= 1) spells++;
          if (run >= 3) longSpells++;
          run = 0;
        }
      }
    }
    expect(spells).toBeGreaterThan(2000);
    expect(longSpells).toBeGreaterThan(300);
    const rate = (wd: number) => absentByWeekday[wd]! / possibleByWeekday[wd]!;
    expect(rate(0)).toBeGreaterThan(rate(2));
    expect(rate(4)).toBeGreaterThan(rate(2));
  });

  it("has declining and recovering pupils whose absence moves as planned", () => {
    const half = Math.floor(register.calendar.days.length / 2);
    const absence = (m: Uint8Array, from: number, to: number) => {
      let possible = 0;
      let absent = 0;
      for (let s = 2 * from; s < 2 * to; s++) {
        const c = m[s]!;
        if (c === 0) continue;
        possible++;
        if (![codeIndex("/"), codeIndex("\\"), codeIndex("L"), codeIndex("V"), codeIndex("P")].includes(c)) absent++;
      }
      return possible === 0 ? 0 : absent / possible;
    };
    const meanShift = (profile: string) => {
      const rows = register.truth.map((t, i) => [t, register.marks[i]!] as const).filter(([t]) => t.profile === profile);
      expect(rows.length).toBeGreaterThan(20);
      let sum = 0;
      for (const [, m] of rows) sum += absence(m, half, register.calendar.days.length) - absence(m, 0, half);
      return sum / rows.length;
    };
    expect(meanShift("declining")).toBeGreaterThan(0.05);
    expect(meanShift("recovering")).toBeLessThan(-0.05);
  });

  it("is deterministic: two runs are identical", () => {
    const again = generateRegister({ seed: 1, pupils: 2000 });
    expect(again.upns).toEqual(register.upns);
    expect(again.pupils).toEqual(register.pupils);
    for (let p = 0; p < register.marks.length; p++) expect(sameMarks(again.marks[p]!, register.marks[p]!)).toBe(true);
  });

  it("differs for a different seed", () => {
    const other = generateRegister({ seed: 2, pupils: 2000 });
    let differing = 0;
    for (let p = 0; p < 2000; p++) if (!sameMarks(other.marks[p]!, register.marks[p]!)) differing++;
    expect(differing).toBeGreaterThan(1900);
    expect(other.pupils.map((p) => p.forename + p.surname)).not.toEqual(register.pupils.map((p) => p.forename + p.surname));
  });
});

describe("generated pupils", () => {
  const cohort = generateCompactCohort({ seed: 3, pupils: 3000 });

  it("have valid, unique UPNs from the fictional LA 999", () => {
    const upns = cohort.pupils.map((p) => p.upn);
    for (const upn of upns) {
      expect(isValidUpn(upn), upn).toBe(true);
      expect(upn.slice(1, 4)).toBe("999");
    }
    expect(new Set(upns).size).toBe(upns.length);
  });

  it("have dates of birth that fit their year group (Reception: 4 on 1 September)", () => {
    for (const p of cohort.pupils) {
      const age = p.yearGroup === "R" ? 4 : 4 + Number(p.yearGroup);
      const dob = toEpochDay(p.dateOfBirth!);
      expect(dob).toBeGreaterThanOrEqual(toEpochDay(`${2024 - age - 1}-09-01`));
      expect(dob).toBeLessThanOrEqual(toEpochDay(`${2024 - age}-08-31`));
    }
  });

  it("have flags at realistic rates, two classes per year group", () => {
    const rate = (f: (p: (typeof cohort.pupils)[number]) => boolean) => cohort.pupils.filter(f).length / cohort.pupils.length;
    expect(rate((p) => p.pupilPremium)).toBeCloseTo(0.25, 1);
    expect(rate((p) => p.send)).toBeCloseTo(0.13, 1);
    expect(rate((p) => p.eal)).toBeCloseTo(0.2, 1);
    expect(rate((p) => p.socialWorker)).toBeGreaterThan(0.015);
    expect(rate((p) => p.socialWorker)).toBeLessThan(0.05);
    expect(rate((p) => p.lookedAfter)).toBeLessThan(0.025);
    expect(rate((p) => p.youngCarer)).toBeGreaterThan(0.008);
    expect(rate((p) => p.youngCarer)).toBeLessThan(0.035);
    for (const p of cohort.pupils) {
      if (p.lookedAfter) expect(p.socialWorker && p.pupilPremium).toBe(true);
      expect([`${p.yearGroup}A`, `${p.yearGroup}B`]).toContain(p.class);
      expect(["F", "M"]).toContain(p.sex);
    }
  });

  it("include joiners with no marks before they join and leavers with none after", () => {
    const joiners = cohort.truth.map((t, i) => [t, i] as const).filter(([t]) => t.joinedOn);
    const leavers = cohort.truth.map((t, i) => [t, i] as const).filter(([t]) => t.leftOn);
    expect(joiners.length).toBeGreaterThan(20);
    expect(leavers.length).toBeGreaterThan(20);
    for (const [t, i] of joiners) {
      const d = cohort.calendar.indexOf(t.joinedOn!);
      expect(cohort.marksByPupil[i]!.subarray(0, 2 * d).every((c) => c === 0)).toBe(true);
      expect(cohort.marksByPupil[i]![2 * d]).not.toBe(0);
    }
    for (const [t, i] of leavers) {
      const d = cohort.calendar.indexOf(t.leftOn!);
      expect(cohort.marksByPupil[i]!.subarray(2 * d).every((c) => c === 0)).toBe(true);
      expect(cohort.marksByPupil[i]![2 * d - 1]).not.toBe(0);
    }
  });
});

describe("compact and row forms", () => {
  it("agree: rows rebuilt into a register give the same marks as generateRegister", () => {
    const options = { seed: 11, pupils: 150 };
    const cohort = generateCohort(options);
    const fromRows = buildRegister(cohort.marks, cohort.calendar);
    const direct = generateRegister(options);
    expect(fromRows.upns).toEqual(direct.upns);
    for (let p = 0; p < direct.upns.length; p++) expect([...fromRows.marks[p]!]).toEqual([...direct.marks[p]!]);
    expect(cohort.marks.length).toBe(direct.marks.reduce((n, m) => n + m.filter((c) => c !== 0).length, 0));
  });

  it("rows come sorted by date, session, UPN, with AM present as / and PM present as \\", () => {
    const rows = [...cohortMarkRows(generateCompactCohort({ seed: 5, pupils: 30, days: 15 }))];
    const key = (r: { date: string; session: string; upn: string }) => `${r.date}|${r.session}|${r.upn}`;
    for (let i = 1; i < rows.length; i++) expect(key(rows[i - 1]!) < key(rows[i]!)).toBe(true);
    expect(rows.some((r) => r.session === "AM" && r.mark === "/")).toBe(true);
    expect(rows.some((r) => r.session === "PM" && r.mark === "\\")).toBe(true);
    expect(rows.some((r) => r.session === "AM" && r.mark === "\\")).toBe(false);
    expect(rows.some((r) => r.session === "PM" && r.mark === "/")).toBe(false);
  });

  it("a smaller cohort is the first pupils of a larger one; days keeps the first N school days", () => {
    const small = generateCompactCohort({ seed: 9, pupils: 40 });
    const large = generateCompactCohort({ seed: 9, pupils: 400 });
    expect(large.pupils.slice(0, 40)).toEqual(small.pupils);
    expect(large.marksByPupil.slice(0, 40)).toEqual(small.marksByPupil);
    const short = generateCohort({ seed: 9, pupils: 20, days: 25 });
    expect(short.days).toEqual(small.calendar.days.slice(0, 25));
    expect(short.marksByPupil.every((m) => m.length === 50)).toBe(true);
    expect(short.marks.every((r) => short.days.includes(r.date))).toBe(true);
  });

  it("honours year groups and rejects ones it cannot date", () => {
    const c = generateCompactCohort({ seed: 1, pupils: 20, yearGroups: ["5", "6"], days: 10 });
    expect(new Set(c.pupils.map((p) => p.yearGroup))).toEqual(new Set(["5", "6"]));
    expect(() => generateCompactCohort({ seed: 1, pupils: 5, yearGroups: ["N1"] })).toThrow(RangeError);
    expect(() => generateCompactCohort({ seed: 1.5, pupils: 5 })).toThrow(RangeError);
  });
});
