// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AttendanceSeries } from "../src/api/client.ts";
import { AttendanceChart } from "../src/case/AttendanceChart.tsx";
import { installFlowStubs } from "./setup.ts";

beforeAll(installFlowStubs);
afterEach(cleanup);

/** 40 school days from Monday 1 September 2025: present for 20 days, then absent unauthorised every other day. */
function series(): AttendanceSeries {
  const days: AttendanceSeries["days"] = [];
  let attended = 0;
  let possible = 0;
  let unauth = 0;
  const date = new Date("2025-09-01T12:00:00Z");
  while (days.length < 40) {
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) {
      possible += 2;
      if (days.length < 20 || days.length % 2 === 0) attended += 2;
      else unauth += 2;
      days.push({ date: date.toISOString().slice(0, 10), attendancePct: (attended / possible) * 100, unauthorisedLast10Weeks: unauth, possibleSessions: possible });
    }
    date.setUTCDate(date.getUTCDate() + 1);
  }
  return {
    upn: "A999314720002",
    asOf: days.at(-1)!.date,
    bands: [
      { id: "target", label: "At or above target", colour: "#2e7d32", min: 95, max: 100 },
      { id: "concern", label: "Concern", colour: "#ef6c00", min: 90, max: 94.99 },
      { id: "case-work", label: "Case work", colour: "#b71c1c", min: 0, max: 89.99 },
    ],
    penaltyThreshold: { sessions: 10, schoolWeeks: 10 },
    days,
  };
}

describe("AttendanceChart", () => {
  it("draws the year's attendance line, the unauthorised area and a reference line for each band threshold and the penalty threshold", () => {
    const s = series();
    const { container } = render(<AttendanceChart series={s} width={800} height={300} />);
    expect(container.querySelector("svg.recharts-surface")).not.toBeNull();
    const line = container.querySelector(".recharts-line-curve");
    expect(line?.getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+/);
    expect(container.querySelector(".recharts-area-area")).not.toBeNull();
    // Bands with a lower bound (95%, 90%) become dashed lines in their colours; the 0% band does not.
    const refs = [...container.querySelectorAll(".recharts-reference-line-line")];
    const strokes = refs.map((r) => r.getAttribute("stroke"));
    expect(strokes).toEqual(expect.arrayContaining(["#2e7d32", "#ef6c00", "#7f0000"]));
    expect(strokes).not.toContain("#b71c1c");
    expect(container.textContent).toContain("95%");
    expect(container.textContent).toContain("penalty threshold (10)");
    // The caption and the table say the same figures in words.
    const last = s.days.at(-1)!;
    expect(screen.getByText(new RegExp(`Attendance ${last.attendancePct!.toFixed(1)}%`))).toBeTruthy();
    expect(screen.getByRole("table").querySelectorAll("tbody tr").length).toBe(8);
  });

  it("says so when there are no marks yet", () => {
    render(<AttendanceChart series={{ ...series(), days: [] }} width={800} />);
    expect(screen.getByText("No register marks yet for this pupil.")).toBeTruthy();
  });
});
