import { z } from "zod";
import { COMBINATORS, GUARD_KINDS, type GuardOf } from "../guards/index.ts";
import { NumberOrParameter } from "../guards/comparison.ts";

/**
 * A school's attendance policy as data. It compiles (compilePolicy.ts) into an XState machine whose top-level
 * states are the six DfE stages; inside them, the school's own sub-states. Every rule carries the words of the
 * document it implements (`seed`), and where that document was ambiguous, the choice made (`choice`).
 */

export const STAGES = ["expect", "monitor", "listen", "facilitate", "formalise", "enforce"] as const;
export type Stage = (typeof STAGES)[number];
export const CLOSED = "closed";

export const STAGE_NAMES: Record<Stage | typeof CLOSED, string> = {
  expect: "Expect",
  monitor: "Monitor",
  listen: "Listen and understand",
  facilitate: "Facilitate support",
  formalise: "Formalise support",
  enforce: "Enforce",
  closed: "Closed",
};

export const TASK_KINDS = [
  "first-day-call",
  "home-visit",
  "letter",
  "meeting",
  "review",
  "referral",
  "notification",
  "penalty-notice",
  /** A referral for prosecution or other legal intervention: a legal step (machines/gates/). */
  "legal-referral",
  /** An action agreed at a meeting, with its owner and due date (machines/tasks/agreedAction.ts). */
  "agreed-action",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export { PUPIL_FLAGS, type PupilFlag } from "../guards/flag.ts";
export { Comparison, NumberOrParameter } from "../guards/comparison.ts";
export { CALENDAR_POINTS, type CalendarPoint } from "../guards/calendar.ts";
export { ATTENDANCE_PERIODS, type AttendancePeriod } from "../guards/periodAttendance.ts";

/**
 * A rule's guard: one of the guard kinds of machines/guards/ (each in its own module, with its schema, evaluation
 * and words), or `all`, `any`, `not` of guards. The union is assembled from the registry, in its order.
 */
export type Guard = { all: Guard[] } | { any: Guard[] } | { not: Guard } | GuardOf<(typeof GUARD_KINDS)[number]>;

export const Guard: z.ZodType<Guard> = z.lazy(() =>
  z.union([...COMBINATORS.map((c) => c.schemaOf(Guard)), ...GUARD_KINDS.map((k) => k.schema)] as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]),
) as z.ZodType<Guard>;

export const Action = z.union([
  z
    .object({
      task: z.enum(TASK_KINDS),
      title: z.string().min(1),
      dueInSchoolDays: z.number().int().min(0).optional(),
    })
    .strict(),
  z.object({ letter: z.string().min(1), title: z.string().min(1) }).strict(),
  z.object({ setTarget: z.object({ attendancePct: NumberOrParameter, schoolDays: NumberOrParameter }).strict() }).strict(),
  z.object({ record: z.string().min(1) }).strict(),
]);
export type Action = z.infer<typeof Action>;

export const EVENT_TYPES = [
  "schoolDayClosed",
  "sapMeetingHeld",
  "parentDidNotAttend",
  "contractSigned",
  "supportOffered",
  "supportDeclined",
  "homeVisitMade",
  "referralMade",
  "medicalEvidenceReceived",
  "noticeToImproveIssued",
  "penaltyNoticeIssued",
  "supportNotAppropriate",
  "note",
  "closeCase",
  "reopenCase",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const Rule = z
  .object({
    /** Short id, unique in the policy: `letter-1`, `fast-track`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "rule ids are lower-case words joined by hyphens"),
    on: z.enum(EVENT_TYPES),
    /** Dotted target state (`facilitate.letter2`); omitted = stay where the case is. */
    to: z.string().optional(),
    when: Guard.optional(),
    actions: z.array(Action).default([]),
    /** In the school's words: why this happens. Shown in the history and on the chart. */
    reason: z.string().min(1),
    /** The words of the policy document this rule implements. */
    seed: z.string().min(1),
    /** Where the document is ambiguous: what was chosen, and why. */
    choice: z.string().optional(),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

/**
 * A rule that runs on every closed school day alongside the case's transitions, whatever else happens that
 * day: a home visit on the third consecutive day of unauthorised absence, a call for CP/CIN pupils. It only
 * creates tasks and letters; it never moves the case.
 */
export const DailyRule = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "rule ids are lower-case words joined by hyphens"),
    when: Guard,
    /** Only while the case is in one of these states (dotted paths or stages); all states when omitted. */
    in: z.array(z.string()).optional(),
    actions: z.array(Action).min(1),
    reason: z.string().min(1),
    seed: z.string().min(1),
    choice: z.string().optional(),
  })
  .strict();
