// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const state = vi.hoisted(() => ({ status: "open" as string, calls: [] as string[], noteFails: 0, revision: 7, printed: false }));

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  const letter = () => ({
    id: 42,
    upn: "A999314720002",
    status: state.status,
    title: "Letter 4: SAP review meeting",
    rule: "sap-review",
    raisedOn: "2025-03-03",
    dueOn: "2025-03-05",
    template: { id: "letter-4", title: "Letter 4: SAP review meeting" },
    date: "2025-03-04",
    figuresAsOf: "2025-03-03",
    school: "All Saints Primary",
    recipient: "Parent/Carer of Test Pupil",
    subject: "Re: Test Pupil (Year 4, class 4A)",
    paragraphs: ["Dear Parent/Carer of Test Pupil,", "Test's attendance is 87.5%, against a target of [target.attendancePct]%."],
    signOff: ["Yours sincerely,", "", "Attendance Lead, All Saints Primary"],
    missing: ["target.attendancePct"],
    fields: { date: "4 March 2025" },
    problem: null,
    sent: state.status === "done" ? { on: "2025-03-04", by: "lead", outcome: "Letter sent by email" } : null,
    printed: state.printed ? { on: "2025-03-04", at: "2025-03-04T08:00:00Z", by: "lead", how: "browser print", digest: "ab".repeat(32) } : null,
  });
  return {
    ...real,
    api: {
      ...real.api,
      letter: vi.fn(async () => letter()),
      getCase: vi.fn(async () => ({ upn: "A999314720002", revision: state.revision, pupil: { forename: "Test", surname: "Pupil" } })),
      markLetterSent: vi.fn(async (id: number, revision: number, how: string) => {
        state.calls.push(`sent ${id} @${revision}: ${how}`);
        if (state.noteFails-- > 0) {
          state.revision++;
          throw new real.ApiError(409, "The case has changed since you loaded it; reload and try again.");
        }
        state.status = "done";
        return { revision: revision + 1, letter: letter() };
      }),
      printLetter: vi.fn(async (id: number) => {
        state.calls.push(`printed ${id}`);
        state.printed = true;
        return { letter: letter(), revision: ++state.revision };
      }),
      letterPdf: vi.fn(async () => {
        throw new real.ApiError(503, 'PDF export needs Chromium on the server, which is not installed here. Use Print instead and choose "Save as PDF" in the print dialogue.');
      }),
    },
  };
});

const { LetterPage } = await import("../src/pages/LetterPage.tsx");

beforeEach(() => {
  state.status = "open";
  state.calls = [];
  state.noteFails = 0;
  state.revision = 7;
  state.printed = false;
});
afterEach(cleanup);

describe("LetterPage", () => {
  it("previews the merged letter, marking the field with no value and saying so", async () => {
    const { container } = render(<LetterPage id={42} role="attendance-lead" />);
    const sheet = await screen.findByRole("article", { name: "The letter" });
    expect(within(sheet).getByText(/Test's attendance is 87.5%/)).toBeTruthy();
    const mark = sheet.querySelector("mark.missing");
    expect(mark?.textContent).toBe("[target.attendancePct]");
    expect(screen.getByRole("note").textContent).toMatch(/One field has no value and show in square brackets: \[target.attendancePct\]/);
    expect(container.querySelector(".letter-actions")?.classList.contains("no-print")).toBe(true);
    // The first print keeps the letter as printed on the server, then opens the browser's print dialogue.
    const print = vi.spyOn(window, "print").mockImplementation(() => {
      state.calls.push("dialogue");
    });
    await userEvent.setup().click(screen.getByRole("button", { name: "Print" }));
    await waitFor(() => expect(print).toHaveBeenCalledOnce());
    expect(state.calls).toEqual(["printed 42", "dialogue"]);
    expect((await screen.findByText(/Kept exactly as printed/)).textContent).toBeTruthy();
  });

  it("an auditor's print does not keep the letter as printed: the dialogue opens and the server is not asked", async () => {
    render(<LetterPage id={42} role="auditor" />);
    await screen.findByRole("article", { name: "The letter" });
    const print = vi.spyOn(window, "print").mockImplementation(() => {
      state.calls.push("dialogue");
    });
    await userEvent.setup().click(screen.getByRole("button", { name: "Print" }));
    await waitFor(() => expect(print).toHaveBeenCalled());
    expect(state.calls).toEqual(["dialogue"]);
    expect(state.printed).toBe(false);
  });

  it("mark sent sends the revision loaded and how it was sent in one request", async () => {
    const user = userEvent.setup();
    render(<LetterPage id={42} role="attendance-officer" />);
    await screen.findByRole("article", { name: "The letter" });
    await user.selectOptions(screen.getByLabelText("How it was sent"), "Letter sent by email");
    await user.click(screen.getByRole("button", { name: "Mark sent" }));
    expect(await screen.findByText(/"Letter sent: Letter 4: SAP review meeting" is now in the case history/)).toBeTruthy();
    expect(state.calls).toEqual(["sent 42 @7: Letter sent by email"]);
    await waitFor(() => expect(screen.queryByRole("button", { name: "Mark sent" })).toBeNull());
    expect(screen.getByText(/sent .* by lead/)).toBeTruthy();
  });

  it("on a 409 completes nothing, reloads and says so; the next try uses the new revision", async () => {
    state.noteFails = 1;
    const user = userEvent.setup();
    render(<LetterPage id={42} role="attendance-lead" />);
    await screen.findByRole("article", { name: "The letter" });
    await user.click(screen.getByRole("button", { name: "Mark sent" }));
    expect(await screen.findByText(/Someone else changed this case/)).toBeTruthy();
    expect(state.calls).toEqual(["sent 42 @7: Letter sent by post"]);
    await user.click(screen.getByRole("button", { name: "Mark sent" }));
    await screen.findByText(/is now in the case history/);
    expect(state.calls.slice(1)).toEqual(["sent 42 @8: Letter sent by post"]);
  });

  it("falls back to print when the server cannot make a PDF", async () => {
    render(<LetterPage id={42} role="auditor" />);
    await screen.findByRole("article", { name: "The letter" });
    expect(screen.queryByRole("button", { name: "Mark sent" })).toBeNull();
    await userEvent.setup().click(screen.getByRole("button", { name: "Download PDF" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/Use Print instead/);
  });
});
