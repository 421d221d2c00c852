// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const state = vi.hoisted(() => ({
  calls: [] as { week?: number; target?: number }[],
  draws: [] as { halfTerm: number; seed?: number }[],
  certificateCalls: [] as unknown[],
  pdfCalls: [] as unknown[],
  pdfFails: false,
}));

/** What GET /api/celebrate/certificates answers: names for the lead, none for a governor. */
function certificates(period: { period: "halfTerm"; halfTerm: number } | { period: "year" }, named: boolean) {
  const pupils = [
    { upn: "A999314720002", forename: "Ada", surname: "Ashby", yearGroup: "3", class: "3A", classLabel: "Class 3A", possibleSessions: 76, attendedSessions: 76, attendancePct: 100 },
    { upn: "B999314720003", forename: "Ben", surname: "Brook", yearGroup: "4", class: "Year 4", classLabel: "Year 4", possibleSessions: 74, attendedSessions: 74, attendancePct: 100 },
  ];
  const year = period.period === "year";
  const list = year ? pupils.slice(0, 1) : pupils;
  return {
    period: period.period,
    halfTerm: year ? null : period.halfTerm,
    from: "2024-09-02",
    to: year ? "2025-07-18" : "2024-10-25",
    periodWords: year ? "this school year, 2 September 2024 to 18 July 2025" : "in the half term 2 September 2024 to 25 October 2024",
    halfTerms: [{ index: 0, from: "2024-09-02", to: "2024-10-25" }],
    school: "A synthetic school",
    eligible: 85,
    count: list.length,
    pupils: named ? list : null,
  };
}

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
      certificates: vi.fn(async (period: { period: "halfTerm"; halfTerm: number } | { period: "year" }) => {
        state.certificateCalls.push(period);
        return certificates(period, !document.body.dataset.governor);
      }),
      certificatesPdf: vi.fn(async (period: unknown) => {
        state.pdfCalls.push(period);
        if (state.pdfFails) throw new real.ApiError(503, "PDF export needs Chromium on the server, which is not installed here. Use Print instead.");
        return new Blob(["%PDF-1.4"], { type: "application/pdf" });
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
  state.certificateCalls = [];
  state.pdfCalls = [];
  state.pdfFails = false;
  delete document.body.dataset.governor;
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

/** The certificates' count sentence, once it is there. */
async function countSentence(): Promise<string> {
  return (await screen.findByText((_, el) => el?.classList.contains("certificates-count") === true)).textContent ?? "";
}

describe("CelebratePage: 100% certificates", () => {
  it("counts the half term's certificates, and shows the lead the names only when asked", async () => {
    const user = userEvent.setup();
    render(<CelebratePage role="attendance-lead" />);
    expect(await countSentence()).toBe("2 pupils attended every session in the half term 2 September 2024 to 25 October 2024, of 85 on roll then.");
    expect(state.certificateCalls).toEqual([{ period: "halfTerm", halfTerm: 0 }]);
    // No name on the page until asked for (it may be on a screen in assembly).
    expect(document.body.textContent).not.toContain("Ada Ashby");
    expect(screen.queryByRole("table", { name: "Certificates earned" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Show the names" }));
    const table = screen.getByRole("table", { name: "Certificates earned" });
    expect([...table.querySelectorAll("tbody tr")].map((r) => r.textContent)).toEqual(["Ada AshbyClass 3A76 of 76", "Ben BrookYear 474 of 74"]);
    const print = screen.getByRole("link", { name: "Print certificates" });
    expect(print.getAttribute("href")).toBe("/api/celebrate/certificates/document?period=halfTerm&halfTerm=0");
    expect(print.getAttribute("target")).toBe("_blank");
  });

  it("switches to the school year so far through the server", async () => {
    const user = userEvent.setup();
    render(<CelebratePage role="attendance-lead" />);
    expect(await countSentence()).toMatch(/^2 pupils attended every session/);
    await user.selectOptions(screen.getByLabelText("Certificates for"), "year");
    await waitFor(async () => expect(await countSentence()).toMatch(/^1 pupil attended every session this school year/));
    expect(state.certificateCalls.at(-1)).toEqual({ period: "year" });
    expect(screen.getByRole("link", { name: "Print certificates" }).getAttribute("href")).toBe("/api/celebrate/certificates/document?period=year");
  });

  it("downloads the PDF, and says in plain words when the server cannot make it", async () => {
    const user = userEvent.setup();
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      created.push(b);
      return "blob:certificates";
    }) as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    render(<CelebratePage role="attendance-lead" />);
    expect(await countSentence()).toMatch(/^2 pupils attended every session/);
    await user.click(screen.getByRole("button", { name: "PDF" }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(state.pdfCalls).toEqual([{ period: "halfTerm", halfTerm: 0 }]);
    state.pdfFails = true;
    await user.click(screen.getByRole("button", { name: "PDF" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Use Print instead");
  });

  it("shows a governor the count and no names, with nothing to print", async () => {
    document.body.dataset.governor = "yes";
    render(<CelebratePage role="governor" />);
    expect(await countSentence()).toMatch(/^2 pupils attended every session/);
    expect(screen.getByText("Pupils are not named for your role.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Show the names" })).toBeNull();
    expect(screen.queryByRole("link", { name: "Print certificates" })).toBeNull();
    expect(screen.queryByRole("button", { name: "PDF" })).toBeNull();
  });
});

describe("CelebratePage's target", () => {
  it("is the school's policy's target, named, when the server gives it", async () => {
    const { api } = await import("../src/api/client.ts");
    vi.mocked(api.celebrate).mockImplementationOnce(async () => ({ ...celebration(1, 95), excludedPupils: 0, schoolTarget: { pct: 95, from: 'All Saints: the top band, "At or above target (95%+)"' } }) as never);
    render(<CelebratePage role="attendance-lead" />);
    const input = (await screen.findByLabelText("Target attendance %")) as HTMLInputElement;
    expect(input.placeholder).toBe("95");
    expect(screen.getByText(/The school's target is 95% \(All Saints/)).toBeTruthy();
    expect(screen.getByText(/of 3 classes at or above the 95% target/)).toBeTruthy();
  });
});
