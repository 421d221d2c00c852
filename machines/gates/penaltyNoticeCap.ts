import type { CaseContext } from "../case/types.ts";
import { parentNamed, samePerson } from "./noticeToImprove.ts";
import type { StatutoryGate } from "./types.ts";

/** Penalty notices to the same parent for the same pupil within three years (the Education (Penalty Notices) Regulations). */
export const PENALTY_NOTICES_PER_PARENT_IN_THREE_YEARS = 2;

/** Penalty notices in the three years before `onDate`: to `parent`, or to any parent of the pupil when none is named. */
export function penaltyNoticesInThreeYears(context: CaseContext, onDate: string, parent?: string): number {
  const [y, m, d] = onDate.split("-");
  const threeYearsBefore = `${Number(y) - 3}-${m}-${d}`;
  return context.penaltyNotices.filter((n) => (parent === undefined || samePerson(n.parent, parent)) && n.date > threeYearsBefore).length;
}

export const penaltyNoticeCap: StatutoryGate = {
  id: "penaltyNoticeCap",
  title: "No third penalty notice in three years",
  law:
    "The Education (Penalty Notices) (England) Regulations as amended in 2024: at most two penalty notices to the same parent for the same child within three years; after that, another route (usually prosecution).",
  appliesTo: "Recording a penalty notice issued.",
  describe: () => `fewer than ${PENALTY_NOTICES_PER_PARENT_IN_THREE_YEARS} penalty notices to this parent in 3 years`,
  holds: (_guard, { context, event }) =>
    penaltyNoticesInThreeYears(context, event.date, parentNamed(event)) < PENALTY_NOTICES_PER_PARENT_IN_THREE_YEARS,
  figures: (_guard, { context, event }) => {
    const parent = parentNamed(event);
    return `${penaltyNoticesInThreeYears(context, event.date, parent)} earlier penalty notices to ${parent || "this parent"} in 3 years`;
  },
  blocked: (_guard, { context, event }) => {
    const parent = parentNamed(event);
    return `${penaltyNoticesInThreeYears(context, event.date, parent)} penalty notices to ${parent || "this parent"} in the last 3 years already; a third is not allowed (consider another route, such as prosecution)`;
  },
};
