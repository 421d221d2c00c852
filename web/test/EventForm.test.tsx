// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EventForm, isoFromBritish } from "../src/events/EventForm.tsx";
import { eventFields } from "../src/events/eventFields.ts";

afterEach(cleanup);

describe("EventForm", () => {
  it("reads its fields from the server's zod schema", () => {
    const fields = eventFields("sapMeetingHeld");
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ["attendees", "list", true],
      ["barriers", "list", false],
      ["targets", "longText", false],
      ["targetAttendancePct", "number", false],
      ["reviewDate", "date", true],
      ["actions", "actions", false],
      ["outcome", "choice", false],
      ["notes", "longText", false],
    ]);
    expect(fields.find((f) => f.name === "outcome")!.initial).toBe("plan-agreed");
  });

  it("opens with the cursor in its first field, and takes dates as day/month/year", async () => {
    render(<EventForm type="sapMeetingHeld" onSubmit={vi.fn()} />);
    expect(document.activeElement).toBe(screen.getByLabelText(/Who attended/));
    const review = screen.getByLabelText(/Review date/) as HTMLInputElement;
    expect(review.type).toBe("text");
    expect(review.getAttribute("placeholder")).toBe("dd/mm/yyyy");
    expect(isoFromBritish("29/08/2025")).toBe("2025-08-29");
    expect(isoFromBritish(" 1/9/2025 ")).toBe("2025-09-01");
    expect(isoFromBritish("2025-08-29")).toBe("2025-08-29");
    expect(isoFromBritish("31/02/2025")).toBe("31/02/2025");
    expect(isoFromBritish("08/29/2025")).toBe("08/29/2025");
    expect(isoFromBritish("")).toBe("");
  });

  it("shows the schema's errors in plain words and does not send", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<EventForm type="sapMeetingHeld" onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText(/Target attendance %/), "150");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Name at least one person who attended.")).toBeTruthy();
    expect(screen.getByText("Enter a real date as day/month/year, for example 29/08/2025.")).toBeTruthy();
    expect(screen.getByText("Must be at most 100.")).toBeTruthy();
    expect(screen.getByLabelText(/Who attended/).getAttribute("aria-invalid")).toBe("true");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("sends the payload the server's schema produces when the form is valid", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn(async () => undefined);
    render(<EventForm type="sapMeetingHeld" onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText(/Who attended/), "AL{enter}AHT{enter}Parent");
    await user.type(screen.getByLabelText(/Barriers/), "transport");
    await user.type(screen.getByLabelText(/Targets agreed/), "95% for 3 weeks");
    await user.type(screen.getByLabelText(/Target attendance %/), "95");
    await user.type(screen.getByLabelText(/Review date/), "21/03/2025");
    await user.selectOptions(screen.getByLabelText(/Outcome/), "final-warning");
    await user.type(screen.getByLabelText(/Date it happened/), "7/3/2025");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith(
      { attendees: ["AL", "AHT", "Parent"], barriers: ["transport"], targets: "95% for 3 weeks", targetAttendancePct: 95, reviewDate: "2025-03-21", actions: [], outcome: "final-warning" },
      "2025-03-07",
    );
  });

  it("places the server's refusals beside their fields", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn(async () => [{ field: "date", message: "an event cannot be recorded in the future" }, { field: "type", message: "Note is not allowed now" }]);
    render(<EventForm type="note" onSubmit={onSubmit} />);
    await user.type(screen.getByRole("textbox", { name: "Note" }), "Mum rang: dentist");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("An event cannot be recorded in the future.")).toBeTruthy();
    expect(screen.getByText("Note is not allowed now.")).toBeTruthy();
    expect(onSubmit).toHaveBeenCalledWith({ text: "Mum rang: dentist" }, undefined);
  });

  it("requires a whole number of school days for a notice to improve", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<EventForm type="noticeToImproveIssued" onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText(/^Parent/), "Ms Example");
    await user.type(screen.getByLabelText(/Improvement period/), "10");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Must be at least 15.")).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

describe("the SAP meeting form (issue 15)", () => {
  it("says what will happen in words, with the state and rule ids only in a details toggle", () => {
    const { container } = render(
      <EventForm type="sapMeetingHeld" rules={[{ id: "sap-held", to: "formalise.sapTarget", when: "always", reason: "SAP held: three-week target set" }]} onSubmit={vi.fn()} />,
    );
    const hint = container.querySelector(".rule-hints li")!;
    expect(hint.textContent).toContain("SAP held: three-week target set: the case moves to Formalise support · SAP target.");
    // The ids are inside the closed toggle, not in the sentence.
    const details = hint.querySelector("details")!;
    expect(details.open).toBe(false);
    expect(details.textContent).toContain("formalise.sapTarget");
    expect(hint.firstChild!.textContent).not.toContain("formalise.sapTarget");
  });

  it("opens with the review date the policy offers, typed the British way, and says where it came from", () => {
    render(<EventForm type="sapMeetingHeld" defaults={{ reviewDate: "2025-09-23", reviewSchoolDays: "15" }} onSubmit={vi.fn()} />);
    expect((screen.getByLabelText(/Review date/) as HTMLInputElement).value).toBe("23/09/2025");
    expect(screen.getByText(/Offered from the policy: 15 school days on/)).toBeTruthy();
    cleanup();
    // Without an offer the field is empty (control).
    render(<EventForm type="sapMeetingHeld" onSubmit={vi.fn()} />);
    expect((screen.getByLabelText(/Review date/) as HTMLInputElement).value).toBe("");
  });

  it("takes the actions agreed as rows of what, who and by when, and sends them as a list", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn(async () => undefined);
    render(<EventForm type="sapMeetingHeld" onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText(/Who attended/), "AL");
    await user.type(screen.getByLabelText(/Review date/), "22/09/2025");
    await user.click(screen.getByRole("button", { name: "Add an action" }));
    const first = screen.getByRole("group", { name: "Action 1" });
    expect(document.activeElement).toBe(first.querySelector("input"));
    await user.type(within(first).getByLabelText("What was agreed"), "Breakfast club place");
    await user.type(within(first).getByLabelText("Who will do it"), "AL");
    await user.type(within(first).getByLabelText("By when"), "5/9/2025");
    await user.click(screen.getByRole("button", { name: "Add an action" }));
    const second = screen.getByRole("group", { name: "Action 2" });
    await user.type(within(second).getByLabelText("What was agreed"), "Alarm clock");
    // Who is left empty: refused in words, naming the action, and nothing is sent.
    await user.type(within(second).getByLabelText("By when"), "10/09/2025");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Action 2: say who will do it.")).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    await user.type(within(second).getByLabelText("Who will do it"), "Parent");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect((onSubmit.mock.calls[0] as unknown as [Record<string, unknown>])[0].actions).toEqual([
      { action: "Breakfast club place", owner: "AL", dueDate: "2025-09-05" },
      { action: "Alarm clock", owner: "Parent", dueDate: "2025-09-10" },
    ]);
  });

  it("places the server's refusal of an action's date beside the actions, naming which", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn(async () => [{ field: "actions.1.dueDate", message: "an agreed action cannot be due before the meeting (Thursday 31 July 2025)" }]);
    render(<EventForm type="sapMeetingHeld" onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText(/Who attended/), "AL");
    await user.type(screen.getByLabelText(/Review date/), "22/09/2025");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Action 2: an agreed action cannot be due before the meeting (Thursday 31 July 2025).")).toBeTruthy();
  });
});
