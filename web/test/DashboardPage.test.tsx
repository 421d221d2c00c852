// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

const group = (name: string, pupils: number | null, o: Record<string, unknown> = {}) => ({
  group: name,
  pupils,
  suppressed: pupils === null,
  why: pupils === null ? "fewer than 5 pupils" : null,
  attendancePct: pupils === null ? null : 92.9,
  absencePct: pupils === null ? null : 7.1,
  persistentAbsence: pupils === null ? null : 9,
  persistentAbsencePct: pupils === null ? null : 20.9,
  severeAbsence: null,
  severeAbsencePct: null,
  ...o,
});

const comparison = (measure: string, label: string, school: number | null, national: number, words: string, notablyWorse: boolean) => ({
  measure, label, school, unit: "% of pupils", national, nationalLabel: `${label}, mainstream primary`, nationalPhase: "primary", year: "2023/24",
  source: "DfE Explore Education Statistics: Pupil absence in schools in England", differencePoints: null, ratio: null, words, notablyWorse,
});

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  return {
    ...real,
    api: {
      ...real.api,
      dashboard: vi.fn(async () => ({
        asOf: "2026-03-27",
        schoolYear: "2025/26",
        phase: { phase: "primary", words: "primary" },
        smallGroup: 5,
        school: { ...group("Whole school", 300, { severeAbsence: 7, severeAbsencePct: 2.33 }), unauthorisedPct: 1.2 },
        comparisons: [
          { ...comparison("attendance", "Attendance", 92.9, 94.5, "1.6 points below the national primary figure (94.5%, 2023/24).", true), unit: "% of possible sessions", nationalLabel: "Overall absence, state-funded primary" },
          comparison("severe-absence", "Severe absence (50% or more)", 2.33, 0.85, "1.5 points above the national primary figure (0.85%, 2023/24): 2.7 times the national rate.", true),
        ],
        trend: { year: "2025/26", lastYear: null, nationalAttendancePct: 94.5, halfTerms: [{ name: "Autumn 1", from: "2025-09-03", to: "2025-10-24", attendancePct: 94.1, lastYear: null }] },
        casesByStage: { expect: 250, monitor: 20, listen: 12, facilitate: 9, formalise: 6, enforce: null },
        groups: { yearGroup: [group("Reception", 43), group("Year 1", 45)], lookedAfter: [group("Looked after", null), { ...group("Not looked after", null), why: "withheld so that a group of fewer than 5 cannot be worked out" }] },
        lettersByMonth: { "2025-10": { concern: 12, recognition: 40, "legal-warning": null, information: 0, other: 0 } },
        meetingsByMonth: { "2025-10": 6 },
        benchmarks: [],
      })),
    },
  };
});

const { DashboardPage } = await import("../src/pages/DashboardPage.tsx");
afterEach(cleanup);

describe("DashboardPage", () => {
  it("sets attendance beside national attendance, flags what is notably worse, and names the source and year", async () => {
    render(<DashboardPage />);
    const table = await screen.findByRole("table", { name: "The school beside the national figures" });
    const row = within(table).getByRole("row", { name: /Attendance/ });
    expect(row.textContent).toContain("92.9%");
    expect(row.textContent).toContain("94.5%");
    expect(row.textContent).toContain("1.6 points below the national primary figure");
    expect(screen.getByRole("note", { name: /notably worse/ }).textContent).toMatch(/2\.7 times the national rate/);
    expect(screen.getByText(/National figures: DfE Explore Education Statistics: Pupil absence in schools in England \(2023\/24\)/)).toBeTruthy();
  });

  it("shows recognition letters apart from concern letters, and withheld counts as 'fewer than 5'", async () => {
    render(<DashboardPage />);
    const recognition = await screen.findByRole("table", { name: "Recognition letters by month" });
    expect(recognition.textContent).toContain("40");
    // 12 concern letters plus a withheld count of legal warnings: the sum is withheld too.
    expect(screen.getByRole("table", { name: "Concern letters by month" }).textContent).toContain("fewer than 5");
    expect(screen.getByRole("table", { name: "Cases by stage" }).querySelector('[data-bar="enforce"]')!.textContent).toContain("fewer than 5");
  });

  it("shows the looked-after group with its figures withheld, and no percentage of one child", async () => {
    render(<DashboardPage />);
    const lac = await screen.findByRole("table", { name: "Looked after" });
    expect(lac.textContent).toContain("fewer than 5");
    expect(lac.textContent).not.toMatch(/\d%/);
    const years = screen.getByRole("table", { name: "By year group" });
    const reception = years.querySelector('[data-group="Reception"]')!;
    expect(reception.textContent).toContain("fewer than 5 pupils");
    expect(reception.textContent).not.toContain("2.3%");
    expect(screen.getByRole("table", { name: "Attendance by half term" }).textContent).toContain("Autumn 1");
  });
});