export type DailyRule = z.infer<typeof DailyRule>;

/** A rule that applies in several stages: declared once, placed on each stage (or on the case itself). */
export const AnywhereRule = Rule.extend({ in: z.array(z.enum(STAGES)).optional() });
export type AnywhereRule = z.infer<typeof AnywhereRule>;

export interface PolicyState {
  description?: string;
  seed?: string;
  entry?: Action[];
  rules?: Rule[];
  initial?: string;
  states?: Record<string, PolicyState>;
}

const StateName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, "state names are camelCase words (letter1, sapInvited)");

export const PolicyState: z.ZodType<PolicyState> = z.lazy(() =>
  z
    .object({
      description: z.string().optional(),
      seed: z.string().optional(),
      entry: z.array(Action).optional(),
      rules: z.array(Rule).optional(),
      initial: StateName.optional(),
      states: z.record(StateName, PolicyState).optional(),
    })
    .strict(),
) as z.ZodType<PolicyState>;

export const Parameter = z
  .object({
    value: z.number(),
    description: z.string().min(1),
    seed: z.string().optional(),
    choice: z.string().optional(),
  })
  .strict();
export type Parameter = z.infer<typeof Parameter>;

export const Band = z
  .object({
    id: z.string().min(1),
    label: z.string().min(1),
    /** CSS colour for the traffic light. */
    colour: z.string().min(1),
    /** Attendance % range: min inclusive, max inclusive (100 for the top band). */
    min: z.number().min(0).max(100),
    max: z.number().min(0).max(100),
    seed: z.string().optional(),
  })
  .strict();
export type Band = z.infer<typeof Band>;

/**
 * What a letter is: a concern letter (not raised again for the same pupil within the policy's repeat period), a
 * recognition letter (never on the same day as a concern letter), a legal warning (a legal step: the statutory
 * gates apply), or information (neither).
 */
export const LETTER_KINDS = ["concern", "recognition", "legal-warning", "information"] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const LetterTemplate = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    /** Default `concern`. A letter that names a legal step must say which kind it is (compilePolicy checks). */
    kind: z.enum(LETTER_KINDS).optional(),
    /** Merge fields in {{double braces}}: pupil.forename, attendancePct, target.attendancePct, reviewDate, school.name… */
    body: z.string().min(1),
  })
  .strict();
export type LetterTemplate = z.infer<typeof LetterTemplate>;

export const Policy = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().min(1),
    version: z.number().int().min(1),
    source: z
      .object({
        school: z.string().min(1),
        document: z.string().min(1),
        file: z.string().optional(),
      })
      .strict(),
    description: z.string().optional(),
    /** Attendance target the school sets for every pupil, if any. */
    parameters: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), Parameter).default({}),
    bands: z.array(Band).min(1),
    letters: z.array(LetterTemplate).default([]),
    /**
     * Attendance-% rules wait until a pupil has this many possible sessions in the year (or the window), so one
     * day's absence in the first week of September (50%) does not send a letter. 0 = judge from the first day.
     */
    minimumPossibleSessions: z.number().int().min(0).default(0),
    /**
     * The statutory gates (machines/gates/) apply to every policy; a policy can only make them stricter. A legal
     * step needs this many unauthorised sessions of compulsory school age in 10 school weeks (at least 10).
     */
    gates: z
      .object({ legalStepUnauthorisedSessions: z.number().int().min(10, "the statutory gates can be made stricter, never weaker: at least 10").default(10) })
      .strict()
      .default({ legalStepUnauthorisedSessions: 10 }),
    /** A concern letter is not raised again for the same pupil within this many school days. */
    letterRepeatSchoolDays: z.number().int().min(0).default(20),
    /** Stage a new case starts in (default `expect`). */
    initial: z.string().default("expect"),
    stages: z
      .object({
        expect: PolicyState,
        monitor: PolicyState,
        listen: PolicyState,
        facilitate: PolicyState,
        formalise: PolicyState,
        enforce: PolicyState,
      })
      .strict(),
    /**
     * Rules that apply in several stages (e.g. fast track on 10 unauthorised sessions in 12 weeks): on each stage
     * listed in `in`, or on the case itself when `in` is omitted. A sub-state's own rules come first.
     */
    anywhere: z.array(AnywhereRule).default([]),
    /** Rules that run every school day beside the transitions (home-visit triggers). */
    daily: z.array(DailyRule).default([]),
  })
  .strict();
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;
