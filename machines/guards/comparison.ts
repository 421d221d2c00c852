import { z } from "zod";

/**
 * What most guard kinds share: a number compared with one of `below`, `atMost`, `atLeast`, `above`, `reaches`,
 * its schema, its evaluation (`compare`, and `comparator` for the look-ahead) and its words.
 */

/** A number, or `$name` naming one of the policy's parameters. */
export const NumberOrParameter = z.union([
  z.number(),
  z.string().regex(/^\$[A-Za-z][A-Za-z0-9]*$/, "a parameter reference looks like $letter1Below"),
]);
export type NumberOrParameter = z.infer<typeof NumberOrParameter>;

/** Exactly one comparison: `below`, `atMost`, `atLeast`, `above`, or `reaches` (equal: true on the day it gets there). */
export interface Comparison {
  below?: NumberOrParameter;
  atMost?: NumberOrParameter;
  atLeast?: NumberOrParameter;
  above?: NumberOrParameter;
  reaches?: NumberOrParameter;
}

export const SchoolWeeks = z.union([
  z.number().int().min(1).max(52),
  z.string().regex(/^\$[A-Za-z][A-Za-z0-9]*$/, "a parameter reference looks like $fastTrackWeeks"),
]);

const COMPARATORS = ["below", "atMost", "atLeast", "above", "reaches"] as const;
export const comparisonShape = {
  below: NumberOrParameter.optional(),
  atMost: NumberOrParameter.optional(),
  atLeast: NumberOrParameter.optional(),
  above: NumberOrParameter.optional(),
  reaches: NumberOrParameter.optional(),
};
const exactlyOneComparator = (c: Record<string, unknown>) => COMPARATORS.filter((k) => c[k] !== undefined).length === 1;
const exactlyOneMessage = { message: "give exactly one of below, atMost, atLeast, above, reaches" };

/** A comparison on its own: `{ below: 90 }`. */
export const Comparison: z.ZodType<Comparison> = z.object(comparisonShape).strict().refine(exactlyOneComparator, exactlyOneMessage);

/** A comparison with more fields beside it (`overSchoolWeeks`, `period`), still exactly one comparator. */
export function comparisonWith<S extends z.ZodRawShape>(shape: S) {
  return z
    .object({ ...comparisonShape, ...shape })
    .strict()
    .refine(exactlyOneComparator, exactlyOneMessage);
}

/** Compares a figure; an unknown figure (null) never holds. */
export function compare(value: number | null, c: Comparison): boolean {
  if (value === null) return false;
  if (c.below !== undefined) return value < (c.below as number);
  if (c.atMost !== undefined) return value <= (c.atMost as number);
  if (c.atLeast !== undefined) return value >= (c.atLeast as number);
  if (c.above !== undefined) return value > (c.above as number);
  if (c.reaches !== undefined) return value === (c.reaches as number);
  return false;
}

/** `compare` with the comparison chosen once, for the look-ahead's predicates. */
export function comparator(c: Comparison): (value: number | null) => boolean {
  if (c.below !== undefined) {
    const x = c.below as number;
    return (v) => v !== null && v < x;
  }
  if (c.atMost !== undefined) {
    const x = c.atMost as number;
    return (v) => v !== null && v <= x;
  }
  if (c.atLeast !== undefined) {
    const x = c.atLeast as number;
    return (v) => v !== null && v >= x;
  }
  if (c.above !== undefined) {
    const x = c.above as number;
    return (v) => v !== null && v > x;
  }
  if (c.reaches !== undefined) {
    const x = c.reaches as number;
    return (v) => v !== null && v === x;
  }
  return () => false;
}

/** A comparison in words: "below 95%", "10 or more". */
export function comparisonWords(c: Comparison, unit: string): string {
  if (c.below !== undefined) return `below ${c.below}${unit}`;
  if (c.atMost !== undefined) return `at most ${c.atMost}${unit}`;
  if (c.atLeast !== undefined) return `${c.atLeast}${unit} or more`;
  if (c.above !== undefined) return `above ${c.above}${unit}`;
  if (c.reaches !== undefined) return `reaches ${c.reaches}${unit}`;
  return "?";
}

/** A percentage as the history quotes it. */
export function pct(value: number | null): string {
  return value === null ? "no possible sessions" : `${value.toFixed(1)}%`;
}

/** `policy check`: an attendance percentage that can never be below, above… its bound. */
export function impossiblePercentage(c: Comparison): string | undefined {
  if (c.below !== undefined && (c.below as number) <= 0) return `attendance below ${c.below}%`;
  if (c.above !== undefined && (c.above as number) >= 100) return `attendance above ${c.above}%`;
  if (c.atLeast !== undefined && (c.atLeast as number) > 100) return `attendance of ${c.atLeast}% or more`;
  if (c.atMost !== undefined && (c.atMost as number) < 0) return `attendance of at most ${c.atMost}%`;
  return undefined;
}

/** `policy check`: a count (sessions, days) that can never be below 0. */
export function impossibleCount(key: string, c: Comparison): string | undefined {
  if (c.below !== undefined && (c.below as number) <= 0) return `${key} below ${c.below}`;
  if (c.atMost !== undefined && (c.atMost as number) < 0) return `${key} at most ${c.atMost}`;
  if (c.reaches !== undefined && (c.reaches as number) < 0) return `${key} reaches ${c.reaches}`;
  return undefined;
}
