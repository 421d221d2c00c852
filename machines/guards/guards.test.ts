import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { computePupilSeries, type WindowFigures } from "../attendance/metrics.ts";
import { caseMetricsOnDay } from "../case/dayMetrics.ts";
import { SeriesDay } from "../case/lookAhead.ts";
import type { CaseContext, CaseEvent, CaseMetrics, CasePupil, EntryStamp } from "../case/types.ts";
import { compulsoryAgeDays } from "../gates/compulsorySchoolAge.ts";
import { describeGate } from "../gates/index.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import { Guard } from "../policy/schema.ts";
import { patternRegister, weekdays } from "../../test/support/registerBuilder.ts";
import {
  COMBINATORS,
  compileDayGuard,
  describeGuard,
  evaluateGuard,
  GUARD_KINDS,
  guardFigures,
  guardKindOf,
  guardWindows,
  INTERNAL_GUARDS,
} from "./index.ts";
import type { GuardInput } from "./types.ts";

// ---------------------------------------------------------------------------------------------------------------
// A case on 1 October 2024 (school day 20), in `monitor` since 16 September (school day 10). All synthetic.

const PUPIL: CasePupil = { upn: "A820100001006", socialWorker: false, lookedAfter: false, send: false, pupilPremium: false, youngCarer: false, eal: false };
const OPENED: EntryStamp = { date: "2024-09-02", dayIndex: -1, attendancePct: null, possibleSessions: 0, attendedSessions: 0, unauthorisedSessions: 0 };
const IN_MONITOR: EntryStamp = { date: "2024-09-16", dayIndex: 10, attendancePct: 97, possibleSessions: 20, attendedSessions: 19, unauthorisedSessions: 0 };

const METRICS: CaseMetrics = {
  asOf: "2024-10-01",
  dayIndex: 20,
  possibleSessions: 40,
  attendedSessions: 38,
  authorisedAbsenceSessions: 2,
  unauthorisedAbsenceSessions: 0,
  attendancePct: 95,
  persistentAbsence: false,
  severeAbsence: false,
  unauthorisedSessionsLast10SchoolWeeks: 0,
  penaltyThresholdMet: false,
  penaltyThresholdFirstMetOn: null,
  penaltyThresholdMetAfresh: false,
  unauthorisedHolidaySessionsLast10SchoolWeeks: 0,
  consecutiveUnauthorisedDays: 0,
  continuousAbsenceDays: 0,
  illnessSpellDays: 0,
  illnessSessions: 0,
  unresolvedNOlderThan5SchoolDays: 0,
  lateBeforeRegisterClosedSessions: 0,
  lateAfterRegisterClosedSessions: 0,
  windows: {},
  todayMarks: ["/", "\\"],
  halfTermAttendancePct: null,
  termAttendancePct: null,
  schoolYearAttendancePct: null,
  endOfSchoolWeek: false,
  endOfHalfTerm: false,
  endOfTerm: false,
  endOfSchoolYear: false,
  compulsoryAgeUnauthorisedLast10SchoolWeeks: 0,
  compulsoryAgeHolidayLast10SchoolWeeks: 0,
  compulsoryAgePenaltyThresholdMetAfresh: false,
};

const CONTEXT: CaseContext = {
  upn: PUPIL.upn,
  pupil: PUPIL,
  statePath: "monitor",
  entered: { "": OPENED, monitor: IN_MONITOR },
  target: null,
  reviewDate: null,
  medicalEvidenceDayIndex: null,
  supportEvents: [],
  noticesToImprove: [],
  penaltyNotices: [],
  lettersSent: {},
  legalStepsHeld: {},
};

interface Situation {
  readonly metrics?: Partial<CaseMetrics>;
  readonly context?: Partial<CaseContext>;
  readonly pupil?: Partial<CasePupil>;
  readonly dayIndex?: number;
  /** A person's event with this payload instead of a closed school day. */
  readonly payload?: Record<string, unknown>;
}

function window(figures: Partial<WindowFigures> & { weeks: number }): WindowFigures {
  return { possibleSessions: 40, attendancePct: null, unauthorisedSessions: 0, attendancePctBefore: null, ...figures };
}

