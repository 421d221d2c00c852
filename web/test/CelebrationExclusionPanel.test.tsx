// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const state = vi.hoisted(() => ({
  flag: { upn: "A999314720002", excluded: false, reason: null as string | null, by: null as string | null, at: null as string | null },
  sets: [] as { excluded: boolean; reason?: string }[],
}));

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  return {
    ...real,
    api: {
      ...real.api,
      celebrationExclusion: vi.fn(async () => ({ ...state.flag })),
      setCelebrationExclusion: vi.fn(async (upn: string, excluded: boolean, reason?: string) => {
        state.sets.push(reason === undefined ? { excluded } : { excluded, reason });
        state.flag = { upn, excluded, reason: excluded ? reason! : null, by: "lead", at: "2025-03-14T09:00:00.000Z" };
        return { ...state.flag };
      }),
    },
  };
});

const { CelebrationExclusionPanel } = await import("../src/case/CelebrationExclusionPanel.tsx");

beforeEach(() => {
  state.flag = { upn: "A999314720002", excluded: false, reason: null, by: null, at: null };
  state.sets = [];
});
afterEach(cleanup);

describe("CelebrationExclusionPanel", () => {
  it("lets the lead leave a pupil out of class figures with a reason, and count them again", async () => {
    const user = userEvent.setup();
    const changed = vi.fn();
    render(<CelebrationExclusionPanel upn="A999314720002" role="attendance-lead" onChanged={changed} />);
    expect(await screen.findByText("Counted in class celebration figures.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Leave out of class figures…" }));
    // A reason is needed.
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Say why");
    expect(state.sets).toEqual([]);
    await user.type(screen.getByLabelText("Long-term circumstance"), "Long-term medical treatment");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(state.sets).toEqual([{ excluded: true, reason: "Long-term medical treatment" }]));
    const line = document.querySelector("[data-excluded]")!;
    expect(line.getAttribute("data-excluded")).toBe("yes");
    expect(line.textContent).toContain("Left out of class celebration figures: Long-term medical treatment");
    expect(line.textContent).toContain("set by lead");
    expect(changed).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole("button", { name: "Count in class figures again" }));
    await waitFor(() => expect(document.querySelector("[data-excluded]")!.getAttribute("data-excluded")).toBe("no"));
    expect(state.sets.at(-1)).toEqual({ excluded: false });
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it("shows an officer or auditor the flag and its reason, with nothing to change", async () => {
    state.flag = { upn: "A999314720002", excluded: true, reason: "Hospital school", by: "lead", at: "2025-03-14T09:00:00.000Z" };
    render(<CelebrationExclusionPanel upn="A999314720002" role="auditor" onChanged={() => {}} />);
    expect((await screen.findByText(/Hospital school/)).textContent).toContain("Hospital school");
    expect(screen.queryByRole("button")).toBeNull();
  });
});
