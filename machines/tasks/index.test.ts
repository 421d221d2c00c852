import { describe, expect, it } from "vitest";
import { MANUAL_EVENT_PAYLOADS } from "../policy/events.ts";
import { TASK_KINDS, type TaskKind } from "../policy/schema.ts";
import { answerEvent, completeTask, isSafeguarding, mergesOpen, type OpenTask, QUICK_OUTCOMES_BY_KIND, TASK_KIND_DEFS } from "./index.ts";

const task = (id: number, kind: TaskKind, over: Partial<OpenTask> = {}): OpenTask => ({ id, kind, title: `${kind} ${id}`, rule: "r", createdOn: "2025-03-03", historySeq: id, ...over });
const plain = { knownToSocialCare: false };
const sw = { knownToSocialCare: true };

/** The event (and a valid payload) that answers each kind; null where only the task's own outcome completes it. */
const ANSWERING: Record<TaskKind, { type: keyof typeof MANUAL_EVENT_PAYLOADS; payload: Record<string, unknown> }[] | null> = {
  "first-day-call": null,
  "home-visit": [{ type: "homeVisitMade", payload: { outcome: "seen" } }],
  letter: null,
  meeting: [{ type: "sapMeetingHeld", payload: { attendees: ["Parent"], reviewDate: "2025-03-24" } }],
  review: null,
  referral: [{ type: "referralMade", payload: { to: "Early help" } }],
  notification: null,
  "penalty-notice": [
    { type: "noticeToImproveIssued", payload: { parent: "Parent A", improvementPeriodSchoolDays: 15 } },
    { type: "penaltyNoticeIssued", payload: { parent: "Parent A" } },
  ],
  "legal-referral": [{ type: "referralMade", payload: { to: "LA legal team", purpose: "legal" } }],
  "agreed-action": null,
};

describe("the task kinds' registry", () => {
  it("has a module for every task kind of the policy schema, with its words and one-click outcomes", () => {
    expect(Object.keys(TASK_KIND_DEFS).sort()).toEqual([...TASK_KINDS].sort());
    for (const [kind, def] of Object.entries(TASK_KIND_DEFS)) {
      expect(def.kind).toBe(kind);
      expect(def.words.length).toBeGreaterThan(0);
      expect(QUICK_OUTCOMES_BY_KIND[kind]!.length).toBeGreaterThan(0);
    }
  });

  for (const kind of TASK_KINDS) {
    const answering = ANSWERING[kind];
    it(`${kind}: ${answering ? `closed by ${answering.map((a) => a.type).join(" or ")}` : "closed by its outcome only"}`, () => {
      const open = [task(1, kind), task(2, kind, { createdOn: "2025-03-10" })];
      for (const a of answering ?? []) {
        const payload = MANUAL_EVENT_PAYLOADS[a.type].parse(a.payload) as Record<string, unknown>;
        const plan = answerEvent(open, { type: a.type, payload, date: "2025-03-05" }, plain);
        // Raised on or before the event's date: answered; raised after it: left alone.
        expect(plan.changes.map((c) => [c.id, c.status])).toEqual([[1, "done"]]);
        expect(plan.changes[0]!.outcome.length).toBeGreaterThan(0);
      }
      // No other event closes it.
      for (const type of Object.keys(MANUAL_EVENT_PAYLOADS) as (keyof typeof MANUAL_EVENT_PAYLOADS)[]) {
        if (answering?.some((a) => a.type === type)) continue;
        const other = Object.values(ANSWERING).flatMap((l) => l ?? []).find((a) => a.type === type);
        const payload = other ? (MANUAL_EVENT_PAYLOADS[type].parse(other.payload) as Record<string, unknown>) : {};
        const plan = answerEvent(open, { type, payload, date: "2025-03-05" }, plain);
        expect(plan.changes.filter((c) => c.status === "done"), `${type} closes ${kind}`).toEqual([]);
      }
      // Its own outcome always does.
      const words = QUICK_OUTCOMES_BY_KIND[kind]![0]!;
      const done = completeTask(open[0]!, words, "written note", open, sw, "2025-03-05");
      expect(done.ok && done.changes[0]).toMatchObject({ id: 1, status: "done" });
    });
  }
});