function inputFor(s: Situation): GuardInput {
  const metrics = { ...METRICS, ...s.metrics };
  const base = { date: "2024-10-01", dayIndex: s.dayIndex ?? 20, metrics };
  const event: CaseEvent = s.payload ? { ...base, type: "sapMeetingHeld", payload: s.payload } : { ...base, type: "schoolDayClosed" };
  return { context: { ...CONTEXT, ...s.context, pupil: { ...PUPIL, ...s.pupil } }, event, statePath: "monitor" };
}

/** One guard of a kind: its words, a situation where it holds (with the figures the history quotes) and one where it does not. */
interface KindCase {
  readonly guard: Guard;
  readonly words: string;
  readonly holds: Situation;
  readonly figures: readonly string[];
  readonly fails: Situation;
}

type KeysOf<G> = G extends unknown ? keyof G : never;
/** Every key of the policy's Guard type: a kind missing from this table does not typecheck. */
type GuardKey = KeysOf<Guard>;

const TARGET = { attendancePct: 95, setOn: "2024-09-16", setOnDay: 10, reviewOnDay: 30, reviewOn: null, possibleAtSet: 20, attendedAtSet: 19 };

const KINDS: Record<GuardKey, KindCase> = {
  all: {
    guard: { all: [{ flag: "send" }, { calendar: "endOfTerm" }] },
    words: "SEND and end of the term",
    holds: { pupil: { send: true }, metrics: { endOfTerm: true } },
    figures: [],
    fails: { pupil: { send: true } },
  },
  any: {
    guard: { any: [{ flag: "lookedAfter" }, { consecutiveUnauthorisedDays: { atLeast: 3 } }] },
    words: "looked after or consecutive days of unauthorised absence 3 or more",
    holds: { metrics: { consecutiveUnauthorisedDays: 4 } },
    figures: ["4 consecutive days unauthorised"],
    fails: { metrics: { consecutiveUnauthorisedDays: 2 } },
  },
  not: {
    guard: { not: { all: [{ flag: "send" }, { flag: "eal" }] } },
    words: "not (SEND and EAL)",
    holds: { pupil: { send: true } },
    figures: [],
    fails: { pupil: { send: true, eal: true } },
  },
  attendance: {
    guard: { attendance: { atMost: 90, overSchoolWeeks: 4 } },
    words: "attendance at most 90% over the last 4 school weeks",
    holds: { metrics: { windows: { 4: window({ weeks: 4, attendancePct: 90 }) } } },
    figures: ["attendance over 4 school weeks 90.0%"],
    fails: { metrics: { windows: { 4: window({ weeks: 4, attendancePct: 92.5 }) } } },
  },
  attendanceSinceEntry: {
    guard: { attendanceSinceEntry: { atLeast: 95 } },
    words: "attendance since entering 95% or more",
    holds: { metrics: { possibleSessions: 40, attendedSessions: 39 } },
    figures: ["attendance since 2024-09-16 100.0%"],
    fails: { metrics: { possibleSessions: 40, attendedSessions: 35 } },
  },
  periodAttendance: {
    guard: { periodAttendance: { reaches: 100, period: "halfTerm" } },
    words: "attendance this half term reaches 100%",
    holds: { metrics: { halfTermAttendancePct: 100 } },
    figures: ["attendance this half term 100.0%"],
    // Not on roll for half of the half term so far: no figure, so no rule judges it.
    fails: { metrics: { halfTermAttendancePct: null } },
  },
  attendanceGain: {
    guard: { attendanceGain: { atLeast: 2, overSchoolWeeks: 6 } },
    words: "attendance up 2 points or more over the last 6 school weeks",
    holds: { metrics: { attendancePct: 93, windows: { 6: window({ weeks: 6, attendancePctBefore: 90 }) } } },
    figures: ["attendance 90.0% 6 school weeks ago, 93.0% now"],
    fails: { metrics: { attendancePct: 93, windows: { 6: window({ weeks: 6, attendancePctBefore: 92 }) } } },
  },
  unauthorisedSessionsSinceEntry: {
    guard: { unauthorisedSessionsSinceEntry: { above: 2 } },
    words: "unauthorised sessions since entering above 2",
    holds: { metrics: { unauthorisedAbsenceSessions: 3 } },
    figures: ["3 unauthorised sessions since 2024-09-16"],
    fails: { metrics: { unauthorisedAbsenceSessions: 2 } },
  },
  possibleSessions: {
    guard: { possibleSessions: { atLeast: 40 } },
    words: "possible sessions 40 or more",
    holds: { metrics: { possibleSessions: 40 } },
    figures: ["40 possible sessions"],
    fails: { metrics: { possibleSessions: 38 } },
  },
  unauthorisedSessions: {
    guard: { unauthorisedSessions: { atLeast: 10, inSchoolWeeks: 12 } },
    words: "unauthorised sessions in 12 school weeks 10 or more",
    holds: { metrics: { windows: { 12: window({ weeks: 12, unauthorisedSessions: 10 }) } } },
    figures: ["10 unauthorised sessions in 12 school weeks"],
    fails: { metrics: { windows: { 12: window({ weeks: 12, unauthorisedSessions: 9 }) } } },
  },
  consecutiveUnauthorisedDays: {
    guard: { consecutiveUnauthorisedDays: { reaches: 3 } },
    words: "consecutive days of unauthorised absence reaches 3",
    holds: { metrics: { consecutiveUnauthorisedDays: 3 } },
    figures: ["3 consecutive days unauthorised"],
    // `reaches` holds on the day it gets there, not after.
    fails: { metrics: { consecutiveUnauthorisedDays: 4 } },
  },
  continuousAbsenceWithoutMedicalEvidence: {
    guard: { continuousAbsenceWithoutMedicalEvidence: { reaches: 3 } },
    words: "days of continuous absence without medical evidence reaches 3",
    holds: { metrics: { continuousAbsenceDays: 3 } },
    figures: ["3 days absent without medical evidence"],
    // Five days absent, but medical evidence came yesterday: one day without it.
    fails: { metrics: { continuousAbsenceDays: 5 }, context: { medicalEvidenceDayIndex: 19 } },
  },
  illnessSpellDays: {
    guard: { illnessSpellDays: { atLeast: 3 } },
    words: "days of illness in this spell 3 or more",
    holds: { metrics: { illnessSpellDays: 3 } },
    figures: ["3 days of illness"],
    fails: { metrics: { illnessSpellDays: 2 } },
  },
  lateAfterRegisterClosedSessions: {
    guard: { lateAfterRegisterClosedSessions: { atLeast: 5 } },
    words: "late after the register closed (U) 5 or more",
    holds: { metrics: { lateAfterRegisterClosedSessions: 6 } },
    figures: ["6 sessions late after the register closed"],
    fails: { metrics: { lateAfterRegisterClosedSessions: 4 } },
  },
  schoolDaysInState: {
    guard: { schoolDaysInState: { atLeast: 10 } },
    words: "school days in this state 10 or more",
    holds: { dayIndex: 20 },
    figures: ["10 school days since 2024-09-16"],
    fails: { dayIndex: 19 },
  },
  improvementSinceEntry: {
    guard: { improvementSinceEntry: { below: 0.5 } },
    words: "improvement since entering below 0.5 points",
    holds: { metrics: { attendancePct: 97.2 } },
    figures: ["attendance 97.0% on 2024-09-16, 97.2% now"],
    fails: { metrics: { attendancePct: 98 } },
  },
  flag: {
    guard: { flag: "lookedAfter" },
    words: "looked after",
    holds: { pupil: { lookedAfter: true } },
    figures: [],
    fails: { pupil: { socialWorker: true } },
  },
  penaltyThreshold: {
    guard: { penaltyThreshold: "metAfresh" },
    words: "national penalty threshold met afresh",
    holds: { metrics: { penaltyThresholdMet: true, penaltyThresholdMetAfresh: true, unauthorisedSessionsLast10SchoolWeeks: 10 } },
    figures: ["10 unauthorised sessions in 10 school weeks"],
    // Met, but already met yesterday.
    fails: { metrics: { penaltyThresholdMet: true, unauthorisedSessionsLast10SchoolWeeks: 11 } },
  },
  target: {
    guard: { target: "missed" },
    words: "target missed",
    holds: { context: { target: TARGET }, metrics: { possibleSessions: 40, attendedSessions: 35 } },
    figures: ["target 95% set 2024-09-16: 80.0% since"],
    fails: { context: { target: TARGET }, metrics: { possibleSessions: 40, attendedSessions: 39 } },
  },
  reviewDate: {
    guard: { reviewDate: "reached" },
    words: "review date reached",
    holds: { context: { reviewDate: "2024-10-01" } },
    figures: ["review date 2024-10-01"],
    fails: { context: { reviewDate: "2024-10-02" } },
  },
  calendar: {
    guard: { calendar: "endOfHalfTerm" },
    words: "end of the half term",
    holds: { metrics: { endOfHalfTerm: true } },
    figures: [],
    fails: { metrics: { endOfSchoolWeek: true } },
  },
  payload: {
    guard: { payload: { outcome: "improved", attended: true } },
    words: "outcome is improved and attended is true",
    holds: { payload: { outcome: "improved", attended: true, note: "met with mum" } },
    figures: [],
    fails: { payload: { outcome: "improved", attended: false } },
  },
};

