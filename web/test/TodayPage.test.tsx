// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Today by urgency (issue 15): safeguarding and statutory first, then overdue casework, then today's casework,
 * letters last; whose tasks (mine and unassigned by default for an officer); a note where one is needed; undo.
 */
const state = vi.hoisted(() => ({ calls: [] as string[], needsNote: true, me: "lead" }));
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
  assignee: null,
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
                task(4, "home-visit", "Home visit: no answer to the first-day call", { assignee: "sam" }),
                task(6, "first-day-call", "First-day call (statutory)", { rule: "statutory:first-day-call", assignee: "officer" }),
                task(7, "letter", "Letter 1 (statutory)", { rule: "statutory:penalty-threshold", dueOn: "2025-03-01" }),
              ],
            }
          : { today: TODAY, tasks: [task(5, "review", "Case work progress", { dueOn: "2025-03-10" })] },
      ),
      assignees: vi.fn(async () => ({ me: state.me, people: [{ username: "lead", role: "attendance-lead" }, { username: "officer", role: "attendance-officer" }, { username: "sam", role: "attendance-officer" }] })),
      assignTask: vi.fn(async (id: number, assignee: string | null, expect?: string | null) => {
        state.calls.push(`assign ${id}: ${expect ?? "nobody"} → ${assignee ?? "nobody"}`);
        return { ok: true, task: task(id, "letter", "t", { assignee }), assignment: null };
      }),
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
  state.me = "lead";
});
afterEach(cleanup);

describe("TodayPage", () => {
  it("puts safeguarding and statutory first, then overdue casework, then today's casework, letters last (a statutory letter too)", async () => {
    render(<TodayPage role="attendance-lead" />);
    await screen.findByRole("heading", { name: /Safeguarding and statutory first/ });
    const headings = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(headings.map((h) => h!.replace(/\s*\(\d+\)$/, ""))).toEqual(["Safeguarding and statutory first", "Overdue casework", "Casework due today", "Letters to send"]);
    const items = [...document.querySelectorAll("li.task")].map((li) => Number((li as HTMLElement).dataset.task));
    // 3 (safeguarding), 6 (a statutory first-day call), 5 (overdue review), 2 and 4 (today's calls and visits), then 7 and 1 (letters, the older first).
    expect(items).toEqual([3, 6, 5, 2, 4, 7, 1]);
    expect(document.querySelector('li[data-task="3"]')!.textContent).toMatch(/raised again 2 times/);
    // The lead sees everyone's by default, and who has each.
    const who = (id: number) => (within(document.querySelector(`li[data-task="${id}"]`) as HTMLElement).getByRole("combobox", { name: "Who has this task" }) as HTMLSelectElement).value;
    expect(who(4)).toBe("sam");
    expect(who(2)).toBe("");
  });

  it("shows an officer their tasks and the unassigned ones by default; they take one; a named officer's on request", async () => {
    const user = userEvent.setup();
    state.me = "officer";
    render(<TodayPage role="attendance-officer" />);
    await screen.findByRole("heading", { name: /Safeguarding and statutory first/ });
    const shown = () => [...document.querySelectorAll("li.task")].map((li) => Number((li as HTMLElement).dataset.task));
    // Sam's home visit (4) is not shown; the officer's own call (6) and the unassigned ones are.
    expect(shown()).toEqual([3, 6, 5, 2, 7, 1]);
    expect(document.querySelector('li[data-task="6"]')!.textContent).toMatch(/With you/);
    const call = document.querySelector('li[data-task="2"]') as HTMLElement;
    await user.click(within(call).getByRole("button", { name: "Assign to me" }));
    expect(state.calls).toEqual(["assign 2: nobody → officer"]);
    expect(within(document.querySelector('li[data-task="2"]') as HTMLElement).getByRole("button", { name: "Give back" })).toBeTruthy();
    const whose = screen.getByLabelText(/Whose tasks/);
    await user.selectOptions(whose, "mine");
    expect(shown()).toEqual([6, 2]);
    await user.selectOptions(whose, "person:sam");
    expect(shown()).toEqual([4]);
    // An officer takes, never reassigns: no "who has it" list on Sam's task.
    expect(within(document.querySelector('li[data-task="4"]') as HTMLElement).queryByRole("combobox")).toBeNull();
  });

  it("lets the lead give a task to a named officer", async () => {
    const user = userEvent.setup();
    render(<TodayPage role="attendance-lead" />);
    const item = (await screen.findByText("Case work progress")).closest("li") as HTMLElement;
    await user.selectOptions(within(item).getByRole("combobox", { name: "Who has this task" }), "sam");
    expect(state.calls).toEqual(["assign 5: nobody → sam"]);
    expect((within(item).getByRole("combobox", { name: "Who has this task" }) as HTMLSelectElement).value).toBe("sam");
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
