// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { installFlowStubs } from "./setup.ts";

/**
 * The case page's plan (issue 15): the meeting held closes the "Hold the SAP" task and its agreed actions appear as
 * open tasks; the Plan panel shows the target, progress against it and the actions, done or overdue; a meeting is
 * scheduled from it against the case's revision.
 */
const calls = vi.hoisted(() => ({ getCase: 0, recordEvent: [] as unknown[][], schedule: [] as unknown[][], plan: 0 }));

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  const task = (id: number, kind: string, title: string, dueOn: string) => ({ id, upn: "A999314720002", kind, title, rule: kind === "meeting" ? "letter-3" : "follow-up:agreed-action", template: null, createdOn: "2025-07-01", dueOn, status: "open", outcome: null, completedBy: null, completedAt: null, historySeq: 4, raisedAgain: 0, lastRaisedOn: null, assignee: null, forename: "Test", surname: "Pupil" });
  const view = (revision: number, state: string, tasks: unknown[]) => ({
    upn: "A999314720002",
    pupil: { upn: "A999314720002", forename: "Test", surname: "Pupil", yearGroup: "4", pupilPremium: false, send: false, eal: false, socialWorker: false, lookedAfter: false, youngCarer: false },
    stage: state.split(".")[0],
    state,
    revision,
    policy: { id: "all-saints", version: 1, name: "All Saints" },
    processedThrough: "2025-07-21",
    stageEnteredOn: "2025-07-01",
    target: null,
    reviewDate: null,
    eventDefaults: { sapMeetingHeld: { reviewDate: "2025-09-23", reviewSchoolDays: "15" } },
    metrics: null,
    band: null,
    availableEvents: [
      { type: "sapMeetingHeld", label: "School Attendance Panel meeting held", rules: [{ id: "sap-held", to: "formalise.sapTarget", when: "always", reason: "SAP held: three-week target set" }] },
      { type: "note", label: "Note", rules: [] },
    ],
    tasks,
  });
  const before = view(3, "formalise.sapInvited", [task(11, "meeting", "Hold the School Attendance Panel (AL/AHT/HT)", "2025-09-04")]);
  const after = view(4, "formalise.sapTarget", [task(12, "agreed-action", "Breakfast club place (AL)", "2025-09-05")]);
  const plan = (held: boolean) => ({
    upn: "A999314720002",
    today: "2025-09-08",
    target: held ? { attendancePct: 95, setOn: "2025-07-22" } : null,
    reviewOn: held ? "2025-09-22" : null,
    nextMeeting: held ? null : { kind: "sap", words: "School Attendance Panel meeting", date: "2025-09-04", time: "09:30", place: "Room 2", invitees: ["Parent", "AL"], scheduledOn: "2025-07-22" },
    lastMeeting: held ? { date: "2025-07-22", barriers: ["Morning routine"], targets: "" } : null,
    actions: held
      ? [
          { id: 12, action: "Breakfast club place", owner: "AL", dueOn: "2025-09-05", agreedOn: "2025-07-22", status: "open", overdue: true, outcome: null, doneBy: null },
          { id: 13, action: "Alarm clock at home", owner: "Parent", dueOn: "2025-09-05", agreedOn: "2025-07-22", status: "done", overdue: false, outcome: "Done", doneBy: "lead" },
        ]
      : [],
    progress: held ? { targetPct: 95, possibleSince: 6, attendedSince: 6, pctSince: 100, onTarget: true, sessionsToReview: 20, needed: 19, reachable: true, bestPct: 100, asOf: "2025-09-05", words: "100.0% since the target was set (6 of 6 sessions): needs 19 of the next 20 sessions to reach 95% by the review." } : null,
  });
  return {
    ...real,
    api: {
      ...real.api,
      getCase: vi.fn(async () => (++calls.getCase === 1 ? before : after)),
      policyVersions: vi.fn(async () => ({ versions: [] })),
      attendance: vi.fn(async () => ({ upn: "A999314720002", asOf: null, bands: [], penaltyThreshold: { sessions: 10, schoolWeeks: 10 }, days: [] })),
      casePlan: vi.fn(async () => plan(calls.recordEvent.length > 0)),
      recordEvent: vi.fn(async (...args: unknown[]) => {
        calls.recordEvent.push(args);
        return after;
      }),
      scheduleMeeting: vi.fn(async (...args: unknown[]) => {
        calls.schedule.push(args);
        if (calls.schedule.length === 1) throw new real.ApiError(422, "The meeting has problems; nothing was recorded.", [{ field: "date", message: "Saturday 6 September 2025 is not a school day in the term dates in force" }]);
        return plan(false);
      }),
    },
  };
});

