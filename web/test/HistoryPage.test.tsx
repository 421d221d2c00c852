// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  return {
    ...real,
    api: {
      ...real.api,
      timeline: vi.fn(async () => ({
        upn: "A999314720002",
        entries: [
          { seq: 1, schoolDate: "2025-03-01", recordedAt: "2025-03-01T16:00:00Z", actor: "rollcall", eventType: "caseOpened", from: "", to: "expect", rule: null, reason: "Case opened", tasks: [], payload: null, metrics: null, policy: { id: "all-saints", version: 1 }, hash: "a".repeat(64) },
          { seq: 2, schoolDate: "2025-03-04", recordedAt: "2025-03-04T09:00:00Z", actor: "lead", eventType: "note", from: "expect", to: "expect", rule: "record-note", reason: "Recorded on the case", tasks: [], payload: { text: "Letter sent: Letter 1: attendance concern" }, metrics: null, policy: { id: "all-saints", version: 1 }, hash: "b".repeat(64) },
        ],
      })),
      getCase: vi.fn(async () => ({ upn: "A999314720002", state: "expect", pupil: { forename: "Test", surname: "Pupil" }, policy: { id: "all-saints", version: 1, name: "All Saints" } })),
      verifyAudit: vi.fn(async () => verification),
      evidencePdf: vi.fn(async () => {
        throw new real.ApiError(503, 'PDF export needs Chromium on the server, which is not installed here. Use Print instead and choose "Save as PDF" in the print dialogue.');
      }),
    },
  };
});

const ok = { ok: true, checked: 2, firstBroken: null };
const verified = {
  ok: true,
  checked: 2,
  firstBrokenAt: null,
  key: { id: "0123456789abcdef", source: "file", olderKeys: [] },
  checks: { chains: ok, heads: ok, history: ok, registers: ok, accessLog: ok, cases: ok, checkpoint: ok, replay: ok },
};
let verification: unknown = verified;

const { HistoryPage } = await import("../src/pages/HistoryPage.tsx");
afterEach(() => {
  cleanup();
  verification = verified;
});

describe("HistoryPage: the audit verification", () => {
  it("says what was verified, with the key's id", async () => {
    render(<HistoryPage upn="A999314720002" role="auditor" />);
    expect((await screen.findByText(/Audit trail verified/)).textContent).toContain("key 0123456789abcdef");
  });

  it("names the first broken thing of each failed check", async () => {
    verification = {
      ...verified,
      ok: false,
      checks: {
        ...verified.checks,
        heads: { ok: false, checked: 2, firstBroken: "case A999314720002: entries 5–6 deleted (the history ends at 4, its sealed head is 6)", upn: "A999314720002", seq: 5 },
        accessLog: { ok: false, checked: 1, firstBroken: "access_log: 12 row(s) deleted, first ids 1–12 (0 of the 12 sealed, through id 12)" },
      },
    };
    render(<HistoryPage upn="A999314720002" role="auditor" />);
    const box = (await screen.findByText(/Audit trail broken/)).closest("div")!;
    const items = [...box.querySelectorAll("li")].map((li) => li.textContent);
    expect(items).toEqual([
      "Sealed case heads: case A999314720002: entries 5–6 deleted (the history ends at 4, its sealed head is 6)",
      "Access log: access_log: 12 row(s) deleted, first ids 1–12 (0 of the 12 sealed, through id 12)",
    ]);
  });
});

describe("HistoryPage: the evidence bundle", () => {
  it("opens the bundle in a new tab, the UPN in the path and never in a query string", async () => {
    render(<HistoryPage upn="A999314720002" role="attendance-lead" />);
    const link = await screen.findByRole("link", { name: "Evidence bundle" });
    expect(link.getAttribute("href")).toBe("/api/cases/A999314720002/evidence");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toContain("noopener");
    expect(screen.getByText("Letter sent: Letter 1: attendance concern", { exact: false })).toBeTruthy();
  });

  it("says to print the bundle when the server cannot make the PDF", async () => {
    render(<HistoryPage upn="A999314720002" role="auditor" />);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Evidence bundle (PDF)" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/Open the evidence bundle and print it from there/);
  });

  it("is not offered to an attendance officer, whom the server refuses", async () => {
    render(<HistoryPage upn="A999314720002" role="attendance-officer" />);
    await screen.findByRole("heading", { name: /Escalation history/ });
    expect(screen.queryByRole("link", { name: "Evidence bundle" })).toBeNull();
  });
});

describe("HistoryPage: plain words", () => {
  it("says why in words; the rule, state and policy ids only inside the details toggle", async () => {
    render(<HistoryPage upn="A999314720002" role="auditor" />);
    const row = (await screen.findByText("Recorded on the case")).closest("tr")!;
    const toggle = row.querySelector("details.entry-ids")!;
    expect(toggle.querySelector("summary")!.textContent).toBe("Rule and state ids");
    expect(toggle.textContent).toContain("record-note");
    expect(toggle.textContent).toContain("all-saints");
    // Outside the toggle, no id: the row read without it.
    const clone = row.cloneNode(true) as HTMLElement;
    clone.querySelector("details.entry-ids")!.remove();
    expect(clone.textContent).not.toMatch(/record-note|all-saints|\bnote\b/);
    expect(clone.textContent).toContain("Recorded on the case");
  });
});
