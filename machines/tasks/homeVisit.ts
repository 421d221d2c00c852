import type { FollowUp, TaskKindDef } from "./types.ts";

const AGAIN: FollowUp = { kind: "home-visit", title: "Home visit again: no answer at the door", rule: "follow-up:home-visit-no-answer", dueInSchoolDays: 1 };
const CONCERN: FollowUp = {
  kind: "notification",
  title: "Safeguarding: a concern was raised with the DSL at a home visit: check it is recorded and tell the social worker if the child has one",
  rule: "follow-up:safeguarding-concern",
  dueInSchoolDays: 0,
};

const VISIT_WORDS: Record<string, string> = { seen: "Pupil seen", "no-answer": "No answer at the door", "concern-raised": "Concern raised with DSL" };

/** A home visit: answered by a home visit recorded on the case; no answer calls for another, a concern for the DSL. */
export const homeVisit: TaskKindDef = {
  kind: "home-visit",
  words: "Home visit",
  outcomes: [
    { words: "Pupil seen, safe and well", needsNoteWhenKnownToSocialCare: true },
    { words: "No answer at the door", followUps: [AGAIN] },
    {
      words: "Concern raised with DSL",
      followUps: [CONCERN],
      confirm: "Record a safeguarding concern for this child? It stays in the case history and raises a safeguarding notification task.",
    },
  ],
  answeredBy: [
    {
      event: "homeVisitMade",
      outcome: (p) => [`Home visit made: ${VISIT_WORDS[String(p.outcome)] ?? String(p.outcome)}`, typeof p.notes === "string" && p.notes.trim() ? p.notes.trim() : null].filter(Boolean).join(". "),
      followUps: (p) => (p.outcome === "no-answer" ? [AGAIN] : p.outcome === "concern-raised" ? [CONCERN] : []),
      needsNotesWhenKnownToSocialCare: (p) => p.outcome === "seen",
    },
  ],
  urgency: 3,
  mergeOpen: true,
};
