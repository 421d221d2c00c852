// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { installFlowStubs } from "./setup.ts";

/**
 * Issue 17, "the wrong pupil on screen": an answer for old inputs (a pupil's address, a week) is never shown under
 * new ones, whatever order the server answers in. Every answer here is held until the test releases it.
 */
type Pending = { key: string; resolve: (v: unknown) => void; signal?: AbortSignal };
const pending = vi.hoisted(() => ({ list: [] as Pending[] }));
const hold = <T,>(key: string, value: T, signal?: AbortSignal) =>
  new Promise<T>((resolve) => pending.list.push({ key, resolve: resolve as (v: unknown) => void, signal }));

async function release(key: string) {
  const i = pending.list.findIndex((p) => p.key === key);
  if (i < 0) throw new Error(`nothing pending for ${key}: ${pending.list.map((p) => p.key).join(", ")}`);
  const [p] = pending.list.splice(i, 1);
  await act(async () => {
    p!.resolve(VALUES.get(key));
    await settle();
  });
}
/** Lets an answer reach the screen: its promise chain, then TanStack Query's batched notification (a timer tick). */
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};
const VALUES = new Map<string, unknown>();

const PUPILS: Record<string, { forename: string; surname: string; pct: number }> = {
  A999314720002: { forename: "Alice", surname: "First", pct: 81.5 },
  B999314720003: { forename: "Bobby", surname: "Second", pct: 97.25 },
};

function caseView(upn: string) {
  const p = PUPILS[upn]!;
  return {
    upn,
    pupil: { upn, forename: p.forename, surname: p.surname, yearGroup: "4", pupilPremium: false, send: false, eal: false, socialWorker: false, lookedAfter: false, youngCarer: false },
    stage: "monitor",
    state: "monitor",
    revision: 1,
    policy: { id: "not-in-the-browser", version: 1, name: "Test" },
    processedThrough: "2025-03-14",
    stageEnteredOn: "2025-03-01",
    target: null,
    reviewDate: null,
    metrics: { attendancePct: p.pct, possibleSessions: 100 },
    band: null,
    availableEvents: [{ type: "note", label: "Note", rules: [] }],
    tasks: [],
  };
}

function celebration(week: number) {
  const pct = week === 0 ? 91.11 : 98.76;
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
      target: 95,
      schoolPct: pct,
      ranking: [{ class: week === 0 ? "Class of week one" : "Class of week two", pupils: 28, possibleSessions: 280, attendedSessions: 270, attendancePct: pct }],
      atOrAboveTarget: [],
      winners: [week === 0 ? "Class of week one" : "Class of week two"],
    },
    halfTerm: { index: 0, from: "2024-09-02", to: "2024-10-25" },
    perfectDays: [],
    newsletter: `Newsletter for week ${week + 1}.`,
    excludedPupils: 0,
  };
}

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  return {
    ...real,
    api: {
      ...real.api,
      getCase: vi.fn((upn: string, signal?: AbortSignal) => hold(`case:${upn}`, null, signal)),
      attendance: vi.fn((upn: string, signal?: AbortSignal) => hold(`attendance:${upn}`, null, signal)),
      policyVersions: vi.fn(async () => ({ versions: [] })),
      celebrationExclusion: vi.fn(async () => ({ excluded: false })),
      celebrate: vi.fn((week: number | undefined, target: number | undefined, signal?: AbortSignal) => hold(`celebrate:${week ?? "last"}:${target ?? "policy"}`, null, signal)),
      certificates: vi.fn(async () => ({ period: "halfTerm", halfTerm: 0, from: "2024-09-02", to: "2024-10-25", periodWords: "", halfTerms: [], school: "", eligible: 0, count: 0, pupils: null })),
    },
  };
});

const { useLoad } = await import("../src/useLoad.ts");
const { CasePage } = await import("../src/pages/CasePage.tsx");
const { CelebratePage } = await import("../src/pages/CelebratePage.tsx");

beforeAll(installFlowStubs);
beforeEach(() => {
  pending.list = [];
  VALUES.clear();
  for (const upn of Object.keys(PUPILS)) {
    VALUES.set(`case:${upn}`, caseView(upn));
    VALUES.set(`attendance:${upn}`, { upn, asOf: "2025-03-14", bands: [], penaltyThreshold: { sessions: 10, schoolWeeks: 10 }, days: [] });
  }
  VALUES.set("celebrate:last:policy", celebration(1));
  VALUES.set("celebrate:0:policy", celebration(0));
  VALUES.set("celebrate:1:policy", celebration(1));
});
afterEach(cleanup);

/** A component that stays mounted while its input changes, so only useLoad stands between it and stale data. */
function Probe({ upn }: { upn: string }) {
  const load = useLoad((signal) => hold(`case:${upn}`, null, signal) as unknown as Promise<ReturnType<typeof caseView>>, ["case", upn]);
  // The data is shown whatever `loading` says, so an old answer kept under the new input would be seen.
  return <p data-testid="probe">{`${load.loading ? "loading" : "loaded"} ${upn}, showing ${load.data?.pupil.forename ?? "nothing"}`}</p>;
}

