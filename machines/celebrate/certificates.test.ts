import { describe, expect, it } from "vitest";
import { createSchoolCalendar } from "../attendance/calendar.ts";
import type { Pupil } from "../attendance/pupilsCsv.ts";
import { buildRegister, type RegisterMark } from "../attendance/register.ts";
import { generateCohort } from "../cohort/generateCohort.ts";
import { certificateRange, certificates } from "./certificates.ts";
import { classRegister, halfTerms } from "./classAttendance.ts";

/*
 * A small synthetic register: two half terms of five school days each (a week's break between), six pupils
 * whose marks are written out below, one letter per session (AM then PM), `.` for no mark (not on roll).
 */
const HALF_TERM_1 = ["2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04", "2025-09-05"];
const HALF_TERM_2 = ["2025-09-15", "2025-09-16", "2025-09-17", "2025-09-18", "2025-09-19"];
const DAYS = [...HALF_TERM_1, ...HALF_TERM_2];

const ROWS: Record<string, { name: [string, string]; class?: string; yearGroup: string; marks: string }> = {
  // every session present: a certificate for each half term and the year
  A000000000001: { name: ["Ada", "Ashby"], class: "3A", yearGroup: "3", marks: "/\\/\\/\\/\\/\\" + "/\\/\\/\\/\\/\\" },
  // ill once in the second half term: the first half term only
  B000000000002: { name: ["Ben", "Brook"], class: "3A", yearGroup: "3", marks: "/\\/\\/\\/\\/\\" + "/\\/\\I\\/\\/\\" },
  // late before the register closed (present) and a school trip (approved activity): still 100%
  C000000000003: { name: ["Cal", "Croft"], yearGroup: "4", marks: "L\\/\\V\\/\\/\\" + "/\\/\\/\\/\\/V" },
  // not on roll in the first half term (no possible session there: no certificate for it), then present
  D000000000004: { name: ["Dee", "Dale"], yearGroup: "4", marks: ".........." + "/\\/\\/\\/\\/\\" },
  // sessions not counted (X: not required to attend) all of the first half term, late after close (U) in the second
  E000000000005: { name: ["Eve", "Evans"], class: "3A", yearGroup: "3", marks: "XXXXXXXXXX" + "/\\/\\/\\U\\/\\" },
  // one unauthorised absence in the first half term, present after
  F000000000006: { name: ["Fay", "Ford"], yearGroup: "4", marks: "/\\/\\/\\/\\/O" + "/\\/\\/\\/\\/\\" },
  // joined on the last day: present for its two sessions, but not on roll for half the period: no certificate
  G000000000007: { name: ["Gus", "Gale"], yearGroup: "4", marks: ".........." + "......../\\" },
};

function marks(): RegisterMark[] {
  const out: RegisterMark[] = [];
  for (const [upn, row] of Object.entries(ROWS)) {
    [...row.marks].forEach((mark, i) => {
      if (mark !== ".") out.push({ upn, date: DAYS[Math.floor(i / 2)]!, session: i % 2 === 0 ? "AM" : "PM", mark });
    });
  }
  return out;
}

const pupils: Pupil[] = Object.entries(ROWS).map(([upn, r]) => ({
  upn,
  forename: r.name[0],
  surname: r.name[1],
  yearGroup: r.yearGroup,
  ...(r.class ? { class: r.class } : {}),
  pupilPremium: false,
  send: false,
  eal: false,
  socialWorker: false,
  lookedAfter: false,
  youngCarer: false,
}));

/** An independent count, straight from the letters above: attended and possible sessions between two dates. */
const ATTENDED = new Set(["/", "\\", "L", "K", "V", "P", "W", "B"]);
const NOT_POSSIBLE = new Set(["D", "X", "Q", "Z", "#", "."]);
function byHand(upn: string, from: string, to: string): { possible: number; attended: number } {
  let possible = 0;
  let attended = 0;
  [...ROWS[upn]!.marks].forEach((mark, i) => {
    const date = DAYS[Math.floor(i / 2)]!;
    if (date < from || date > to || NOT_POSSIBLE.has(mark)) return;
    possible++;
    if (ATTENDED.has(mark)) attended++;
  });
  return { possible, attended };
}
/** On roll (possible sessions) for at least half the period's sessions, and every one of them attended. */
const earnedByHand = (from: string, to: string) =>
  Object.keys(ROWS)
    .filter((upn) => {
      const c = byHand(upn, from, to);
      const sessions = 2 * DAYS.filter((d) => d >= from && d <= to).length;
      return c.possible > 0 && c.possible >= sessions / 2 && c.attended === c.possible;
    })
    .sort();

const register = buildRegister(marks(), createSchoolCalendar(DAYS));
const cr = classRegister(register, pupils);

