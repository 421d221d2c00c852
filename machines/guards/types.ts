import type { z } from "zod";
import type { CaseContext, CaseEvent } from "../case/types.ts";
import type { SeriesDay } from "../case/lookAhead.ts";
import type { CompiledGuard } from "../policy/compiledGuard.ts";
import type { Guard } from "../policy/schema.ts";
import type { Comparison } from "./comparison.ts";

/** What a guard sees: the case, the event being decided and the state the rule is declared on. */
export interface GuardInput {
  readonly context: CaseContext;
  readonly event: CaseEvent;
  /** Dotted path of the state the rule is declared on ("" for rules that apply anywhere). */
  readonly statePath: string;
}

/** A guard compiled for the look-ahead (lookAhead.ts): does it hold on the day `day` is set to, for this case? */
export type DayPredicate = (context: CaseContext, day: SeriesDay, statePath: string) => boolean;

/**
 * The registry's own operations on a whole guard (machines/guards/index.ts), handed to each kind so that the
 * combinators can recurse without importing the registry.
 */
export interface GuardOps {
  evaluate(guard: CompiledGuard, input: GuardInput): boolean;
  describe(guard: CompiledGuard): string;
  /** `describe`, in brackets when the guard is itself an `all` or `any`: for a part of a combinator. */
  describeNested(guard: CompiledGuard): string;
  figures(guard: CompiledGuard, input: GuardInput): string[];
  dayPredicate(guard: CompiledGuard): DayPredicate;
  windows(guard: CompiledGuard, add: (weeks: number) => void): void;
  withMinimumSessions(guard: CompiledGuard, minimum: number): CompiledGuard;
  impossible(guard: CompiledGuard): string | undefined;
}

/**
 * Everything the engine knows about one kind of guard (`{ attendance: … }`, `{ flag: … }`), in one place: how it
 * is evaluated, its words for the chart and the history, the figures the history quotes, and optionally a fast
 * predicate for the sparse stepper's look-ahead (ADR 003), the windows of school weeks it reads, how it waits for
 * the policy's minimum of possible sessions, and why it could never hold (`policy check`).
 */
export interface GuardBehaviour<G> {
  /** The guard's key: `{ attendance: … }` is the `attendance` kind. */
  readonly key: string;
  /** The definition: every other reading (the look-ahead's predicate included) must agree with it. */
  evaluate(guard: G, input: GuardInput, guards: GuardOps): boolean;
  /** In the words a school uses, for the chart's arrows and the history: "attendance below 95%". */
  describe(guard: G, guards: GuardOps): string;
  /** The figures the guard saw, quoted in the history beside its words: "attendance 93.2%". */
  figures(guard: G, input: GuardInput, guards: GuardOps): string[];
  /**
   * For a kind that compares one figure with a bound: the figure's name, its value for the case and the comparison,
   * so the chart's inspector can say "attendance 88.4% < 90%" (machines/case/judgeGuard.ts). Agrees with `evaluate`.
   */
  measure?(guard: G, input: GuardInput, guards: GuardOps): Measure;
  /**
   * The look-ahead's predicate, chosen once per guard, reading the pupil's prefix sums directly (no objects).
   * Without one, the look-ahead calls `evaluate` on the day's view.
   */
  dayPredicate?(guard: G, guards: GuardOps): DayPredicate;
  /** The windows of school weeks the guard reads (`CaseMetrics.windows`): the compiler collects them. */
  windows?(guard: G, add: (weeks: number) => void, guards: GuardOps): void;
  /** The guard as it waits for the policy's minimum of possible sessions (compilePolicy); unchanged without. */
  withMinimumSessions?(guard: G, minimum: number, guards: GuardOps): CompiledGuard;
  /** Why the guard can never hold, for `policy check`; undefined when it can (or nothing is known). */
  impossible?(guard: G, guards: GuardOps): string | undefined;
}

/** The figure a comparison guard compares, as `measure` gives it. */
export interface Measure {
  readonly figure: string;
  /** Null when unknown (no possible sessions, a stamp kept before it was recorded): the guard then fails. */
  readonly value: number | null;
  /** "%", " points" or "" (a count). */
  readonly unit: string;
  readonly comparison: Comparison;
}

/** A guard kind a policy writes: its behaviour and its zod object, which machines/policy/schema.ts assembles. */
export interface GuardKind<G> extends GuardBehaviour<G> {
  readonly schema: z.ZodType<G>;
}

/** `all`, `any`, `not`: their zod object is built around the whole (recursive) Guard schema. */
export interface CombinatorKind<G> extends GuardBehaviour<G> {
  schemaOf(guard: z.ZodType<Guard>): z.ZodType;
}

/** The guard a policy kind's zod object reads: `GuardOf<typeof attendance>` is `{ attendance: … }`. */
export type GuardOf<K> = K extends GuardKind<infer G> ? G : never;
