import { describe, expect, it } from "vitest";
import { MANUAL_EVENT_PAYLOADS } from "../policy/events.ts";
import { answerEvent, completeTask, type OpenTask } from "./index.ts";

const held = (actions: unknown[]) =>
  MANUAL_EVENT_PAYLOADS.sapMeetingHeld.parse({ attendees: ["AL", "Parent"], reviewDate: "2025-10-06", targetAttendancePct: 95, actions }) as Record<string, unknown>;

describe("actions agreed at a meeting", () => {
  it("each become an agreed-action task due on its own date, whether or not a meeting task was open", () => {
    const plan = answerEvent([], { type: "sapMeetingHeld", payload: held([{ action: "Breakfast club place", owner: "AL", dueDate: "2025-09-19" }, { action: "Alarm clock at home", owner: "Parent", dueDate: "2025-09-22" }]), date: "2025-09-15" }, { knownToSocialCare: false });
    expect(plan.followUps).toEqual([
      { kind: "agreed-action", title: "Breakfast club place (AL)", rule: "follow-up:agreed-action", dueInSchoolDays: 0, dueOn: "2025-09-19" },
      { kind: "agreed-action", title: "Alarm clock at home (Parent)", rule: "follow-up:agreed-action", dueInSchoolDays: 0, dueOn: "2025-09-22" },
    ]);
  });

  it("a meeting with no actions raises none (control), and an action without an owner or date is refused", () => {
    expect(answerEvent([], { type: "sapMeetingHeld", payload: held([]), date: "2025-09-15" }, { knownToSocialCare: false }).followUps).toEqual([]);
    const bad = MANUAL_EVENT_PAYLOADS.sapMeetingHeld.safeParse({ attendees: ["AL"], reviewDate: "2025-10-06", actions: [{ action: "Breakfast club", owner: "", dueDate: "soon" }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(["actions.0.owner", "actions.0.dueDate"]);
  });

  it("a later meeting does not close the open actions; their owner's outcome does", () => {
    const open: OpenTask[] = [{ id: 7, kind: "agreed-action", title: "Breakfast club place (AL)", rule: "follow-up:agreed-action", createdOn: "2025-09-15", historySeq: 3 }];
    const review = answerEvent(open, { type: "sapMeetingHeld", payload: held([]), date: "2025-10-06" }, { knownToSocialCare: false });
    expect(review.changes).toEqual([]);
    const done = completeTask(open[0]!, "Done", undefined, open, { knownToSocialCare: false }, "2025-09-18");
    expect(done.ok && done.changes).toEqual([{ id: 7, kind: "agreed-action", title: "Breakfast club place (AL)", status: "done", outcome: "Done" }]);
  });
});