/** The keys of the zod union's members, in its order (each member is an object of exactly one key). */
function unionKeys(): string[][] {
  const union = (Guard as unknown as z.ZodLazy).unwrap() as z.ZodUnion;
  return union.options.map((o) => Object.keys((o as z.ZodObject).shape));
}

describe("the guard registry (machines/guards/index.ts)", () => {
  const registered = [...COMBINATORS, ...GUARD_KINDS].map((k) => k.key);

  it("has an entry for every member of the policy schema's Guard union, and the union a member for every entry", () => {
    const keys = unionKeys();
    expect(keys.every((k) => k.length === 1)).toBe(true);
    expect(keys.map((k) => k[0])).toEqual(registered);
    // The table below is typed by the Guard type's keys, so the type, the union, the registry and the table agree.
    expect(Object.keys(KINDS).sort()).toEqual([...registered].sort());
  });

  it("dispatches every kind a policy writes to its own module", () => {
    for (const [key, c] of Object.entries(KINDS)) expect(guardKindOf(c.guard as CompiledGuard)?.key, key).toBe(key);
  });

  it("keeps the compiler's own guards (statutory gates, held legal steps) out of what a policy can write", () => {
    expect(INTERNAL_GUARDS.map((k) => k.key)).toEqual(["statutory", "heldLegalStep"]);
    const gate: CompiledGuard = { statutory: "unauthorisedAbsence", atLeast: 12 };
    const held: CompiledGuard = { heldLegalStep: { rule: "fast-track", gates: [{ statutory: "supportFirst" }], once: true } };
    expect(guardKindOf(gate)?.key).toBe("statutory");
    expect(guardKindOf(held)?.key).toBe("heldLegalStep");
    expect(describeGuard(gate)).toBe(describeGate(gate));
    expect(describeGuard(held)).toBe(`a statutory gate does not hold (${describeGate({ statutory: "supportFirst" })}): the legal step is held back`);
    expect(Guard.safeParse({ statutory: "supportFirst" }).success).toBe(false);
    expect(Guard.safeParse(held).success).toBe(false);
  });

  it("refuses an object that is no guard as before: evaluation throws, the words are its JSON, no figures", () => {
    const junk = { attendanc: { below: 90 } } as unknown as CompiledGuard;
    expect(guardKindOf(junk)).toBeUndefined();
    expect(() => evaluateGuard(junk, inputFor({}))).toThrow('unknown guard {"attendanc":{"below":90}}');
    expect(describeGuard(junk)).toBe('{"attendanc":{"below":90}}');
    expect(guardFigures(junk, inputFor({}))).toEqual([]);
    expect(describeGuard(undefined)).toBe("always");
  });
});

