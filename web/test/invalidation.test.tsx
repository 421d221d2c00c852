// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { installFlowStubs } from "./setup.ts";

/**
 * Issue 17, "invalidation after a write": a page already visited is cached (fresh for 30 s), so coming back to it
 * would show what it was before a write made elsewhere. A write marks what it touched stale, and the next visit
 * asks the server again. A small server in memory stands behind the api.
 */
const server = vi.hoisted(() => ({
  history: {} as Record<string, { seq: number; eventType: string; text: string | null }[]>,
  revision: {} as Record<string, number>,
  letterStatus: "open",
  taskOpen: false,
  calls: { getCase: [] as string[], timeline: [] as string[] },
}));

const A = "A999314720002";
const B = "B999314720003";
const NAMES: Record<string, [string, string]> = { [A]: ["Alice", "First"], [B]: ["Bobby", "Second"] };

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  const view = (upn: string) => ({
    upn,
    pupil: { upn, forename: NAMES[upn]![0], surname: NAMES[upn]![1], yearGroup: "4", pupilPremium: false, send: false, eal: false, socialWorker: false, lookedAfter: false, youngCarer: false },
    stage: "expect",
    state: "expect",
    revision: server.revision[upn]!,
    policy: { id: "not-in-the-browser", version: 1, name: "Test" },
    processedThrough: "2025-03-14",
    stageEnteredOn: "2025-03-01",
    target: null,
    reviewDate: null,
    metrics: null,
    band: null,
    availableEvents: [{ type: "note", label: "Note", rules: [] }],
    tasks: upn === A && server.taskOpen ? [{ id: 7, upn, kind: "call", title: "Call home", rule: "first-day-call", template: null, createdOn: "2025-03-14", dueOn: "2025-03-14", status: "open", outcome: null, completedOn: null, completedBy: null, historySeq: null, raisedAgain: 0, lastRaisedOn: null }] : [],
  });
  const entry = (upn: string, e: { seq: number; eventType: string; text: string | null }) => ({
    seq: e.seq,
    schoolDate: "2025-03-14",
    recordedAt: "2025-03-14T09:00:00Z",
    actor: "lead",
    eventType: e.eventType,
    from: "expect",
    to: "expect",
    rule: null,
    reason: e.text ? "Recorded on the case" : "Opened by the nightly run",
    tasks: [],
    payload: e.text ? { text: e.text } : null,
    metrics: null,
    policy: { id: "not-in-the-browser", version: 1 },
    hash: `${upn}-${e.seq}`.padEnd(64, "0"),
  });
  const write = (upn: string, text: string) => {
    const h = server.history[upn]!;
    h.push({ seq: h.length + 1, eventType: "note", text });
    server.revision[upn]!++;
  };
  return {
    ...real,
    api: {
      ...real.api,
      getCase: vi.fn(async (upn: string) => (server.calls.getCase.push(upn), view(upn))),
      timeline: vi.fn(async (upn: string) => (server.calls.timeline.push(upn), { upn, entries: server.history[upn]!.map((e) => entry(upn, e)) })),
      attendance: vi.fn(async (upn: string) => ({ upn, asOf: "2025-03-14", bands: [], penaltyThreshold: { sessions: 10, schoolWeeks: 10 }, days: [] })),
      policyVersions: vi.fn(async () => ({ versions: [] })),
      celebrationExclusion: vi.fn(async () => ({ excluded: false })),
      verifyAudit: vi.fn(async () => null),
      recordEvent: vi.fn(async (upn: string, revision: number, event: { type: string; payload: Record<string, unknown> }) => {
        if (revision !== server.revision[upn]) throw new real.ApiError(409, "changed");
        write(upn, String(event.payload.text));
        return view(upn);
      }),
      letter: vi.fn(async () => ({
        id: 42,
        upn: A,
        status: server.letterStatus,
        title: "Letter 1: attendance concern",
        rule: "letter-1",
        raisedOn: "2025-03-03",
        dueOn: "2025-03-05",
        template: { id: "letter-1", title: "Letter 1: attendance concern" },
        date: "2025-03-04",
        figuresAsOf: "2025-03-03",
        school: "All Saints Primary",
        recipient: "Parent/Carer of Alice First",
        subject: "Re: Alice First",
        paragraphs: ["Dear Parent/Carer of Alice First,"],
        signOff: ["Yours sincerely,"],
        missing: [],
        fields: {},
        problem: null,
        sent: server.letterStatus === "done" ? { on: "2025-03-14", by: "lead", outcome: "Letter sent by post" } : null,
      })),
      completeTask: vi.fn(async (_id: number, outcome: string) => {
        write(A, `Task done: ${outcome}`);
        server.taskOpen = false;
        return { ok: true, answered: [], raised: [] };
      }),
      markLetterSent: vi.fn(async (_id: number, revision: number) => {
        if (revision !== server.revision[A]) throw new real.ApiError(409, "changed");
        write(A, "Letter sent: Letter 1: attendance concern");
        server.letterStatus = "done";
        return { revision: server.revision[A] };
      }),
    },
  };
});

