import { describe, expect, it } from "vitest";
import { historyEntryLabel, historyPayloadLines } from "../case/historyWords.ts";
import { isMeetingEntryType, MEETING_SCHEDULED, meetingScheduledPayloadWords, meetingScheduledWords, MeetingScheduledPayload, meetingTimeWords } from "./meetingScheduled.ts";

const sap = { kind: "sap", date: "2025-09-16", time: "09:30", place: "Room 2", invitees: ["Parent", "AL", "AHT"] } as const;

describe("a meeting scheduled on a case", () => {
  it("takes a kind, a date, a time, a place and who is invited, and refuses what is not", () => {
    expect(MeetingScheduledPayload.safeParse(sap).success).toBe(true);
    const bad = MeetingScheduledPayload.safeParse({ ...sap, time: "9.30", invitees: [], place: " " });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join(".")).sort()).toEqual(["invitees", "place", "time"]);
    expect(MeetingScheduledPayload.safeParse({ ...sap, kind: "party" }).success).toBe(false);
  });

  it("is said in plain words, in the history too", () => {
    expect(meetingScheduledWords(MeetingScheduledPayload.parse(sap))).toBe("School Attendance Panel meeting on Tuesday 16 September 2025 at 9.30am, Room 2 (invited: Parent, AL, AHT)");
    expect(meetingScheduledPayloadWords(MeetingScheduledPayload.parse(sap))).toEqual({ meeting: "School Attendance Panel meeting", date: "Tuesday 16 September 2025", time: "9.30am", place: "Room 2", invited: "Parent, AL, AHT" });
    expect(meetingTimeWords("14:00")).toBe("2pm");
    expect(meetingTimeWords("12:15")).toBe("12.15pm");
    expect(historyEntryLabel(MEETING_SCHEDULED)).toBe("Meeting scheduled");
    // Stored with its keys in any order, said in the order a person reads it.
    expect(historyPayloadLines(MEETING_SCHEDULED, { time: "9.30am", place: "Room 2", meeting: "School Attendance Panel meeting", invited: "Parent, AL", date: "Tuesday 16 September 2025" })).toEqual([
      "School Attendance Panel meeting: Tuesday 16 September 2025 at 9.30am, Room 2",
      "Invited: Parent, AL",
    ]);
    expect(isMeetingEntryType(MEETING_SCHEDULED)).toBe(true);
    expect(isMeetingEntryType("sapMeetingHeld")).toBe(false);
  });
});

describe("a SAP meeting in the history's words", () => {
  it("says the plan, its target and review, the barriers and each action with who and by when, never the raw fields", async () => {
    const { historyPayloadLines } = await import("../case/historyWords.ts");
    const lines = historyPayloadLines("sapMeetingHeld", {
      attendees: ["AL", "Parent"],
      barriers: ["Morning routine", "Anxiety about PE"],
      targets: "",
      targetAttendancePct: 95,
      reviewDate: "2025-10-06",
      outcome: "plan-agreed",
      actions: [{ action: "Breakfast club place", owner: "AL", dueDate: "2025-09-19" }],
    })!;
    expect(lines).toEqual([
      "Plan agreed: target 95%, review on Monday 6 October 2025",
      "Attended: AL, Parent",
      "Barriers: Morning routine; Anxiety about PE",
      "Action agreed: Breakfast club place (AL, by Friday 19 September 2025)",
    ]);
    expect(lines.join(" ")).not.toMatch(/plan-agreed|Target attendance pct/);
    // Other entries keep their own lines (control).
    expect(historyPayloadLines("note", { text: "x" })).toBeNull();
  });
});
