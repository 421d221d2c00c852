/**
 * What a parent or carer's details must be, for the API and the parents file alike (one zod schema): the checks
 * and their words live here.
 */
import { z } from "@hono/zod-openapi";
import type { ParentCarerDetails } from "../../db/parentsCarers.ts";

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** A UK postcode in capitals with one space (`zz991aa` → `ZZ99 1AA`), or undefined when it is not one. */
export function normalisePostcode(raw: string): string | undefined {
  const m = POSTCODE.exec(raw.trim().toUpperCase().replace(/\s+/g, " "));
  return m ? `${m[1]} ${m[2]}` : undefined;
}

/** Digits, spaces, brackets, dashes and a leading +; 7 to 15 digits. */
export function phoneProblem(raw: string): string | undefined {
  if (!/^\+?[0-9 ()-]+$/.test(raw)) return `"${raw.slice(0, 40)}" is not a phone number: use digits, spaces and a leading + only`;
  const digits = raw.replace(/\D/g, "").length;
  if (digits < 7 || digits > 15) return `"${raw.slice(0, 40)}" has ${digits} digits; a phone number has 7 to 15`;
  return undefined;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `at most ${max} characters` })
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

/** The details as the API takes them (and returns them). */
export const ParentCarerInput = z
  .object({
    name: z.string().trim().min(1, { message: "the name is empty" }).max(100, { message: "at most 100 characters" }).openapi({ example: "Ms Jo Example" }),
    relationship: z.string().trim().min(1, { message: "say how they are related to the pupil (Mother, Grandparent, Foster carer…)" }).max(50, { message: "at most 50 characters" }).openapi({ example: "Mother" }),
    parentalResponsibility: z.boolean(),
    livesWithPupil: z.boolean(),
    addressLines: z
      .array(z.string().trim().max(100, { message: "at most 100 characters a line" }))
      .max(4, { message: "at most 4 lines (the postcode has its own field)" })
      .default([])
      .transform((lines) => lines.filter((l) => l !== "")),
    postcode: optionalText(20).superRefine((v, ctx) => {
      if (v && !normalisePostcode(v)) ctx.addIssue({ code: "custom", message: `"${v}" is not a UK postcode (such as ZZ99 1AA)` });
    }).transform((v) => (v ? normalisePostcode(v)! : null)),
    phone: optionalText(25).superRefine((v, ctx) => {
      const problem = v ? phoneProblem(v) : undefined;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    email: optionalText(200).superRefine((v, ctx) => {
      if (v && !z.email().safeParse(v).success) ctx.addIssue({ code: "custom", message: `"${v.slice(0, 60)}" is not an email address` });
    }),
    priority: z.number().int({ message: "a whole number" }).min(1, { message: "1 is contacted first; at least 1" }).max(9, { message: "at most 9" }),
    correspondence: z.boolean(),
    liableForNotices: z.boolean().nullable(),
  })
  .strict()
  .openapi("ParentCarerInput");

export type ParentCarerInputValue = z.output<typeof ParentCarerInput>;

export function toDetails(v: ParentCarerInputValue): ParentCarerDetails {
  return {
    name: v.name,
    relationship: v.relationship,
    parentalResponsibility: v.parentalResponsibility,
    livesWithPupil: v.livesWithPupil,
    addressLines: v.addressLines,
    postcode: v.postcode ?? null,
    phone: v.phone ?? null,
    email: v.email ?? null,
    priority: v.priority,
    correspondence: v.correspondence,
    liableForNotices: v.liableForNotices,
  };
}
