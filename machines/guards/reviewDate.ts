import { z } from "zod";
import type { GuardKind } from "./types.ts";

/** The review date agreed at the last SAP meeting or contract has come: `{ reviewDate: "reached" }`. */
export type ReviewDateGuard = { reviewDate: "reached" };

export const reviewDate: GuardKind<ReviewDateGuard> = {
  key: "reviewDate",
  schema: z.object({ reviewDate: z.literal("reached") }).strict(),
  evaluate: (_guard, { context, event }) => context.reviewDate !== null && event.date >= context.reviewDate,
  describe: () => "review date reached",
  figures: (_guard, { context }) => (context.reviewDate ? [`review date ${context.reviewDate}`] : []),
};
