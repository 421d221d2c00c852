import { describe, expect, it } from "vitest";
import { addDays } from "./schoolDate.ts";
import { dailyMetrics, weekdaysBetween } from "../../test/support/dayTokens.ts";

// Autumn 2024, half-term 28 Oct - 1 Nov. School weeks (by Monday): 0 = 2 Sep, 1 = 9 Sep, 2 = 16 Sep,
// 3 = 23 Sep, 4 = 30 Sep, 5 = 7 Oct, 6 = 14 Oct, 7 = 21 Oct, (half-term), 8 = 4 Nov, 9 = 11 Nov, 10 = 18 Nov,
// 11 = 25 Nov, 12 = 2 Dec, 13 = 9 Dec, 14 = 16 Dec.
const days = weekdaysBetween("2024-09-02", "2024-12-20", [["2024-10-28", "2024-11-01"]]);

/** Day tokens: `marks[date]` on the listed dates, present otherwise. */
function register(marks: Record<string, string>) {
  const tokens = days.map((d) => marks[d] ?? "/").join(" ");
  const { calendar, byDay } = dailyMetrics(days, tokens);
  return (date: string) => byDay[calendar.indexOf(date)]!;
}

describe("the penalty-notice rolling window (10 unauthorised sessions in 10 school weeks)", () => {
  it("includes the current, partial, school week", () => {
    // 8 unauthorised sessions on the Mondays of weeks 1..4, then 2 on Monday of week 10.
    const on = register({
      "2024-09-09": "O", "2024-09-16": "O", "2024-09-23": "O", "2024-09-30": "O",
      "2024-11-18": "G",
    });
    expect(on("2024-11-15").unauthorisedSessionsLast10SchoolWeeks).toBe(8);
    expect(on("2024-11-15").penaltyThresholdMet).toBe(false);
    // Monday of week 10: the window is weeks 1..10, the current week having had one day so far.
    expect(on("2024-11-18").unauthorisedSessionsLast10SchoolWeeks).toBe(10);
    expect(on("2024-11-18").penaltyThresholdMet).toBe(true);
    expect(on("2024-11-18").penaltyThresholdFirstMetOn).toBe("2024-11-18");
  });

  it("drops a school week once it is more than 10 school weeks back", () => {
    const on = register({ "2024-09-02": "O", "2024-09-09": "O", "2024-11-15": "N" });
    // Friday of week 9: weeks 0..9, so all 6.
    expect(on("2024-11-15").unauthorisedSessionsLast10SchoolWeeks).toBe(6);
    // Monday of week 10: weeks 1..10; week 0's two sessions have left the window.
    expect(on("2024-11-18").unauthorisedSessionsLast10SchoolWeeks).toBe(4);
  });

  it("reaches back over half-term: 10 sessions over 11 calendar weeks with a half-term inside meet it", () => {
    // One unauthorised AM session on the Monday of each school week 3..12: 23 Sep .. 2 Dec, 11 calendar weeks.
    const mondays = ["2024-09-23", "2024-09-30", "2024-10-07", "2024-10-14", "2024-10-21",
      "2024-11-04", "2024-11-11", "2024-11-18", "2024-11-25", "2024-12-02"];
    const on = register(Object.fromEntries(mondays.map((d) => [d, "O,/"])));
    expect(on("2024-11-29").unauthorisedSessionsLast10SchoolWeeks).toBe(9);
    expect(on("2024-11-29").penaltyThresholdMet).toBe(false);
    expect(on("2024-12-02").unauthorisedSessionsLast10SchoolWeeks).toBe(10);
    expect(on("2024-12-02").penaltyThresholdMet).toBe(true);
    expect(on("2024-12-02").penaltyThresholdFirstMetOn).toBe("2024-12-02");
  });

  it("reports the first date the window reached 10, not the date asked about", () => {
    // 4 days of O from Tuesday 8 Oct: 2, 4, 6, 8 sessions... then U in the AM of Monday 14 Oct and O in the PM.
    const on = register({
      "2024-10-08": "O", "2024-10-09": "O", "2024-10-10": "O", "2024-10-11": "O", "2024-10-14": "U,O",
    });
    expect(on("2024-10-11").penaltyThresholdFirstMetOn).toBeNull();
    expect(on("2024-10-11").unauthorisedSessionsLast10SchoolWeeks).toBe(8);
    expect(on("2024-10-14").penaltyThresholdFirstMetOn).toBe("2024-10-14");
    expect(on("2024-12-20").penaltyThresholdFirstMetOn).toBe("2024-10-14");
    expect(on("2024-12-20").penaltyThresholdMet).toBe(true); // weeks 5..14 still hold all 10
  });

  it("is met afresh after falling below, keeping the first date", () => {
    const week = (monday: string, code: string) =>
      Object.fromEntries(days.filter((d) => d >= monday && d < addDays(monday, 7)).map((d) => [d, code]));
    const on = register({ ...week("2024-09-02", "O"), ...week("2024-12-02", "G") });
    expect(on("2024-09-06").penaltyThresholdMet).toBe(true);
    expect(on("2024-09-06").penaltyThresholdMetAfresh).toBe(true);
    expect(on("2024-09-09").penaltyThresholdMetAfresh).toBe(false); // still met, not afresh
    expect(on("2024-11-15").penaltyThresholdMet).toBe(true); // weeks 0..9
    expect(on("2024-11-18").penaltyThresholdMet).toBe(false); // weeks 1..10: below again
    expect(on("2024-11-18").unauthorisedSessionsLast10SchoolWeeks).toBe(0);
    expect(on("2024-12-05").penaltyThresholdMet).toBe(false); // 8 of the second 10
    expect(on("2024-12-06").penaltyThresholdMet).toBe(true);
    expect(on("2024-12-06").penaltyThresholdMetAfresh).toBe(true);
    expect(on("2024-12-06").penaltyThresholdFirstMetOn).toBe("2024-09-06");
    expect(on("2024-12-06").unauthorisedHolidaySessionsLast10SchoolWeeks).toBe(10);
  });
});
