import { z } from "zod";
import type { CaseContext, CaseEvent } from "../case/types.ts";
import { compare, comparator, Comparison, comparisonWords, impossibleCount } from "./comparison.ts";
import type { GuardKind } from "./types.ts";

/** Days of the current continuous absence since medical evidence was last received: `{ continuousAbsenceWithoutMedicalEvidence: { reaches: 3 } }`. */
export type ContinuousAbsenceWithoutMedicalEvidenceGuard = { continuousAbsenceWithoutMedicalEvidence: Comparison };

/** Whole days of the current continuous absence since medical evidence was last received. */
export function absenceWithoutEvidence(context: CaseContext, event: CaseEvent): number {
  const run = event.metrics.continuousAbsenceDays;
  const evidence = context.medicalEvidenceDayIndex;
  if (evidence === null || evidence <= event.dayIndex - run) return run;
  return Math.max(0, event.dayIndex - evidence);
}

export const continuousAbsenceWithoutMedicalEvidence: GuardKind<ContinuousAbsenceWithoutMedicalEvidenceGuard> = {
  key: "continuousAbsenceWithoutMedicalEvidence",
  schema: z.object({ continuousAbsenceWithoutMedicalEvidence: Comparison }).strict(),
  evaluate: ({ continuousAbsenceWithoutMedicalEvidence: c }, { context, event }) => compare(absenceWithoutEvidence(context, event), c),
  describe: ({ continuousAbsenceWithoutMedicalEvidence: c }) => `days of continuous absence without medical evidence ${comparisonWords(c, "")}`,
  // The figure it compares, for the chart's inspector (machines/case/judgeGuard.ts).
  measure: ({ continuousAbsenceWithoutMedicalEvidence: c }, { context, event }) => ({ figure: "days of continuous absence without medical evidence", value: absenceWithoutEvidence(context, event), unit: "", comparison: c }),
  figures: (_guard, { context, event }) => [`${absenceWithoutEvidence(context, event)} days absent without medical evidence`],
  dayPredicate: ({ continuousAbsenceWithoutMedicalEvidence: c }) => {
    const cmp = comparator(c);
    return (context, day) => {
      // absenceWithoutEvidence, from the prefix sums
      const run = day.series.continuousAbsenceDays[day.d]!;
      const evidence = context.medicalEvidenceDayIndex;
      return cmp(evidence === null || evidence <= day.d - run ? run : Math.max(0, day.d - evidence));
    };
  },
  impossible: ({ continuousAbsenceWithoutMedicalEvidence: c }) => impossibleCount("continuousAbsenceWithoutMedicalEvidence", c),
};
