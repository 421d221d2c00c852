import type { TaskKindDef } from "./types.ts";

/** A first-day call: one day's unexplained absence. Today's call answers yesterday's still-open one. */
export const firstDayCall: TaskKindDef = {
  kind: "first-day-call",
  words: "First-day call",
  outcomes: [
    { words: "Spoke to parent: reason given" },
    { words: "No answer: message left" },
    {
      words: "No answer: home visit needed",
      followUps: [{ kind: "home-visit", title: "Home visit: no answer to the first-day call", rule: "follow-up:first-day-call-no-answer", dueInSchoolDays: 0 }],
    },
  ],
  answeredBy: [],
  urgency: 2,
  mergeOpen: false,
  supersedesOlder: true,
};