describe("what an event does besides", () => {
  it("a SAP meeting held withdraws the unsent letter raised with the meeting task, not another letter", () => {
    const open = [task(1, "meeting", { historySeq: 7 }), task(2, "letter", { historySeq: 7 }), task(3, "letter", { historySeq: 4 })];
    const plan = answerEvent(open, { type: "sapMeetingHeld", payload: { attendees: ["Parent"], reviewDate: "2025-03-24" }, date: "2025-03-05" }, plain);
    expect(plan.changes.map((c) => [c.id, c.status])).toEqual([[1, "done"], [2, "cancelled"]]);
  });

  it("a home visit's outcome raises its follow-up even when no visit task was open", () => {
    expect(answerEvent([], { type: "homeVisitMade", payload: { outcome: "no-answer" }, date: "2025-03-05" }, plain).followUps).toEqual([expect.objectContaining({ kind: "home-visit" })]);
    const concern = answerEvent([], { type: "homeVisitMade", payload: { outcome: "concern-raised" }, date: "2025-03-05" }, plain).followUps;
    expect(concern).toHaveLength(1);
    expect(isSafeguarding(concern[0]!)).toBe(true);
  });

  it("a home visit 'seen' with no notes leaves a known-to-social-care child's visit open, saying why", () => {
    const plan = answerEvent([task(1, "home-visit")], { type: "homeVisitMade", payload: { outcome: "seen" }, date: "2025-03-05" }, sw);
    expect(plan.changes).toEqual([]);
    expect(plan.leftOpen).toEqual([expect.objectContaining({ id: 1 })]);
    const noted = answerEvent([task(1, "home-visit")], { type: "homeVisitMade", payload: { outcome: "seen", notes: "Seen with dad" }, date: "2025-03-05" }, sw);
    expect(noted.changes.map((c) => c.id)).toEqual([1]);
  });
});

describe("a task's outcome", () => {
  it("today's first-day call answers the older open ones, not a later one", () => {
    const open = [
      task(1, "first-day-call", { createdOn: "2025-03-03" }),
      task(2, "first-day-call", { createdOn: "2025-03-04" }),
      task(3, "first-day-call", { createdOn: "2025-03-05" }),
      // The policy's own call to explore barriers: another purpose, left open.
      task(4, "first-day-call", { createdOn: "2025-03-02", rule: "letter-1" }),
    ];
    const plan = completeTask(open[1]!, "Spoke to parent: reason given", undefined, open, plain, "2025-03-04");
    expect(plan.ok && plan.changes.map((c) => c.id)).toEqual([2, 1]);
  });

  it("raises its follow-ups: no answer, a home visit; a concern, a safeguarding notification", () => {
    const call = completeTask(task(1, "first-day-call"), "No answer: home visit needed", undefined, [], plain, "2025-03-03");
    expect(call.ok && call.followUps.map((f) => f.kind)).toEqual(["home-visit"]);
    const visit = completeTask(task(1, "home-visit"), "concern raised with dsl", undefined, [], plain, "2025-03-03");
    expect(visit.ok && visit.followUps.map((f) => f.kind)).toEqual(["notification"]);
    const door = completeTask(task(1, "home-visit"), "No answer at the door", undefined, [], plain, "2025-03-03");
    expect(door.ok && door.followUps.map((f) => f.rule)).toEqual(["follow-up:home-visit-no-answer"]);
  });

  it("'safe and well' alone is refused for a child known to social care, accepted with a note or for another child", () => {
    expect(completeTask(task(1, "home-visit"), "Pupil seen, safe and well", undefined, [], sw, "2025-03-03").ok).toBe(false);
    expect(completeTask(task(1, "home-visit"), "Pupil seen, safe and well", "  ", [], sw, "2025-03-03").ok).toBe(false);
    expect(completeTask(task(1, "home-visit"), "Pupil seen, safe and well", "Seen with mum", [], sw, "2025-03-03")).toMatchObject({ ok: true, changes: [{ outcome: "Pupil seen, safe and well. Note: Seen with mum" }] });
    expect(completeTask(task(1, "home-visit"), "Pupil seen, safe and well", undefined, [], plain, "2025-03-03").ok).toBe(true);
  });

  it("merges repeats of the same purpose but not first-day calls or letters", () => {
    expect(TASK_KINDS.filter(mergesOpen).sort()).toEqual(["home-visit", "legal-referral", "meeting", "notification", "penalty-notice", "referral", "review"]);
  });

  it("gives every kind its own place in Today's order, safeguarding notifications first and letters last", () => {
    const ranks = TASK_KINDS.map((k) => TASK_KIND_DEFS[k].urgency);
    expect(new Set(ranks).size).toBe(TASK_KINDS.length);
    const first = TASK_KINDS.reduce((a, b) => (TASK_KIND_DEFS[a].urgency <= TASK_KIND_DEFS[b].urgency ? a : b));
    const last = TASK_KINDS.reduce((a, b) => (TASK_KIND_DEFS[a].urgency >= TASK_KIND_DEFS[b].urgency ? a : b));
    expect([first, last]).toEqual(["notification", "letter"]);
  });
});
