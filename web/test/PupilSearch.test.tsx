// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

/** The header's pupil search (issue 15): by name or UPN, in the browser, keyboard first; what is typed never goes to the server. */
const rows = [
  { upn: "A999314720001", forename: "Amara", surname: "Okafor", yearGroup: "4", class: "4A" },
  { upn: "A999314720002", forename: "Ben", surname: "Amos", yearGroup: "3", class: "3B" },
  { upn: "A999314720003", forename: "Zoë", surname: "Ámbrose-Hart", yearGroup: "R", class: null },
  { upn: "B999314720004", forename: "Carl", surname: "Young", yearGroup: "6", class: "6C" },
];
const calls = vi.hoisted(() => ({ allCases: 0 }));
vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  return { ...real, api: { ...real.api, allCases: vi.fn(async () => (calls.allCases++, { rows, countsByStage: {}, total: rows.length, today: null })) } };
});
const { matchPupils, PupilSearch } = await import("../src/search/PupilSearch.tsx");
afterEach(cleanup);

describe("matchPupils", () => {
  it("matches the start of a forename or surname, every word typed, accents and case aside; surnames first", () => {
    expect(matchPupils(rows, "am").map((r) => r.upn)).toEqual(["A999314720003", "A999314720002", "A999314720001"]);
    expect(matchPupils(rows, "hart zo").map((r) => r.forename)).toEqual(["Zoë"]);
    expect(matchPupils(rows, "amara okafor").map((r) => r.forename)).toEqual(["Amara"]);
    // A name's middle is not its start: no match (the control above matches its start).
    expect(matchPupils(rows, "mara")).toEqual([]);
    expect(matchPupils(rows, "  ")).toEqual([]);
  });
  it("matches any part of a UPN", () => {
    expect(matchPupils(rows, "b9993").map((r) => r.surname)).toEqual(["Young"]);
    expect(matchPupils(rows, "720002").map((r) => r.surname)).toEqual(["Amos"]);
  });
});

describe("PupilSearch", () => {
  it("finds a pupil by typing, moves with the arrow keys and opens the case with Enter", async () => {
    const user = userEvent.setup();
    const opened: string[] = [];
    render(<PupilSearch open={(upn) => opened.push(upn)} />);
    const box = screen.getByRole("combobox", { name: "Find a pupil by name or UPN" });
    expect(box.getAttribute("aria-expanded")).toBe("false");
    await user.type(box, "am");
    const options = await screen.findAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual([expect.stringMatching(/^Zoë Ámbrose-Hart/), expect.stringMatching(/^Ben Amos/), expect.stringMatching(/^Amara Okafor/)]);
    expect(box.getAttribute("aria-expanded")).toBe("true");
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(box.getAttribute("aria-activedescendant")).toBe(options[1]!.id);
    expect(options[1]!.getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(box.getAttribute("aria-activedescendant")).toBe(options[2]!.id);
    await user.keyboard("{Enter}");
    expect(opened).toEqual(["A999314720001"]);
    expect((box as HTMLInputElement).value).toBe("");
    expect(screen.getByRole("status").textContent).toBe("");
  });

  it("says when nothing matches, Escape closes then clears, and the list is loaded once", async () => {
    const user = userEvent.setup();
    const opened: string[] = [];
    const before = calls.allCases;
    render(<PupilSearch open={(upn) => opened.push(upn)} />);
    const box = screen.getByRole("combobox");
    await user.type(box, "zzz");
    expect(await screen.findByText("No pupil matches.", { selector: "p" })).toBeTruthy();
    await user.keyboard("{Enter}");
    expect(opened).toEqual([]);
    await user.keyboard("{Escape}");
    expect(box.getAttribute("aria-expanded")).toBe("false");
    expect((box as HTMLInputElement).value).toBe("zzz");
    await user.keyboard("{Escape}");
    expect((box as HTMLInputElement).value).toBe("");
    await user.type(box, "young");
    await user.click(await screen.findByRole("option", { name: /Carl Young/ }));
    expect(opened).toEqual(["B999314720004"]);
    expect(calls.allCases - before).toBeLessThanOrEqual(1);
  });
});