describe("100% certificates on a small synthetic register", () => {
  it("the register has the two half terms it was written with", () => {
    expect(halfTerms(register.calendar)).toEqual([
      { from: 0, to: 4 },
      { from: 5, to: 9 },
    ]);
  });

  it("each half term: exactly the pupils who attended every possible session, as counted by hand", () => {
    const first = certificates(cr, pupils, certificateRange(cr, { kind: "halfTerm", halfTerm: 0 })!);
    expect(first.certificates.map((c) => c.upn).sort()).toEqual(earnedByHand(HALF_TERM_1[0]!, HALF_TERM_1.at(-1)!));
    expect(first.certificates.map((c) => c.upn).sort()).toEqual(["A000000000001", "B000000000002", "C000000000003"]);
    // D had no possible session (not on roll), E none either (all X): neither could earn one.
    expect(first.eligible).toBe(4);

    const second = certificates(cr, pupils, certificateRange(cr, { kind: "halfTerm", halfTerm: 1 })!);
    expect(second.certificates.map((c) => c.upn).sort()).toEqual(earnedByHand(HALF_TERM_2[0]!, HALF_TERM_2.at(-1)!));
    expect(second.certificates.map((c) => c.upn).sort()).toEqual(["A000000000001", "C000000000003", "D000000000004", "F000000000006"]);
    expect(second.eligible).toBe(6);
    expect(second.from).toBe("2025-09-15");
    expect(second.to).toBe("2025-09-19");
  });

  it("the year so far: 100% over every possible session of the year", () => {
    const year = certificates(cr, pupils, certificateRange(cr, { kind: "year" })!);
    expect(year.certificates.map((c) => c.upn).sort()).toEqual(earnedByHand(DAYS[0]!, DAYS.at(-1)!));
    expect(year.certificates.map((c) => c.upn).sort()).toEqual(["A000000000001", "C000000000003", "D000000000004"]);
  });

  it("carries each pupil's own figures, name and class (the year group when the file gives no class)", () => {
    const year = certificates(cr, pupils, certificateRange(cr, { kind: "year" })!);
    const d = year.certificates.find((c) => c.upn === "D000000000004")!;
    expect(d).toEqual({ upn: "D000000000004", forename: "Dee", surname: "Dale", yearGroup: "4", class: "Year 4", possibleSessions: 10, attendedSessions: 10, attendancePct: 100 });
    const a = year.certificates.find((c) => c.upn === "A000000000001")!;
    expect([a.class, a.possibleSessions]).toEqual(["3A", byHand("A000000000001", DAYS[0]!, DAYS.at(-1)!).possible]);
    // by class, then surname
    expect(year.certificates.map((c) => c.class)).toEqual(["3A", "Year 4", "Year 4"]);
    expect(year.certificates.slice(1).map((c) => c.surname)).toEqual(["Croft", "Dale"]);
  });

  it("has no range for a half term that does not exist, nor for an empty register", () => {
    expect(certificateRange(cr, { kind: "halfTerm", halfTerm: 2 })).toBeNull();
    const empty = classRegister(buildRegister([]), []);
    expect(certificateRange(empty, { kind: "year" })).toBeNull();
  });
});

describe("100% certificates on a generated cohort", () => {
  const cohort = generateCohort({ seed: 7, pupils: 90, startYear: 2024 });
  const big = classRegister(buildRegister(cohort.marks, cohort.calendar), cohort.pupils);
  const reg = buildRegister(cohort.marks, cohort.calendar);

  it("every half term: the certificates are the pupils whose marks in it are all attendance, counted mark by mark", () => {
    const terms = halfTerms(reg.calendar);
    let total = 0;
    terms.forEach((range, i) => {
      const list = certificates(big, cohort.pupils, certificateRange(big, { kind: "halfTerm", halfTerm: i })!);
      const from = reg.calendar.days[range.from]!;
      const to = reg.calendar.days[range.to]!;
      const tally = new Map<string, { possible: number; attended: number }>();
      for (const m of cohort.marks) {
        if (m.date < from || m.date > to || NOT_POSSIBLE.has(m.mark) || /^Y\d$/.test(m.mark)) continue;
        const t = tally.get(m.upn) ?? { possible: 0, attended: 0 };
        t.possible++;
        if (ATTENDED.has(m.mark)) t.attended++;
        tally.set(m.upn, t);
      }
      const days = range.to - range.from + 1;
      const onRoll = (t: { possible: number }) => t.possible > 0 && t.possible >= days;
      const expected = [...tally].filter(([, t]) => onRoll(t) && t.attended === t.possible).map(([upn]) => upn).sort();
      expect(list.certificates.map((c) => c.upn).sort()).toEqual(expected);
      expect(list.eligible).toBe([...tally.values()].filter(onRoll).length);
      total += expected.length;
    });
    // The cohort has some 100% half terms and not every pupil has one.
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(terms.length * cohort.pupils.length);
  });
});
