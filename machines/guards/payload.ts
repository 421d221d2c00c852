import { z } from "zod";
import type { GuardKind } from "./types.ts";

/** What a person recorded with the event: `{ payload: { outcome: "improved" } }`; every field must match. */
export type PayloadGuard = { payload: Record<string, string | number | boolean> };

export const payload: GuardKind<PayloadGuard> = {
  key: "payload",
  schema: z.object({ payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) }).strict(),
  evaluate: (guard, { event }) => {
    const recorded = "payload" in event ? event.payload : {};
    return Object.entries(guard.payload).every(([k, v]) => recorded[k] === v);
  },
  describe: (guard) =>
    Object.entries(guard.payload)
      .map(([k, v]) => `${k} is ${String(v)}`)
      .join(" and "),
  figures: () => [],
};
