// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/** Today by urgency (issue 15): safeguarding first, then overdue, then today's with letters last; a note where one is needed; undo. */
const state = vi.hoisted(() => ({ calls: [] as string[], needsNote: true }));
const TODAY = "2025-03-14";
const task = (id: number, kind: string, title: string, over: Record<string, unknown> = {}) => ({
  id,
  upn: `A99931472000${id}`,
  kind,
  title,
  rule: "r",
  template: null,
  createdOn: TODAY,
  dueOn: TODAY,
  status: "open",
  outcome: null,
  completedBy: null,
  completedAt: null,
  historySeq: 1,
  raisedAgain: 0,
  lastRaisedOn: null,
  safeguarding: false,
  ...over,
});

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  return {
    ...real,
    api: {
      ...real.api,
      tasks: vi.fn(async (due: string) =>
        due === "today"
          ? {
              today: TODAY,
              tasks: [
                task(1, "letter", "100% attendance award"),
                task(2, "first-day-call", "First-day call: absent with no reason given (N)"),
                task(3, "notification", "Tell the social worker today: unexplained absence (N)", { rule: "statutory:social-worker", safeguarding: true, raisedAgain: 2, lastRaisedOn: TODAY }),
                task(4, "home-visit", "Home visit: no answer to the first-day call"),
              ],
            }
          : { today: TODAY, tasks: [task(5, "review", "Case work progress", { dueOn: "2025-03-10" })] },
      ),
      allCases: vi.fn(async () => ({ rows: [] })),
      completeTask: vi.fn(async (id: number, outcome: string, note?: string) => {
        state.calls.push(`complete ${id}: ${outcome}${note ? ` / ${note}` : ""}`);
        if (id === 4 && !note && state.needsNote) throw new real.ApiError(422, '"Pupil seen, safe and well" alone is not enough for a child with a social worker or looked after: write what you saw in the note.');
        return { ok: true, completed: [{ id, kind: "home-visit", title: "t", status: "done", outcome }], followUps: [], historySeq: 9 };
      }),
      reopenTask: vi.fn(async (id: number, reason: string) => {
        state.calls.push(`reopen ${id}: ${reason}`);
        return { ok: true, task: task(id, "home-visit", "t"), historySeq: 10 };
      }),
    },
  };
});

const { TodayPage } = await import("../src/pages/TodayPage.tsx");

beforeEach(() => {
  state.calls = [];
  state.needsNote = true;
});
afterEach(cleanup);

describe("TodayPage", () => {
  it("puts the safeguarding notifications first, then what is overdue, then today's with letters last", async () => {
    render(<TodayPage role="attendance-lead" />);
    await screen.findByRole("heading", { name: /Safeguarding first/ });
    const headings = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(headings.map((h) => h!.replace(/\s*\(\d+\)$/, ""))).toEqual(["Safeguarding first", "Overdue", "Due today"]);
    const items = [...document.querySelectorAll("li.task")].map((li) => Number((li as HTMLElement).dataset.task));
    expect(items).toEqual([3, 5, 2, 4, 1]);
    expect(document.querySelector('li[data-task="3"]')!.textContent).toMatch(/raised again 2 times/);
  });

  it("asks for a written note when the one click is not enough, then records both", async () => {
    const user = userEvent.setup();
    render(<TodayPage role="attendance-lead" />);
    const visit = await screen.findByText("Home visit: no answer to the first-day call");
    const item = visit.closest("li")!;
    await user.click(within(item as HTMLElement).getByRole("button", { name: "Done…" }));
    await user.click(within(item as HTMLElement).getByRole("button", { name: "Pupil seen, safe and well" }));
    expect((await within(item as HTMLElement).findByRole("alert")).textContent).toMatch(/write what you saw/);
    await user.type(within(item as HTMLElement).getByLabelText(/Note for/), "Seen at the door with mum");
    await user.click(within(item as HTMLElement).getByRole("button", { name: "Mark done" }));
    expect(state.calls).toEqual(["complete 4: Pupil seen, safe and well", "complete 4: Pupil seen, safe and well / Seen at the door with mum"]);
    expect((await screen.findByText(/Done: Home visit/)).textContent).toMatch(/note: Seen at the door with mum/);
  });

  it("asks for confirmation before recording a safeguarding concern", async () => {
    const user = userEvent.setup();
    state.needsNote = false;
    render(<TodayPage role="attendance-lead" />);
    const item = (await screen.findByText("Home visit: no answer to the first-day call")).closest("li") as HTMLElement;
    await user.click(within(item).getByRole("button", { name: "Done…" }));
    await user.click(within(item).getByRole("button", { name: "Concern raised with DSL" }));
    expect(state.calls).toEqual([]);
    const confirm = within(item).getByRole("group", { name: "Confirm: Concern raised with DSL" });
    expect(confirm.textContent).toMatch(/safeguarding notification task/);
    await user.click(within(confirm).getByRole("button", { name: "No" }));
    expect(state.calls).toEqual([]);
    await user.click(within(item).getByRole("button", { name: "Concern raised with DSL" }));
    await user.click(within(item).getByRole("button", { name: "Yes: Concern raised with DSL" }));
    expect(state.calls).toEqual(["complete 4: Concern raised with DSL"]);
  });

  it("undoes the last completion with a reason", async () => {
    const user = userEvent.setup();
    render(<TodayPage role="attendance-lead" />);
    const call = (await screen.findByText("First-day call: absent with no reason given (N)")).closest("li") as HTMLElement;
    await user.click(within(call).getByRole("button", { name: "Done…" }));
    await user.click(within(call).getByRole("button", { name: "No answer: message left" }));
    await user.click(await screen.findByRole("button", { name: "Undo…" }));
    await user.click(screen.getByRole("button", { name: "Reopen the task" }));
    expect(screen.getByRole("alert").textContent).toMatch(/Say why/);
    await user.type(screen.getByLabelText(/Why reopen it/), "Wrong pupil");
    await user.click(screen.getByRole("button", { name: "Reopen the task" }));
    expect(state.calls).toEqual(["complete 2: No answer: message left", "reopen 2: Wrong pupil"]);
  });
});
