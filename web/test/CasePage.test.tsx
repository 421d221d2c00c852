// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { installFlowStubs } from "./setup.ts";

const calls = vi.hoisted(() => ({ getCase: 0, recordEvent: [] as unknown[][] }));

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  const view = (revision: number, state: string) => ({
    upn: "A999314720002",
    pupil: { upn: "A999314720002", forename: "Test", surname: "Pupil", yearGroup: "4", pupilPremium: false, send: false, eal: false, socialWorker: true, lookedAfter: false, youngCarer: false },
    stage: state.split(".")[0],
    state,
    revision,
    policy: { id: "all-saints", version: 1, name: "All Saints" },
    processedThrough: "2025-03-14",
    stageEnteredOn: "2025-03-01",
    target: null,
    reviewDate: null,
    metrics: null,
    band: null,
    availableEvents: [
      { type: "sapMeetingHeld", label: "School Attendance Panel meeting held", rules: [{ id: "sap-held", to: "formalise.sapTarget", when: "always", reason: "SAP held" }] },
      { type: "note", label: "Note", rules: [] },
    ],
    tasks: [],
  });
  return {
    ...real,
    api: {
      ...real.api,
      getCase: vi.fn(async () => (++calls.getCase === 1 ? view(3, "formalise.sapInvited") : view(4, "formalise.sapInvited"))),
      policyVersions: vi.fn(async () => ({ versions: [] })),
      attendance: vi.fn(async () => ({
        upn: "A999314720002",
        asOf: "2025-03-14",
        bands: [
          { id: "target", label: "At or above target (95%+)", colour: "#2e7d32", min: 95, max: 100 },
          { id: "sap", label: "SAP (below 90%)", colour: "#d84315", min: 0, max: 89.99 },
        ],
        penaltyThreshold: { sessions: 10, schoolWeeks: 10 },
        days: [
          { date: "2025-03-12", attendancePct: 100, unauthorisedLast10Weeks: 0, possibleSessions: 2 },
          { date: "2025-03-13", attendancePct: 75, unauthorisedLast10Weeks: 1, possibleSessions: 4 },
          { date: "2025-03-14", attendancePct: 66.67, unauthorisedLast10Weeks: 2, possibleSessions: 6 },
        ],
      })),
      recordEvent: vi.fn(async (...args: unknown[]) => {
        calls.recordEvent.push(args);
        if (calls.recordEvent.length === 1) throw new real.ApiError(409, "changed");
        return view(5, "formalise.sapTarget");
      }),
    },
  };
});

const { CasePage } = await import("../src/pages/CasePage.tsx");

beforeAll(installFlowStubs);
afterEach(cleanup);

describe("CasePage", () => {
  it("sends the revision it loaded; on 409 says so and reloads; then the chart moves", async () => {
    const user = userEvent.setup();
    const { container } = render(<CasePage upn="A999314720002" role="attendance-lead" />);
    await screen.findByRole("heading", { name: "Test Pupil" });
    // Opening a form puts the cursor in it; Cancel gives focus back to the button that opened it.
    const sap = screen.getByRole("button", { name: "School Attendance Panel meeting held" });
    await user.click(sap);
    expect(document.activeElement).toBe(screen.getByLabelText(/Who attended/));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(document.activeElement).toBe(sap);
    await user.click(sap);
    await user.type(screen.getByLabelText(/Who attended/), "AL");
    await user.type(screen.getByLabelText(/Review date/), "2025-03-28");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/Someone else changed this case; it has been reloaded/)).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("alert")));
    expect(calls.recordEvent[0]![1]).toBe(3);
    expect(calls.getCase).toBe(2);

    await user.click(screen.getByRole("button", { name: "School Attendance Panel meeting held" }));
    await user.type(screen.getByLabelText(/Who attended/), "AL");
    await user.type(screen.getByLabelText(/Review date/), "2025-03-28");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/The case moved to Formalise support · SAP target/)).toBeTruthy();
    // After saving, focus is on the message saying what happened (not lost to the page).
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("status")));
    expect(calls.recordEvent[1]![1]).toBe(4);
    expect(calls.recordEvent[1]![2]).toEqual({ type: "sapMeetingHeld", payload: { attendees: ["AL"], targets: "", reviewDate: "2025-03-28", outcome: "plan-agreed", barriers: [], actions: [] } });
    await waitFor(() => expect(container.querySelector('[data-state="formalise.sapTarget"]')?.getAttribute("data-active")).toBe("true"), { timeout: 20_000 });
    expect(container.querySelector('[data-state="formalise.sapInvited"]')!.hasAttribute("data-active")).toBe(false);
  });

  it("draws the attendance chart from the server's daily series", async () => {
    render(<CasePage upn="A999314720002" role="teacher" />);
    const chart = await screen.findByRole("figure", { name: "Attendance over the year" });
    expect(chart.textContent).toContain("Attendance 66.7% as of");
    expect(chart.textContent).toContain("2 unauthorised sessions in the last 10 school weeks");
  });

  it("shows an auditor no buttons to record events", async () => {
    render(<CasePage upn="A999314720002" role="auditor" />);
    await screen.findByRole("heading", { name: "Test Pupil" });
    expect(screen.queryByRole("button", { name: "School Attendance Panel meeting held" })).toBeNull();
  });
});
