// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { compilePolicy } from "../../machines/policy/compilePolicy.ts";
import { PRESETS } from "../../machines/presets/index.ts";
import { StateChart } from "../src/chart/StateChart.tsx";
import { installFlowStubs } from "./setup.ts";

beforeAll(installFlowStubs);
afterEach(cleanup);

const allSaints = compilePolicy(PRESETS["all-saints"], "all-saints");

describe("StateChart", () => {
  it("draws every state of the compiled policy with its dotted id, and marks the current state and its stage active", async () => {
    const { container } = render(<StateChart compiled={allSaints} current="formalise.sapInvited" />);
    await waitFor(() => expect(container.querySelector('[data-state="formalise.sapInvited"]')).not.toBeNull(), { timeout: 20_000 });
    for (const path of allSaints.statePaths) expect(container.querySelector(`[data-state="${path}"]`), path).not.toBeNull();
    const active = [...container.querySelectorAll('[data-active="true"]')].map((e) => e.getAttribute("data-state")).sort();
    expect(active).toEqual(["formalise", "formalise.sapInvited"]);
    expect(container.querySelector('[data-state="expect"]')!.hasAttribute("data-active")).toBe(false);
  });

  it("labels the arrows with their rule and guard in the school's words", async () => {
    const { container } = render(<StateChart compiled={allSaints} current="expect" />);
    await waitFor(() => expect(container.querySelector("[data-edge]")).not.toBeNull(), { timeout: 20_000 });
    const letter1 = container.querySelector('[data-edge="letter-1:expect->listen.letter1Monitoring"]');
    expect(letter1).not.toBeNull();
    const label = (edge: Element) => [...edge.querySelectorAll("tspan")].map((t) => t.textContent).join(" ");
    expect(label(letter1!)).toBe("letter-1 Each school day: possible sessions 20 or more and attendance below 95%");
    const sap = container.querySelector('[data-edge="sap-held:formalise.sapInvited->formalise.sapTarget"]');
    expect(label(sap!)).toBe("sap-held School Attendance Panel meeting held");
    const fastTrack = container.querySelector('[data-edge="fast-track:listen->formalise.fastTrack1"]');
    expect(label(fastTrack!)).toContain("unauthorised sessions in 12 school weeks 10 or more");
    // Arrows leaving the current state are the live ones.
    expect(letter1!.getAttribute("class")).toContain("is-live");
    expect(sap!.getAttribute("class")).not.toContain("is-live");
    expect(screen.getByText("From here")).toBeTruthy();
  });

  it("puts sub-states inside their stage", async () => {
    const { container } = render(<StateChart compiled={allSaints} />);
    await waitFor(() => expect(container.querySelector('[data-state="formalise"]')).not.toBeNull(), { timeout: 20_000 });
    const stageNode = container.querySelector('[data-id="formalise"]');
    const childNode = container.querySelector('[data-id="formalise.sapInvited"]');
    expect(stageNode).not.toBeNull();
    expect(childNode).not.toBeNull();
    expect(container.querySelectorAll("[data-active]").length).toBe(0);
  });
});
