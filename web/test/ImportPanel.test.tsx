// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TermDates } from "../src/api/client.ts";

const NO_TERM_DATES: TermDates = { termDates: null, register: { lastDay: "2024-10-24", follows: "unknown", ends: [] } };
const WITH_TERM_DATES: TermDates = {
  termDates: {
    fileName: "terms.csv",
    recordedAt: "2024-09-01T08:00:00.000Z",
    actor: "lead",
    firstDay: "2024-09-04",
    lastDay: "2025-07-18",
    schoolDays: 190,
    halfTerms: Array.from({ length: 6 }, (_, i) => ({ from: `2024-0${i + 1}-01`, to: `2024-0${i + 1}-20`, schoolDays: 30 })),
  },
  register: { lastDay: "2024-10-25", follows: "2024-11-04", ends: ["schoolWeek", "halfTerm"] },
};

const state = vi.hoisted(() => ({ termDates: null as unknown, uploads: [] as { text: string; file: string }[] }));

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  return {
    ...real,
    api: {
      ...real.api,
      termDates: vi.fn(async () => state.termDates),
      uploadTermDates: vi.fn(async (text: string, file: string) => {
        state.uploads.push({ text, file });
        if (text.includes("2024-10-40")) {
          throw new real.ApiError(422, "The term dates file has problems; nothing was recorded.", [
            { line: 3, field: "start", message: '"2024-10-40" is not a date in the form YYYY-MM-DD' },
          ]);
        }
        state.termDates = WITH_TERM_DATES;
        return { id: 1, alreadyInForce: false, firstDay: "2024-09-04", lastDay: "2025-07-18", schoolDays: 190 };
      }),
      importFile: vi.fn(async () => {
        throw new Error("not this test");
      }),
    },
  };
});

const { ImportPanel } = await import("../src/caseload/ImportPanel.tsx");

beforeEach(() => {
  state.termDates = NO_TERM_DATES;
  state.uploads = [];
});
afterEach(cleanup);

const file = (text: string, name: string) => new File([text], name, { type: "text/csv" });

describe("ImportPanel: term dates", () => {
  it("says when there are no term dates, uploads them, and then says what the register's last day ends", async () => {
    const user = userEvent.setup();
    const imported = vi.fn();
    render(<ImportPanel onImported={imported} />);
    expect((await screen.findByText(/No term dates yet/)).textContent).toContain("a Friday still ends its week");

    await user.selectOptions(screen.getByLabelText("File"), "calendar");
    await user.upload(screen.getByLabelText("CSV file"), file("start,end,type\n2024-09-02,2024-10-25,term\n", "terms.csv"));
    await user.click(screen.getByRole("button", { name: "Import" }));

    expect((await screen.findByRole("status")).textContent).toContain("Term dates recorded: 190 school days");
    expect(state.uploads).toEqual([{ text: "start,end,type\n2024-09-02,2024-10-25,term\n", file: "terms.csv" }]);
    await waitFor(() => expect(screen.getByText(/Term dates in force: terms.csv/).textContent).toContain("it ends the school week, the half term"));
    // Term dates change no case by themselves: the caseload is not reloaded.
    expect(imported).not.toHaveBeenCalled();
  });

  it("lists a bad file's problems by line and field", async () => {
    const user = userEvent.setup();
    render(<ImportPanel onImported={() => {}} />);
    await user.selectOptions(screen.getByLabelText("File"), "calendar");
    await user.upload(screen.getByLabelText("CSV file"), file("start,end,type\n2024-09-02,2024-10-25,term\n2024-10-40,2024-10-41,closure\n", "bad.csv"));
    await user.click(screen.getByRole("button", { name: "Import" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("nothing was recorded");
    expect(alert.textContent).toContain('Line 3, start: "2024-10-40" is not a date');
  });
});
