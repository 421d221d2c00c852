// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const state = vi.hoisted(() => ({ calls: [] as { week?: number; target?: number }[], draws: [] as { halfTerm: number; seed?: number }[] }));

function celebration(week = 1, target = 96) {
  const ranking = [
    { class: "3A", pupils: 28, possibleSessions: 280, attendedSessions: 278, attendancePct: (278 / 280) * 100 },
    { class: "4B", pupils: 27, possibleSessions: 270, attendedSessions: 262, attendancePct: (262 / 270) * 100 },
    { class: "2C", pupils: 30, possibleSessions: 300, attendedSessions: 270, attendancePct: 90 },
  ];
  return {
    weeks: [
      { index: 0, from: "2024-09-02", to: "2024-09-06" },
      { index: 1, from: "2024-09-09", to: "2024-09-13" },
    ],
    halfTerms: [{ index: 0, from: "2024-09-02", to: "2024-10-25" }],
    celebration: {
      week,
      from: week === 0 ? "2024-09-02" : "2024-09-09",
      to: week === 0 ? "2024-09-06" : "2024-09-13",
      target,
      schoolPct: 95.2,
      ranking,
      atOrAboveTarget: ranking.filter((r) => r.attendancePct >= target).map((r) => r.class),
      winners: ["3A"],
    },
    halfTerm: { index: 0, from: "2024-09-02", to: "2024-10-25" },
    perfectDays: [
      { class: "3A", date: "2024-09-10" },
      { class: "4B", date: "2024-09-11" },
    ],
    newsletter: "This week our whole-school attendance was 95.2%. Well done to 3A, top with 99.3%, and to the 2 classes at or above our 96% target.",
  };
}

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  return {
    ...real,
    api: {
      ...real.api,
      celebrate: vi.fn(async (week?: number, target?: number) => {
        state.calls.push({ week, target });
        return celebration(week ?? 1, target ?? 96);
      }),
      prizeDraw: vi.fn(async (halfTerm: number, seed?: number) => {
        state.draws.push({ halfTerm, seed });
        return { halfTerm: { index: 0, from: "2024-09-02", to: "2024-10-25" }, seed: 3141592653, tickets: 2, winner: { class: "4B", date: "2024-09-11" } };
      }),
    },
  };
});

const { CelebratePage } = await import("../src/pages/CelebratePage.tsx");

beforeEach(() => {
  state.calls = [];
  state.draws = [];
});
afterEach(cleanup);

describe("CelebratePage", () => {
  it("ranks the week's classes with the target line after the last class at or above it, and highlights the winner", async () => {
    render(<CelebratePage role="governor" />);
    const table = await screen.findByRole("table", { name: "Class ranking" });
    const rows = [...table.querySelectorAll("tbody tr")];
    expect(rows.map((r) => r.getAttribute("data-class") ?? "line")).toEqual(["3A", "4B", "line", "2C"]);
    expect(rows[0]!.className).toContain("winner");
    expect(within(rows[0] as HTMLElement).getByText(/Winner/)).toBeTruthy();
    expect(rows[2]!.textContent).toContain("Target 96%");
    expect(screen.getByText(/Well done to 3A/)).toBeTruthy();
    // A governor sees the figures but cannot run the draw.
    expect(screen.queryByRole("button", { name: "Run the prize draw" })).toBeNull();
  });

  it("changes week and target through the server", async () => {
    const user = userEvent.setup();
    render(<CelebratePage role="teacher" />);
    await screen.findByRole("table", { name: "Class ranking" });
    await user.selectOptions(screen.getByLabelText("School week"), "0");
    await waitFor(() => expect(state.calls.at(-1)).toEqual({ week: 0, target: undefined }));
    await user.type(screen.getByLabelText("Target attendance %"), "90");
    await waitFor(() => expect(state.calls.at(-1)).toEqual({ week: 0, target: 90 }));
    const table = await screen.findByRole("table", { name: "Class ranking" });
    await waitFor(() => expect(table.querySelector("[data-target-line]")!.textContent).toContain("every class reached it"));
  });

  it("copies the newsletter paragraph", async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(<CelebratePage role="attendance-lead" />);
    await user.click(await screen.findByRole("button", { name: "Copy paragraph" }));
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining("whole-school attendance was 95.2%"));
    expect((await screen.findByRole("status")).textContent).toContain("Copied");
  });

  it("lets the lead run the prize draw and shows the seed and the winner", async () => {
    const user = userEvent.setup();
    render(<CelebratePage role="attendance-lead" />);
    expect(await screen.findByText(/2 tickets so far this half term/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Run the prize draw" }));
    const result = await screen.findByRole("status");
    expect(result.textContent).toContain("4B");
    expect(result.textContent).toContain("3141592653");
    expect(state.draws).toEqual([{ halfTerm: 0, seed: undefined }]);
  });

  it("prints a poster of the week's top classes", async () => {
    const user = userEvent.setup();
    const print = vi.fn();
    window.print = print;
    render(<CelebratePage role="attendance-lead" />);
    await user.click(await screen.findByRole("button", { name: "Print poster" }));
    const poster = await screen.findByRole("article", { name: "Assembly poster" });
    expect(within(poster).getByRole("heading", { name: "Attendance stars of the week" })).toBeTruthy();
    expect(poster.textContent).toContain("3A");
    expect(poster.textContent).toContain("Class of the week");
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    await user.click(screen.getByRole("button", { name: "Back to the figures" }));
    expect(await screen.findByRole("table", { name: "Class ranking" })).toBeTruthy();
  });
});
