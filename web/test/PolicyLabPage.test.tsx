// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { installFlowStubs } from "./setup.ts";

// The school's current policy: All Saints as published, with Letter 1 at 94% (synthetic).
vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  const { PRESETS } = await import("../../machines/presets/index.ts");
  const published = structuredClone(PRESETS["all-saints"]) as { version: number; parameters: Record<string, { value: number }> };
  published.version = 2;
  published.parameters.letter1Below!.value = 94;
  return {
    ...real,
    api: {
      ...real.api,
      policies: vi.fn(async () => ({ current: "all-saints", policies: [{ id: "all-saints", version: 2, name: "All Saints (published)" }] })),
      policyVersions: vi.fn(async () => ({ versions: [{ id: "all-saints", version: 2, name: "All Saints (published)", document: published }] })),
    },
  };
});

const { PolicyLabPage } = await import("../src/pages/PolicyLabPage.tsx");

beforeAll(installFlowStubs);
afterEach(cleanup);

describe("the policy lab's comparison", () => {
  it("compares with the school's current policy by default, and says what differs between the two", async () => {
    render(<PolicyLabPage />);
    const compare = screen.getByLabelText("Compare with") as HTMLSelectElement;
    await waitFor(() => expect(compare.selectedOptions[0]!.textContent).toBe("The school's current policy: All Saints (published)"));
    const edits = await screen.findByRole("region", { name: "What differs between the two policies" });
    expect(within(edits).getByText("Parameter letter1Below (Letter 1 when attendance falls below this target): 94 → 95")).toBeTruthy();
    expect(within(edits).getByText("Setting version: 2 → 1")).toBeTruthy();
  });

  it("runs both, signs the difference as the tried policy minus the other, lists the changed pupils and shows every case under both", async () => {
    const user = userEvent.setup();
    render(<PolicyLabPage />);
    await waitFor(() => expect((screen.getByLabelText("Compare with") as HTMLSelectElement).selectedOptions[0]!.textContent).toContain("All Saints (published)"));
    await user.click(screen.getByRole("button", { name: "Run both policies" }));
    const table = await screen.findByRole("table", { name: "Policies compared" }, { timeout: 60_000 });
    const letters = table.querySelector('[data-row="letters"]')!;
    const [tried, other, diff] = [...letters.querySelectorAll("td")].map((td) => td.textContent!);
    const d = Number(tried) - Number(other);
    expect(diff).toBe(d > 0 ? `+${d}` : d < 0 ? `\u2212${-d}` : "0");
    // Letter 1 at 95% rather than 94% sends more letters to the same pupils.
    expect(d).toBeGreaterThan(0);

    const changed = screen.getByRole("table", { name: "Pupils whose outcome changes" });
    const rows = changed.querySelectorAll("tbody tr");
    expect(rows.length).toBeGreaterThan(0);
    const letterDiffs = [...rows].map((r) => {
      const cell = r.querySelectorAll("td")[2]!;
      const m = /^(\d+) → (\d+)$/.exec(cell.textContent!.trim());
      return m ? Number(m[1]) - Number(m[2]) : 0;
    });
    expect(letterDiffs.reduce((a, b) => a + b, 0)).toBe(d);
    // Where one pupil's cases first diverge, and why: All Saints' Letter 1 at 95% acts on 3 March 2025, the
    // published 94% does not; the side-by-side timeline opens from the UPN.
    const h = changed.querySelector('tr[data-upn="H999314723002"]')!;
    expect(h.querySelector("td[data-diverges]")!.getAttribute("data-diverges")).toBe("2025-03-03");
    expect(h.querySelector("td[data-diverges]")!.textContent).toMatch(/under all-saints, moved to Listen and understand.*under school's current \(all-saints\), nothing happened/);
    // The rules behind it by id, behind a toggle.
    expect(h.querySelector("td[data-diverges] details [data-rules]")!.textContent).toBe("all-saints: letter-1; school's current (all-saints): none");
    await user.click(within(h as HTMLElement).getByRole("button", { name: "H999314723002: the case under both policies" }));
    const timeline = screen.getByRole("table", { name: "H999314723002: the case under both policies, day by day" });
    const differs = timeline.querySelectorAll('tbody tr[data-differs="true"]');
    expect(differs.length).toBeGreaterThan(0);
    expect(differs[0]!.querySelector("th")!.textContent).toContain("2025");
    expect(document.activeElement?.textContent).toBe("H999314723002: the case under both policies");

    const cases = screen.getByRole("table", { name: "Cases under both policies" });
    expect(within(cases).getByRole("columnheader", { name: "all-saints" })).toBeTruthy();
    expect(within(cases).getByRole("columnheader", { name: "school's current (all-saints)" })).toBeTruthy();
    expect(cases.querySelectorAll("tbody tr").length).toBe(40);
    await user.click(screen.getByLabelText("Only pupils whose outcome changes"));
    expect(cases.querySelectorAll("tbody tr").length).toBe(rows.length);
  }, 120_000);
});
