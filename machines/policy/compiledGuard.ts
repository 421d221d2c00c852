import type { Guard } from "./schema.ts";

/**
 * Guards the compiler adds to every policy, whatever the school wrote (the statutory baselines):
 * - `supportFirst`: Enforce only after a recorded support stage, unless the absence is an unauthorised holiday;
 * - `compulsorySchoolAge`: legal intervention only for pupils of compulsory school age;
 * - `penaltyNoticeCap`: at most two penalty notices per parent per child within three years.
 */
export type StatutoryGuard = { statutory: "supportFirst" | "compulsorySchoolAge" | "penaltyNoticeCap" };

/** A guard after compilation: parameters resolved to numbers, statutory gates added. */
export type CompiledGuard =
  | Exclude<Guard, { all: Guard[] } | { any: Guard[] } | { not: Guard }>
  | { all: CompiledGuard[] }
  | { any: CompiledGuard[] }
  | { not: CompiledGuard }
  | StatutoryGuard;