const { CasePage } = await import("../src/pages/CasePage.tsx");

beforeAll(installFlowStubs);
afterEach(cleanup);

describe("the plan on the case page", () => {
  it("schedules a meeting against the case's revision, a refused date shown beside its field", async () => {
    const user = userEvent.setup();
    render(<CasePage upn="A999314720002" role="attendance-lead" />);
    const panel = await screen.findByRole("heading", { name: "Plan" }).then((h) => h.closest(".plan-panel") as HTMLElement);
    await within(panel).findByText(/Thursday 4 September 2025 at 9.30am, Room 2/);
    await user.click(within(panel).getByRole("button", { name: "Rearrange the meeting…" }));
    const form = within(panel).getByRole("form", { name: "Rearrange the meeting" });
    // Rearranging starts from the meeting as scheduled.
    expect((within(form).getByLabelText("Date") as HTMLInputElement).value).toBe("04/09/2025");
    await user.clear(within(form).getByLabelText("Date"));
    await user.type(within(form).getByLabelText("Date"), "6/9/2025");
    await user.click(within(form).getByRole("button", { name: "Rearrange" }));
    expect(await within(form).findByText("Saturday 6 September 2025 is not a school day in the term dates in force.")).toBeTruthy();
    expect(document.activeElement).toBe(within(form).getByLabelText("Date"));
    await user.clear(within(form).getByLabelText("Date"));
    await user.type(within(form).getByLabelText("Date"), "4/9/2025");
    await user.click(within(form).getByRole("button", { name: "Rearrange" }));
    await within(panel).findByText(/Scheduled: School Attendance Panel meeting on Thursday 4 September 2025 at 9.30am/);
    expect(calls.schedule.at(-1)).toEqual(["A999314720002", 3, { kind: "sap", date: "2025-09-04", time: "09:30", place: "Room 2", invitees: ["Parent", "AL"] }]);
  });

  it("the meeting held closes the 'Hold the SAP' task; its actions are open tasks and the plan shows progress and each action done or overdue", async () => {
    const user = userEvent.setup();
    calls.getCase = 0;
    render(<CasePage upn="A999314720002" role="attendance-lead" />);
    await screen.findByText("Hold the School Attendance Panel (AL/AHT/HT)");
    await user.click(screen.getByRole("button", { name: "School Attendance Panel meeting held" }));
    // The review date is offered from the policy.
    expect((screen.getByLabelText(/Review date/) as HTMLInputElement).value).toBe("23/09/2025");
    await user.type(screen.getByLabelText(/Who attended/), "AL");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText(/Saved: School Attendance Panel meeting held/);
    await waitFor(() => expect(screen.queryByText("Hold the School Attendance Panel (AL/AHT/HT)")).toBeNull());
    expect(screen.getByText("Breakfast club place (AL)")).toBeTruthy();
    const panel = screen.getByRole("heading", { name: "Plan" }).closest(".plan-panel") as HTMLElement;
    await within(panel).findByText("100.0% since the target was set (6 of 6 sessions): needs 19 of the next 20 sessions to reach 95% by the review.");
    expect(within(panel).getByText(/reviewed on Monday 22 September 2025/)).toBeTruthy();
    const actions = within(panel).getAllByRole("listitem").filter((li) => li.classList.contains("plan-action"));
    expect(actions.map((li) => li.textContent)).toEqual(["Breakfast club placeAL, by Friday 5 September 2025Overdue", "Alarm clock at homeParent, by Friday 5 September 2025Done"]);
    expect(within(panel).getByText("Morning routine")).toBeTruthy();
  });

  it("a teacher sees the plan but cannot schedule (control)", async () => {
    calls.getCase = 0;
    render(<CasePage upn="A999314720002" role="teacher" />);
    const panel = await screen.findByRole("heading", { name: "Plan" }).then((h) => h.closest(".plan-panel") as HTMLElement);
    await within(panel).findByText(/Actions agreed/);
    expect(within(panel).queryByRole("button", { name: /Schedule|Rearrange/ })).toBeNull();
  });
});
