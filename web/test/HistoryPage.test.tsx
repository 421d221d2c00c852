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
      verifyAudit: vi.fn(async () => ({ ok: true, checked: 2, firstBrokenAt: null })),
      evidencePdf: vi.fn(async () => {
        throw new real.ApiError(503, 'PDF export needs Chromium on the server, which is not installed here. Use Print instead and choose "Save as PDF" in the print dialogue.');
      }),
    },
  };
});

const { HistoryPage } = await import("../src/pages/HistoryPage.tsx");
afterEach(cleanup);

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