const { CasePage } = await import("../src/pages/CasePage.tsx");
const { HistoryPage } = await import("../src/pages/HistoryPage.tsx");
const { LetterPage } = await import("../src/pages/LetterPage.tsx");
const { queryClient } = await import("../src/queryClient.ts");

beforeAll(installFlowStubs);
beforeEach(() => {
  server.history = { [A]: [{ seq: 1, eventType: "caseOpened", text: null }], [B]: [{ seq: 1, eventType: "caseOpened", text: null }] };
  server.revision = { [A]: 1, [B]: 1 };
  server.letterStatus = "open";
  server.taskOpen = false;
  server.calls = { getCase: [], timeline: [] };
});
afterEach(cleanup);

/** Visits a page and leaves it, as following a link away does; what it loaded stays in the cache. */
async function visit(ui: React.ReactElement, ready: () => Promise<unknown>) {
  const page = render(ui);
  await ready();
  return page;
}

describe("invalidation after a write", () => {
  it("recording an event takes the case from the answer and makes the pupil's history ask again; another pupil's cache is untouched", async () => {
    const user = userEvent.setup();
    (await visit(<HistoryPage upn={A} role="attendance-lead" />, () => screen.findByText(/Opened by the nightly run/))).unmount();
    (await visit(<CasePage upn={B} role="attendance-lead" />, () => screen.findByRole("heading", { name: "Bobby Second" }))).unmount();
    expect(server.calls.timeline).toEqual([A]);

    await visit(<CasePage upn={A} role="attendance-lead" />, () => screen.findByRole("heading", { name: "Alice First" }));
    const casesAsked = server.calls.getCase.length;
    await user.click(screen.getByRole("button", { name: "Note" }));
    await user.type(screen.getByRole("textbox", { name: "Note" }), "Mum rang: dentist");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Saved: Note.");
    // The write's answer is the case: it is not asked for again.
    expect(server.calls.getCase.length).toBe(casesAsked);
    expect(queryClient.getQueryData(["case", A])).toMatchObject({ revision: 2 });
    // The pupil's history (not on screen) is stale now; Bobby's case is not.
    expect(queryClient.getQueryState(["case", A, "history"])?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(["case", B])?.isInvalidated).toBe(false);
    cleanup();

    // Back to the history within seconds: it asks again and shows the note, not the list cached before it.
    render(<HistoryPage upn={A} role="attendance-lead" />);
    expect(await screen.findByText(/Mum rang: dentist/)).toBeTruthy();
    expect(server.calls.timeline).toEqual([A, A]);
  });

  it("without a write, coming back within seconds shows the cached answer without asking again", async () => {
    (await visit(<HistoryPage upn={A} role="attendance-lead" />, () => screen.findByText(/Opened by the nightly run/))).unmount();
    render(<HistoryPage upn={A} role="attendance-lead" />);
    expect(screen.getByText(/Opened by the nightly run/)).toBeTruthy();
    await new Promise((r) => setTimeout(r, 20));
    expect(server.calls.timeline).toEqual([A]);
  });

  it("marking a letter sent makes its pupil's case and history ask again on the next visit", async () => {
    const user = userEvent.setup();
    (await visit(<HistoryPage upn={A} role="attendance-lead" />, () => screen.findByText(/Opened by the nightly run/))).unmount();
    await visit(<LetterPage id={42} role="attendance-lead" />, () => screen.findByRole("article", { name: "The letter" }));
    await user.click(screen.getByRole("button", { name: "Mark sent" }));
    await screen.findByText(/is now in the case history/);
    await waitFor(() => expect(screen.queryByRole("button", { name: "Mark sent" })).toBeNull());
    cleanup();

    render(<HistoryPage upn={A} role="attendance-lead" />);
    expect(await screen.findByText(/Letter sent: Letter 1: attendance concern/)).toBeTruthy();
    expect(server.calls.timeline).toEqual([A, A]);
  });

  it("completing a task on the case page (a write outside useLoad) reloads the case, so the next event goes with the new revision", async () => {
    server.taskOpen = true;
    const user = userEvent.setup();
    await visit(<CasePage upn={A} role="attendance-lead" />, () => screen.findByRole("heading", { name: "Alice First" }));
    const casesAsked = server.calls.getCase.length;
    await user.click(screen.getByRole("button", { name: "Done…" }));
    await user.type(screen.getByRole("textbox", { name: "Outcome" }), "Spoke to mum");
    await user.click(screen.getByRole("button", { name: "Mark done" }));
    await waitFor(() => expect(queryClient.getQueryData(["case", A])).toMatchObject({ revision: 2 }));
    expect(server.calls.getCase.length).toBe(casesAsked + 1);

    await user.click(screen.getByRole("button", { name: "Note" }));
    await user.type(screen.getByRole("textbox", { name: "Note" }), "Mum rang back");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved: Note.")).toBeTruthy();
    expect(server.history[A]!.map((e) => e.text)).toEqual([null, "Task done: Spoke to mum", "Mum rang back"]);
  });
});
