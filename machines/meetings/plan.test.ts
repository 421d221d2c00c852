import { describe, expect, it } from "vitest";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { allSaints } from "../presets/allSaints.ts";
import { progressWords, reviewDateProblem, reviewPeriodSchoolDays, schoolDaysAfter, sessionsUntil, targetProgress } from "./plan.ts";

// Two school weeks of a term, then a half-term week off, then a week back (a closure on the Monday).
const DAYS = ["2025-10-06", "2025-10-07", "2025-10-08", "2025-10-09", "2025-10-10", "2025-10-13", "2025-10-14", "2025-10-15", "2025-10-16", "2025-10-17", "2025-10-28", "2025-10-29", "2025-10-30", "2025-10-31"];
const TERM = { schoolDays: DAYS, firstDay: DAYS[0]!, lastDay: DAYS.at(-1)! };

describe("the review date a meeting's target runs to", () => {
  it("counts school days, skipping weekends, holidays and closures", () => {
    expect(schoolDaysAfter(DAYS, "2025-10-06", 1)).toBe("2025-10-07");
    expect(schoolDaysAfter(DAYS, "2025-10-10", 1)).toBe("2025-10-13");
    // From the Friday before half term, five school days on is after the holiday and the closure.
    expect(schoolDaysAfter(DAYS, "2025-10-17", 1)).toBe("2025-10-28");
    expect(schoolDaysAfter(DAYS, "2025-10-13", 5)).toBe("2025-10-28");
    // From a Saturday: the Monday is the first.
    expect(schoolDaysAfter(DAYS, "2025-10-11", 1)).toBe("2025-10-13");
    expect(schoolDaysAfter(DAYS, "2025-10-06", 30)).toBeNull();
  });

  it("reads the policy's review period for the event from the case's state (All Saints: a three-week SAP target)", () => {
    const compiled = compilePolicy(allSaints);
    expect(reviewPeriodSchoolDays(compiled, "formalise.sapInvited", "sapMeetingHeld")).toBe(15);
    // The review meeting sets a further two weeks.
    expect(reviewPeriodSchoolDays(compiled, "formalise.sapReviewInvited", "sapMeetingHeld")).toBe(10);
    // A note sets no target.
    expect(reviewPeriodSchoolDays(compiled, "formalise.sapInvited", "note")).toBeNull();
  });
});

describe("a review date is checked against the term dates in force", () => {
  it("refuses a day in the holiday, a weekend, a closure, a day past the term dates and a day before the meeting", () => {
    expect(reviewDateProblem("2025-10-22", "2025-10-06", TERM)).toMatch(/22 October 2025 is not a school day \(a holiday or closure.*the next school day is 28 October 2025/);
    expect(reviewDateProblem("2025-10-11", "2025-10-06", TERM)).toMatch(/not a school day \(a weekend\)/);
    expect(reviewDateProblem("2025-10-27", "2025-10-06", TERM)).toMatch(/not a school day/);
    expect(reviewDateProblem("2025-11-03", "2025-10-06", TERM)).toMatch(/after the last school day in the term dates in force \(31 October 2025\)/);
    expect(reviewDateProblem("2025-10-06", "2025-10-07", TERM)).toMatch(/cannot come before the meeting/);
  });

  it("accepts a school day after the meeting (control), and checks only the order with no term dates", () => {
    expect(reviewDateProblem("2025-10-28", "2025-10-06", TERM)).toBeNull();
    expect(reviewDateProblem("2025-10-07", "2025-10-06", TERM)).toBeNull();
    expect(reviewDateProblem("2025-08-29", "2025-07-22", null)).toBeNull();
  });
});

describe("progress against the target", () => {
  it("counts attendance since the target was set and what is still needed by the review", () => {
    // Set at 100 possible / 80 attended; 20 sessions since, 19 attended; 50 sessions to the review.
    const p = targetProgress({ targetPct: 95, possibleAtSet: 100, attendedAtSet: 80, possibleNow: 120, attendedNow: 99, sessionsToReview: 50 });
    expect(p).toMatchObject({ possibleSince: 20, attendedSince: 19, pctSince: 95, onTarget: true, sessionsToReview: 50, reachable: true });
    // 95% of 70 is 66.5: 67 attended in all, 48 of the 50 left.
    expect(p.needed).toBe(48);
    expect(progressWords(p)).toBe("95.0% since the target was set (19 of 20 sessions): needs 48 of the next 50 sessions to reach 95% by the review.");
  });

  it("needs exactly the target when it lands on a whole session, not one more", () => {
    // 0 since; 20 to go at 90%: 18, not 19.
    expect(targetProgress({ targetPct: 90, possibleAtSet: 10, attendedAtSet: 10, possibleNow: 10, attendedNow: 10, sessionsToReview: 20 }).needed).toBe(18);
    // 92.5% of 40 = 37.
    expect(targetProgress({ targetPct: 92.5, possibleAtSet: 0, attendedAtSet: 0, possibleNow: 0, attendedNow: 0, sessionsToReview: 40 }).needed).toBe(37);
  });

  it("says when the target can no longer be reached, and when it is safe whatever happens", () => {
    const lost = targetProgress({ targetPct: 95, possibleAtSet: 0, attendedAtSet: 0, possibleNow: 20, attendedNow: 10, sessionsToReview: 10 });
    expect(lost.reachable).toBe(false);
    expect(lost.needed).toBe(10);
    expect(lost.bestPct).toBeCloseTo(66.67, 1);
    expect(progressWords(lost)).toMatch(/can no longer be reached/);
    const safe = targetProgress({ targetPct: 50, possibleAtSet: 0, attendedAtSet: 0, possibleNow: 40, attendedNow: 40, sessionsToReview: 10 });
    expect(safe).toMatchObject({ needed: 0, reachable: true });
    expect(progressWords(safe)).toMatch(/whatever the next 10 sessions hold/);
  });

  it("at the review, says met or missed", () => {
    expect(progressWords(targetProgress({ targetPct: 95, possibleAtSet: 0, attendedAtSet: 0, possibleNow: 30, attendedNow: 27, sessionsToReview: 0 }))).toMatch(/is missed at the review/);
    expect(progressWords(targetProgress({ targetPct: 90, possibleAtSet: 0, attendedAtSet: 0, possibleNow: 30, attendedNow: 27, sessionsToReview: 0 }))).toMatch(/is met at the review/);
  });

  it("counts the sessions left as two a school day after the figures' day up to the review day", () => {
    expect(sessionsUntil(DAYS, "2025-10-10", "2025-10-14")).toBe(4);
    expect(sessionsUntil(DAYS, "2025-10-17", "2025-10-29")).toBe(4);
    expect(sessionsUntil(DAYS, "2025-10-31", "2025-10-29")).toBe(0);
  });
});
