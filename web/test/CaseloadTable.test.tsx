// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { CaseSummary } from "../src/api/client.ts";
import { CaseloadTable } from "../src/caseload/CaseloadTable.tsx";

afterEach(cleanup);

const band = (id: string, colour: string) => ({ id, label: id, colour });
const rows: CaseSummary[] = [
  { upn: "A999000000001", forename: "Amy", surname: "Able", yearGroup: "3", flags: [], stage: "expect", state: "expect", revision: 1, attendancePct: 97.5, band: band("target", "green"), openTasks: 0, overdueTasks: 0, stageEnteredOn: null, nextReview: null },
  { upn: "B999000000002", forename: "Ben", surname: "Baker", yearGroup: "5", flags: ["socialWorker"], stage: "formalise", state: "formalise.sapInvited", revision: 4, attendancePct: 84.2, band: band("sap", "red"), openTasks: 2, overdueTasks: 1, stageEnteredOn: null, nextReview: "2025-03-21" },
  { upn: "C999000000003", forename: "Cara", surname: "Cole", yearGroup: "R", flags: ["send", "pupilPremium"], stage: "listen", state: "listen.letter1Monitoring", revision: 2, attendancePct: 93.1, band: band("letter-1", "amber"), openTasks: 1, overdueTasks: 0, stageEnteredOn: null, nextReview: null },
  { upn: "D999000000004", forename: "Dev", surname: "Dunn", yearGroup: "5", flags: [], stage: "formalise", state: "formalise.fastTrack1", revision: 3, attendancePct: 71.0, band: band("case-work", "darkred"), openTasks: 3, overdueTasks: 2, stageEnteredOn: null, nextReview: null },
];

const names = () => screen.getAllByRole("row").slice(1).map((r) => within(r).getByRole("link").textContent);

describe("CaseloadTable", () => {
  it("lists the worst attendance first, and sorts by a column when its header is clicked", async () => {
    const user = userEvent.setup();
    render(<CaseloadTable rows={rows} />);
    expect(names()).toEqual(["Dunn, Dev", "Baker, Ben", "Cole, Cara", "Able, Amy"]);
    await user.click(screen.getByRole("button", { name: /^Attendance/ }));
    expect(names()).toEqual(["Able, Amy", "Cole, Cara", "Baker, Ben", "Dunn, Dev"]);
    await user.click(screen.getByRole("button", { name: /^Pupil/ }));
    expect(names()).toEqual(["Able, Amy", "Baker, Ben", "Cole, Cara", "Dunn, Dev"]);
    await user.click(screen.getByRole("button", { name: /^Year/ }));
    expect(names()[0]).toBe("Cole, Cara");
  });

  it("filters by stage, flag, year group and overdue tasks, and searches by name", async () => {
    const user = userEvent.setup();
    render(<CaseloadTable rows={rows} />);
    await user.selectOptions(screen.getByLabelText("Stage"), "formalise");
    expect(names()).toEqual(["Dunn, Dev", "Baker, Ben"]);
    await user.selectOptions(screen.getByLabelText("Flag"), "socialWorker");
    expect(names()).toEqual(["Baker, Ben"]);
    await user.selectOptions(screen.getByLabelText("Flag"), "");
    await user.selectOptions(screen.getByLabelText("Stage"), "");
    await user.selectOptions(screen.getByLabelText("Year"), "5");
    expect(names()).toEqual(["Dunn, Dev", "Baker, Ben"]);
    await user.selectOptions(screen.getByLabelText("Year"), "");
    await user.click(screen.getByLabelText("Overdue tasks only"));
    expect(names()).toEqual(["Dunn, Dev", "Baker, Ben"]);
    await user.click(screen.getByLabelText("Overdue tasks only"));
    await user.type(screen.getByLabelText("Search"), "cara");
    expect(names()).toEqual(["Cole, Cara"]);
    expect(screen.getByText("Showing 1 of 4 cases.")).toBeTruthy();
  });

  it("shows each case's next review", () => {
    render(<CaseloadTable rows={rows} countsByStage={{}} today="2025-03-01" />);
    const row = screen.getByRole("link", { name: /Baker, Ben/ }).closest("tr")!;
    expect(within(row).getByText(/21 Mar 2025/)).toBeTruthy();
    const other = screen.getByRole("link", { name: /Able, Amy/ }).closest("tr")!;
    expect(within(other).queryByText(/2025/)).toBeNull();
  });

  it("filters by band, and by stage from the counts", async () => {
    const user = userEvent.setup();
    render(<CaseloadTable rows={rows} countsByStage={{ expect: 120, listen: 7, formalise: 2 }} />);
    await user.selectOptions(screen.getByLabelText("Band"), "sap");
    expect(names()).toEqual(["Baker, Ben"]);
    await user.selectOptions(screen.getByLabelText("Band"), "");
    const listen = screen.getByRole("button", { name: /7 Listen and understand/ });
    await user.click(listen);
    expect(listen.getAttribute("aria-pressed")).toBe("true");
    expect(names()).toEqual(["Cole, Cara"]);
    expect(screen.getByRole("button", { name: /120 Expect/ })).toBeTruthy();
  });
});
