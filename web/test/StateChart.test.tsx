// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { compilePolicy } from "../../machines/policy/compilePolicy.ts";
import { PRESETS } from "../../machines/presets/index.ts";
import type { JudgedLeaf } from "../../machines/case/judgeGuard.ts";
import type { CompiledGuard } from "../../machines/policy/compiledGuard.ts";
import type { CaseJudgement } from "../src/chart/inspect.ts";
import { MIN_LEGIBLE_ZOOM, StateChart } from "../src/chart/StateChart.tsx";
import { installFlowStubs } from "./setup.ts";

beforeAll(installFlowStubs);
afterEach(cleanup);

const allSaints = compilePolicy(PRESETS["all-saints"], "all-saints");
const T = { timeout: 20_000 };
const label = (edge: Element) => [...edge.querySelectorAll("tspan")].map((t) => t.textContent).join("");

describe("StateChart", () => {
  it("opens the current state's stage, marks the state and its stage active, and draws every state once all are open", async () => {
    const user = userEvent.setup();
    const { container } = render(<StateChart compiled={allSaints} current="formalise.sapInvited" />);
    await waitFor(() => expect(container.querySelector('[data-state="formalise.sapInvited"]')).not.toBeNull(), T);
    const active = [...container.querySelectorAll('[data-active="true"]')].map((e) => e.getAttribute("data-state")).sort();
    expect(active).toEqual(["formalise", "formalise.sapInvited"]);
    expect(container.querySelector('[data-state="expect"]')!.hasAttribute("data-active")).toBe(false);
    // Other stages are closed: Enforce is one box listing what is inside it.
    expect(container.querySelector('[data-state="enforce.penaltyNoticeRequested"]')).toBeNull();
    expect(within(container.querySelector('[data-state="enforce"]') as HTMLElement).getByRole("list", { name: "Inside Enforce" }).textContent).toContain("Penalty notice requested");
    await user.click(screen.getByRole("button", { name: "Open every stage" }));
    await waitFor(() => expect(container.querySelector('[data-state="enforce.penaltyNoticeRequested"]')).not.toBeNull(), T);
    for (const path of allSaints.statePaths) expect(container.querySelector(`[data-state="${path}"]`), path).not.toBeNull();
  });

  it("labels the arrows with their rule and guard in the school's words", async () => {
    const user = userEvent.setup();
    const { container } = render(<StateChart compiled={allSaints} current="expect" />);
    await waitFor(() => expect(container.querySelector("[data-edge]")).not.toBeNull(), T);
    await user.click(screen.getByRole("button", { name: "Open every stage" }));
    await waitFor(() => expect(container.querySelector('[data-edge="sap-held:formalise.sapInvited->formalise.sapTarget"]')).not.toBeNull(), T);
    const letter1 = container.querySelector('[data-edge="letter-1:expect->listen.letter1Monitoring"]')!;
    expect(label(letter1)).toBe("letter-1 Each school day: possible sessions 20 or more and attendance below 95%");
    const sap = container.querySelector('[data-edge="sap-held:formalise.sapInvited->formalise.sapTarget"]')!;
    expect(label(sap)).toBe("sap-held School Attendance Panel meeting held");
    const fastTrack = container.querySelector('[data-edge="fast-track:listen->formalise.fastTrack1"]');
    expect(label(fastTrack!)).toContain("unauthorised sessions in 12 school weeks 10 or more");
    expect(letter1.getAttribute("class")).toContain("is-live");
    expect(sap.getAttribute("class")).not.toContain("is-live");
    expect(screen.getByText("From here")).toBeTruthy();
  });

  it("starts closed in the lab, and a stage opens to show its sub-states inside it", async () => {
    const user = userEvent.setup();
    const { container } = render(<StateChart compiled={allSaints} />);
    await waitFor(() => expect(container.querySelector('[data-state="formalise"]')).not.toBeNull(), T);
    expect(container.querySelectorAll("[data-state]").length).toBe(7);
    // The whole ladder, at a zoom that keeps its labels legible (never the 0.14 of a plain fit).
    await waitFor(() => expect((container.querySelector(".react-flow__viewport") as HTMLElement).style.transform).toMatch(/scale\(/), T);
    const scale = Number(/scale\(([\d.]+)\)/.exec((container.querySelector(".react-flow__viewport") as HTMLElement).style.transform)![1]);
    expect(scale).toBeGreaterThanOrEqual(MIN_LEGIBLE_ZOOM);
    expect(container.querySelector('[data-state="formalise"]')!.getAttribute("data-collapsed")).toBe("true");
    // Rules joining the same two closed boxes are one arrow.
    expect(label(container.querySelector('[data-edge="rules:formalise->enforce"]')!)).toContain("3 rules");
    const toggle = screen.getByRole("button", { name: "Open Formalise support" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    await user.click(toggle);
    await waitFor(() => expect(container.querySelector('[data-id="formalise.sapInvited"]')).not.toBeNull(), T);
    expect(container.querySelector('[data-id="formalise"]')).not.toBeNull();
    expect(screen.getByRole("button", { name: "Close Formalise support" }).getAttribute("aria-expanded")).toBe("true");
    expect(container.querySelectorAll("[data-active]").length).toBe(0);
  });

  it("opens the inspector on a click on an arrow: the rule's words, its guard as data, the seed quote; Escape closes it", async () => {
    const { container } = render(<StateChart compiled={allSaints} current="expect" />);
    await waitFor(() => expect(container.querySelector('[data-edge="letter-1:expect->listen.letter1Monitoring"]')).not.toBeNull(), T);
    const edge = container.querySelector('[data-edge="letter-1:expect->listen.letter1Monitoring"]') as HTMLElement;
    fireEvent.click(edge);
    const panel = screen.getByRole("region", { name: "Rule letter-1" });
    expect(within(panel).getByText("Attendance below the school target: Letter 1 and a two-week monitoring period")).toBeTruthy();
    expect(within(panel).getByTestId("policy-guard-words").textContent).toBe("possible sessions 20 or more and attendance below 95%");
    expect(JSON.parse(within(panel).getByTestId("policy-guard-json").textContent!)).toEqual({ all: [{ possibleSessions: { atLeast: 20 } }, { attendance: { below: 95 } }] });
    expect(panel.querySelector("blockquote")!.textContent).toContain("falls below target of 95%");
    expect(within(panel).queryByText("Statutory gates")).toBeNull();
    expect(document.activeElement).toBe(within(panel).getByRole("heading", { name: "Rule letter-1" }));
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(screen.queryByRole("region", { name: "Rule letter-1" })).toBeNull();
    expect(document.activeElement).toBe(edge);
  });

  it("every tab stop on the chart does something: Enter on a state or an arrow opens the inspector", async () => {
    const user = userEvent.setup();
    const { container } = render(<StateChart compiled={allSaints} current="expect" />);
    await waitFor(() => expect(container.querySelector('[data-state="enforce"]')).not.toBeNull(), T);
    const stops = [...container.querySelectorAll('[data-testid="state-chart"] button, [data-testid="state-chart"] [tabindex="0"]')].filter((e) => !e.closest(".react-flow__controls"));
    expect(stops.length).toBeGreaterThan(7);
    for (const stop of stops) expect(stop.tagName === "BUTTON" || stop.getAttribute("role") === "button", stop.outerHTML.slice(0, 80)).toBe(true);
    const enforce = await screen.findByRole("button", { name: "Enforce: inspect" });
    enforce.focus();
    await user.keyboard("{Enter}");
    const panel = await screen.findByRole("region", { name: "Enforce" });
    expect(within(panel).getByText("Penalty notice requested")).toBeTruthy();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(document.activeElement).toBe(enforce));
    const arrow = container.querySelector('[data-edge="letter-1:expect->listen.letter1Monitoring"]') as HTMLElement;
    arrow.focus();
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("region", { name: "Rule letter-1" })).toBeTruthy();
  });

  it("finds a rule by search, opens the stages it joins and shows its statutory gates apart from the policy's guard", async () => {
    const user = userEvent.setup();
    const { container } = render(<StateChart compiled={allSaints} />);
    await waitFor(() => expect(container.querySelector('[data-state="formalise"]')).not.toBeNull(), T);
    const search = screen.getByRole("combobox", { name: "Find a state or rule" });
    await user.type(search, "letter-2-penalty");
    const options = within(screen.getByRole("listbox", { name: "States and rules found" })).getAllByRole("option");
    expect(options[0]!.textContent).toContain("letter-2-penalty-notice");
    await user.keyboard("{Enter}");
    const panel = screen.getByRole("region", { name: "Rule letter-2-penalty-notice" });
    expect(within(panel).getByTestId("policy-guard-words").textContent).not.toContain("compulsory school age");
    const gates = within(panel).getByTestId("statutory-gates");
    expect(within(gates).getAllByRole("listitem")).toHaveLength(3);
    expect(gates.textContent).toContain("of compulsory school age");
    expect(gates.textContent).toContain("support recorded by a person first");
    // The stages it joins are open: the arrow is drawn on its own.
    await waitFor(() => expect(container.querySelector('[data-edge="letter-2-penalty-notice:facilitate.letter2->enforce.penaltyNoticeRequested"]')).not.toBeNull(), T);
    expect(container.querySelector('[data-edge="letter-2-penalty-notice:facilitate.letter2->enforce.penaltyNoticeRequested"]')!.getAttribute("class")).toContain("is-selected");
  });

  it("finds a state by its name with the arrow keys", async () => {
    const user = userEvent.setup();
    const { container } = render(<StateChart compiled={allSaints} current="expect" />);
    await waitFor(() => expect(container.querySelector('[data-state="expect"]')).not.toBeNull(), T);
    await user.type(screen.getByRole("combobox", { name: "Find a state or rule" }), "penalty notice requested");
    const options = within(screen.getByRole("listbox", { name: "States and rules found" })).getAllByRole("option");
    expect(options[0]!.textContent).toContain("Penalty notice requested");
    await user.keyboard("{ArrowDown}");
    expect(options[1]!.getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{ArrowUp}");
    expect(options[0]!.getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{Enter}");
    expect(screen.getByRole("region", { name: "Penalty notice requested" })).toBeTruthy();
    await waitFor(() => expect(container.querySelector('[data-state="enforce.penaltyNoticeRequested"]')).not.toBeNull(), T);
  });
});

/** A case that went Expect → Letter 1 monitoring (twice) → SAP invited, as GET /api/cases/{upn}/guards gives it (synthetic). */
const leaf = (guard: CompiledGuard, words: string, text: string, holds: boolean | null): JudgedLeaf => ({ kind: Object.keys(guard)[0]!, guard, words, left: null, operator: null, right: null, figures: [], holds, text });
const judgement: CaseJudgement = {
  asOf: "2024-11-20",
  path: [
    { state: "expect", enteredOn: "2024-09-02", leftOn: "2024-10-01", from: "", rule: null, event: "caseOpened" },
    { state: "listen.letter1Monitoring", enteredOn: "2024-10-01", leftOn: "2024-10-15", from: "expect", rule: "letter-1", event: "schoolDayClosed" },
    { state: "listen.letter1Monitoring", enteredOn: "2024-10-15", leftOn: "2024-11-04", from: "listen.letter1Monitoring", rule: "letter-1-monitoring-again", event: "schoolDayClosed" },
    { state: "formalise.sapInvited", enteredOn: "2024-11-04", leftOn: null, from: "listen.letter1Monitoring", rule: "letter-3-sap-after-monitoring", event: "schoolDayClosed" },
  ],
  rules: [
    {
      rule: "letter-1",
      on: "schoolDayClosed",
      from: "expect",
      to: "listen.letter1Monitoring",
      guard: {
        kind: "all" as const,
        words: "possible sessions 20 or more and attendance below 95%",
        parts: [leaf({ possibleSessions: { atLeast: 20 } }, "possible sessions 20 or more", "possible sessions 112 ≥ 20: true", true), leaf({ attendance: { below: 95 } }, "attendance below 95%", "attendance 88.4% < 95%: true", true)],
        holds: true,
      },
      gates: [],
      holds: true,
      applies: false,
    },
  ],
};

describe("StateChart on a case page", () => {
  it("highlights the case's path: visited states tagged with their step and date, the arrows it took numbered, and the path in words", async () => {
    const { container } = render(<StateChart compiled={allSaints} current="formalise.sapInvited" judgement={judgement} />);
    await waitFor(() => expect(container.querySelector('[data-state="formalise.sapInvited"]')).not.toBeNull(), T);
    // Visited: Expect (closed), Listen (closed, with Letter 1 monitoring inside), Formalise and SAP invited; not Enforce.
    const visited = [...container.querySelectorAll("[data-visited]")].map((e) => e.getAttribute("data-state")).sort();
    expect(visited).toEqual(["expect", "formalise", "formalise.sapInvited", "listen"]);
    expect(container.querySelector('[data-state="expect"]')!.getAttribute("data-visited")).toBe("2024-09-02");
    expect(container.querySelector('[data-state="enforce"]')!.hasAttribute("data-visited")).toBe(false);
    // Not colour alone: each visited state says so in its tag and in its name.
    expect(container.querySelector('[data-state="expect"] .chart-visited')!.textContent).toBe("✓ step 1 · 2 Sept 2024");
    expect(screen.getByRole("button", { name: /^Expect \(the case was here from 2 Sept 2024 to 1 Oct 2024\): inspect$/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: /^SAP invited \(where the case is\) \(the case was here from 4 Nov 2024 until now\): inspect$/ })).toBeTruthy();
    // The arrow it took into Formalise is drawn as taken, with its step; an arrow it did not take is not.
    await waitFor(() => expect(container.querySelector('[data-edge="letter-3-sap-after-monitoring:listen.letter1Monitoring->formalise.sapInvited"]')).not.toBeNull(), T);
    const taken = container.querySelector('[data-edge="letter-3-sap-after-monitoring:listen.letter1Monitoring->formalise.sapInvited"]')!;
    expect(taken.getAttribute("class")).toContain("is-path");
    expect(taken.getAttribute("data-taken")).toBe("2024-11-04");
    expect(taken.getAttribute("aria-label")).toContain("the case took it: step 4, 4 Nov 2024");
    expect(container.querySelector('[data-step-for="letter-3-sap-after-monitoring:listen.letter1Monitoring->formalise.sapInvited"] text')!.textContent).toBe("4");
    // The step number is beside the arrow's button, not in it: the button is named by exactly the words it shows.
    expect(taken.querySelector(".chart-step")).toBeNull();
    for (const edge of container.querySelectorAll("[data-edge]")) {
      if (edge !== taken && !edge.hasAttribute("data-taken")) expect(edge.getAttribute("class")).not.toContain("is-path");
    }
    // The path in words, in order, with dates; where the case is now is the current step.
    const list = within(screen.getByTestId("case-path")).getAllByRole("listitem");
    expect(list.map((li) => li.textContent)).toEqual([
      "Expect from Mon, 2 Sept 2024 to Tue, 1 Oct 2024 — the case opened here",
      "Listen and understand › Letter 1 monitoring from Tue, 1 Oct 2024 to Tue, 15 Oct 2024 — by rule letter-1",
      "Listen and understand › Letter 1 monitoring from Tue, 15 Oct 2024 to Mon, 4 Nov 2024 — by rule letter-1-monitoring-again",
      "Formalise support › SAP invited from Mon, 4 Nov 2024 (where the case is now) — by rule letter-3-sap-after-monitoring",
    ]);
    expect(list[3]!.getAttribute("aria-current")).toBe("step");
  });

  it("opens a taken rule from the path list: the step it was, and its guard judged leaf by leaf on the case's figures", async () => {
    const user = userEvent.setup();
    const { container } = render(<StateChart compiled={allSaints} current="formalise.sapInvited" judgement={judgement} />);
    await waitFor(() => expect(container.querySelector('[data-state="formalise.sapInvited"]')).not.toBeNull(), T);
    const path = screen.getByTestId("case-path");
    await user.click(within(path).getByRole("button", { name: "letter-1" }));
    const panel = await screen.findByRole("region", { name: "Rule letter-1" });
    expect(within(panel).getByTestId("rule-taken").textContent).toBe("The case took this step: step 2 of its path, on Tue, 1 Oct 2024.");
    const today = within(panel).getByTestId("guard-today");
    expect(today.textContent).toContain("Today, on this case's figures (Wed, 20 Nov 2024)");
    expect(today.textContent).toContain("The case is not in Expect now: this is what the guard would say if it were.");
    const leaves = within(within(today).getByTestId("guard-today-leaves")).getAllByRole("listitem");
    expect(leaves.map((l) => l.getAttribute("data-holds"))).toEqual(["true", "true", "true"]);
    expect(leaves[1]!.textContent).toBe("possible sessions 112 ≥ 20: true");
    expect(leaves[2]!.textContent).toBe("attendance 88.4% < 95%: true");
    expect(leaves[0]!.textContent!.startsWith("All of these: true")).toBe(true);
    expect(within(today).getByTestId("guard-today-result").textContent).toBe("true");
    // A rule the engine did not judge says so rather than guessing.
    await user.click(within(path).getByRole("button", { name: "letter-3-sap-after-monitoring" }));
    const other = await screen.findByRole("region", { name: "Rule letter-3-sap-after-monitoring" });
    expect(within(other).getByTestId("guard-today").textContent).toContain("Not judged");
  });
});
