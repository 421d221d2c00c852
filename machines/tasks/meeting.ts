import { agreedActionFollowUps } from "./agreedAction.ts";
import type { TaskKindDef } from "./types.ts";

/** A meeting to hold (a School Attendance Panel, its review, a Fast Track meeting): answered when it is held. */
export const meeting: TaskKindDef = {
  kind: "meeting",
  words: "Meeting",
  outcomes: [{ words: "Meeting held" }, { words: "Parent did not attend" }, { words: "Meeting rearranged" }],
  answeredBy: [
    {
      event: "sapMeetingHeld",
      outcome: (_p, date) => `Meeting held on ${date}`,
      // The invitation raised with the meeting task, still unsent, is moot once the meeting has been held.
      // The actions agreed at it become tasks, each due on its own date (machines/tasks/agreedAction.ts).
      followUps: (p) => agreedActionFollowUps(p),
      withdrawsSiblings: { kinds: ["letter"], why: (date) => `Not sent: the meeting it invites to was held on ${date}` },
    },
  ],
  urgency: 6,
  mergeOpen: true,
};