describe("useLoad", () => {
  it("drops a delayed first answer that arrives after the second, and aborts its request", async () => {
    const seen: string[] = [];
    const { rerender } = render(<Probe upn="A999314720002" />);
    const observe = () => seen.push(screen.getByTestId("probe").textContent!);
    observe();
    rerender(<Probe upn="B999314720003" />);
    observe();
    const first = pending.list.find((p) => p.key === "case:A999314720002")!;
    expect(first.signal?.aborted).toBe(true);
    await release("case:B999314720003");
    observe();
    await release("case:A999314720002");
    observe();
    expect(seen).toEqual(["loading A999314720002, showing nothing", "loading B999314720003, showing nothing", "loaded B999314720003, showing Bobby", "loaded B999314720003, showing Bobby"]);
  });

  it("shows loading for a new input rather than the old input's answer", async () => {
    const { rerender } = render(<Probe upn="A999314720002" />);
    await release("case:A999314720002");
    expect(screen.getByTestId("probe").textContent).toBe("loaded A999314720002, showing Alice");
    rerender(<Probe upn="B999314720003" />);
    // The very render that changes the input: no Alice under B.
    expect(screen.getByTestId("probe").textContent).toBe("loading B999314720003, showing nothing");
    await release("case:B999314720003");
    expect(screen.getByTestId("probe").textContent).toBe("loaded B999314720003, showing Bobby");
  });
});

describe("the case page", () => {
  it("changing the address shows loading, then the new pupil; the first pupil's late answer never appears", async () => {
    const { rerender } = render(<CasePage upn="A999314720002" role="attendance-lead" />);
    await release("case:A999314720002");
    await screen.findByRole("heading", { name: "Alice First" });

    // Quickly to B and back to A and on to B again; the answers come back in the worst order.
    rerender(<CasePage upn="B999314720003" role="attendance-lead" />);
    expect(screen.queryByRole("heading", { name: "Alice First" })).toBeNull();
    expect(screen.getByText("Loading the case…")).toBeTruthy();
    await release("case:B999314720003");
    expect(await screen.findByRole("heading", { name: "Bobby Second" })).toBeTruthy();
    expect(screen.queryByText(/Alice/)).toBeNull();
    expect(screen.queryByText(/81\.5/)).toBeNull();

    // The first pupil's attendance series arrives late: nothing of it is shown under B.
    await release("attendance:A999314720002");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Bobby Second");
    expect(screen.getByText(/UPN B999314720003/)).toBeTruthy();
  });

  it("switching quickly between two pupils never shows the first under the second's address", async () => {
    const { rerender, container } = render(<CasePage upn="A999314720002" role="teacher" />);
    rerender(<CasePage upn="B999314720003" role="teacher" />);
    // A's answer arrives after the switch, before B's.
    await release("case:A999314720002");
    expect(container.textContent).not.toMatch(/Alice|A999314720002/);
    expect(screen.getByText("Loading the case…")).toBeTruthy();
    await release("case:B999314720003");
    await screen.findByRole("heading", { name: "Bobby Second" });
    expect(container.textContent).not.toMatch(/Alice|A999314720002/);
  });
});

describe("the Celebrate page", () => {
  it("changing week shows loading for the new week, never another week's figures, whatever order the answers come in", async () => {
    const user = userEvent.setup();
    render(<CelebratePage role="attendance-lead" />);
    await release("celebrate:last:policy");
    expect((await screen.findAllByText(/98\.8%/)).length).toBeGreaterThan(0);

    await user.selectOptions(screen.getByLabelText("School week"), "0");
    // Week 1 asked for: week 2's figures go at once, the menu stays on week 1.
    expect(screen.queryAllByText(/98\.8%/)).toEqual([]);
    expect(screen.queryAllByText(/Class of week two/)).toEqual([]);
    expect(screen.getByRole("status").textContent).toMatch(/Loading the week's figures/);
    expect((screen.getByLabelText("School week") as HTMLSelectElement).value).toBe("0");

    // Straight back to week 2 and then to week 1 again before anything answers.
    await user.selectOptions(screen.getByLabelText("School week"), "1");
    await user.selectOptions(screen.getByLabelText("School week"), "0");
    const weekTwo = pending.list.find((p) => p.key === "celebrate:1:policy")!;
    expect(weekTwo.signal?.aborted).toBe(true);
    // The newest week 1 request answers; then the stale week 2 answer arrives late and is dropped.
    const requests = pending.list.filter((p) => p.key === "celebrate:0:policy");
    expect(requests.length).toBe(2);
    expect(requests[0]!.signal?.aborted).toBe(true);
    await act(async () => requests[1]!.resolve(celebration(0)));
    await act(async () => weekTwo.resolve(celebration(1)));
    await act(async () => requests[0]!.resolve(celebration(1)));
    await waitFor(() => expect(screen.getByText(/Class of week one/, { selector: ".tile-figure" })).toBeTruthy());
    expect(screen.queryAllByText(/Class of week two/)).toEqual([]);
    expect(screen.queryAllByText(/98\.8%/)).toEqual([]);
    expect(screen.getByText("Newsletter for week 1.")).toBeTruthy();
  });
});