describe("each guard kind: its words, a case where it holds (with the figures quoted) and one where it does not", () => {
  for (const [key, c] of Object.entries(KINDS)) {
    it(`${key}: "${c.words}"`, () => {
      expect(Guard.parse(c.guard)).toEqual(c.guard);
      const guard = c.guard as CompiledGuard;
      expect(describeGuard(guard)).toBe(c.words);
      expect(evaluateGuard(guard, inputFor(c.holds))).toBe(true);
      expect(guardFigures(guard, inputFor(c.holds))).toEqual(c.figures);
      expect(evaluateGuard(guard, inputFor(c.fails))).toBe(false);
    });
  }
});

describe("the look-ahead's predicate of each kind agrees with its evaluation, day by day on a register", () => {
  // Synthetic: 60 school days of present, late (L, U), illness (I), unauthorised (O, N, G) and authorised (M) marks,
  // with a week's illness and four days' unauthorised absence in a row.
  const DAYS = weekdays("2024-09-02", 60, [["2024-10-28", "2024-11-01"]]);
  const pattern = (d: number): [string, string] => {
    if (d >= 20 && d < 25) return ["I", "I"];
    if (d >= 40 && d < 44) return ["O", "O"];
    const k = (d * 7 + (d >> 2)) % 13;
    return k < 5 ? ["/", "\\"] : k === 5 ? ["L", "\\"] : k === 6 ? ["U", "U"] : k < 9 ? ["I", "I"] : k === 9 ? ["O", "O"] : k === 10 ? ["N", "/"] : k === 11 ? ["G", "G"] : ["M", "\\"];
  };
  const register = patternRegister(DAYS, { A820100001006: pattern });
  const { calendar } = register;
  const marks = register.marks[0]!;
  const series = computePupilSeries(marks, calendar);
  const pupil: CasePupil = { ...PUPIL, lookedAfter: true, yearGroup: "9" };
  const age = compulsoryAgeDays(pupil, calendar);

  // Each kind's guard from the table, and more comparisons on the kinds with a fast predicate.
  const guards: CompiledGuard[] = [
    ...Object.values(KINDS).map((c) => c.guard as CompiledGuard),
    { attendance: { below: 90 } },
    { attendance: { above: 80, overSchoolWeeks: 2 } },
    { possibleSessions: { atMost: 30 } },
    { unauthorisedSessions: { reaches: 4, inSchoolWeeks: 2 } },
    { consecutiveUnauthorisedDays: { atLeast: 1 } },
    { continuousAbsenceWithoutMedicalEvidence: { atLeast: 2 } },
    { illnessSpellDays: { reaches: 1 } },
    { lateAfterRegisterClosedSessions: { above: 3 } },
    { schoolDaysInState: { reaches: 15 } },
    { improvementSinceEntry: { atLeast: 1 } },
    { flag: "send" },
    { penaltyThreshold: "met" },
    { calendar: "endOfSchoolWeek" },
    { not: { calendar: "endOfHalfTerm" } },
  ];
  const weeks = new Set<number>();
  for (const g of guards) guardWindows(g, (w) => weeks.add(w));
  const windows = [...weeks].sort((a, b) => a - b);

  it("for every guard kind with a fast predicate, and on every day", () => {
    const fast = new Set(GUARD_KINDS.filter((k) => k.dayPredicate).map((k) => k.key));
    expect(fast.size).toBeGreaterThan(0);
    const day = new SeriesDay(series, marks, calendar, windows, age);
    const stampOn = (d: number): EntryStamp => {
      const m = caseMetricsOnDay(series, marks, calendar, d, windows, age);
      return { date: DAYS[d]!, dayIndex: d, attendancePct: m.attendancePct, possibleSessions: m.possibleSessions, attendedSessions: m.attendedSessions, unauthorisedSessions: m.unauthorisedAbsenceSessions };
    };
    const context: CaseContext = { ...CONTEXT, pupil, entered: { "": OPENED, monitor: stampOn(5) }, medicalEvidenceDayIndex: 12 };
    const seen = new Map<string, Set<boolean>>();
    for (const guard of guards) {
      const predicate = compileDayGuard(guard);
      for (let d = 6; d < DAYS.length; d++) {
        day.d = d;
        const event: CaseEvent = { type: "schoolDayClosed", date: DAYS[d]!, dayIndex: d, metrics: caseMetricsOnDay(series, marks, calendar, d, windows, age) };
        const expected = evaluateGuard(guard, { context, event, statePath: "monitor" });
        expect(predicate(context, day, "monitor"), `${describeGuard(guard)} on ${DAYS[d]}`).toBe(expected);
        const key = guardKindOf(guard)!.key;
        if (!seen.has(key)) seen.set(key, new Set());
        seen.get(key)!.add(expected);
      }
    }
    // Honest: each fast kind was seen both holding and not holding on this register.
    for (const key of fast) expect([...(seen.get(key) ?? [])].sort(), key).toEqual([false, true]);
  });
});
