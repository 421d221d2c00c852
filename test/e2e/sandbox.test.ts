/**
 * The sandbox, as a person uses it, against `npm start` in headless Chromium: from the policy lab to the sandbox,
 * pick a pupil of the example school, close school days until a School Attendance Panel meeting task is raised,
 * record the meeting through the case page's form, and watch the chart, the tasks and the history move. Axe finds
 * nothing serious; the phone width does not scroll sideways. Screenshots: test-artifacts/sandbox-*.png.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PRESETS } from "../../machines/presets/index.ts";
import { axeProblems, haveChromium, type Running, SCHOOL, shot, signIn, startWithExampleSchool, widths } from "./harness.ts";

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

if (!haveChromium) console.warn("sandbox browser test skipped: no chromium (apt-get install chromium; CI installs it)");

// The example pupil whose case, under All Saints' policy, is invited to a School Attendance Panel on 4 October 2024.
const UPN = "A999314722004";
const row = readFileSync(join(SCHOOL, "pupils.csv"), "utf8").split("\n").find((l) => l.startsWith(`${UPN},`))!.split(",");
const NAME = `${row[1]} ${row[2]}`;
const POLICY = PRESETS["all-saints"]!.name;

let app: Running;

beforeAll(async () => {
  if (!haveChromium) return;
  app = await startWithExampleSchool([["lead", "attendance-lead"]]);
});

afterAll(async () => {
  await app?.stop();
});

async function open(width: number, height: number): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  // axe-core is injected as a script, which the server's CSP rightly refuses: these pages bypass it.
  const ctx = await app.browser.newContext({ viewport: { width, height }, bypassCSP: true });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { ctx, page, errors };
}

async function startSandbox(page: Page): Promise<void> {
  await page.getByLabel("Policy").selectOption({ label: POLICY });
  await page.getByLabel(/From the example school/).check();
  const pupil = page.getByLabel("Pupil", { exact: true });
  await pupil.locator(`option[value="${UPN}"]`).waitFor({ state: "attached" });
  await pupil.selectOption(UPN);
  await page.getByRole("button", { name: "Start the sandbox" }).click();
  await page.getByTestId("sandbox-today").filter({ hasText: "Before the first school day" }).waitFor();
}

const meetingTask = (page: Page) => page.getByRole("list", { name: "Tasks raised, newest first" }).locator('li[data-kind="meeting"]', { hasText: "School Attendance Panel" });

describe.skipIf(!haveChromium)("the sandbox, against npm start", () => {
  it("on a laptop: steps a case day by day to a SAP meeting task, records the meeting through the form, and the chart and tasks move", async () => {
    const { ctx, page, errors } = await open(1280, 900);
    await signIn(page, app.base, "lead");
    await page.goto(`${app.base}/#/lab`);
    await page.getByRole("link", { name: "Step one pupil's case live in the sandbox" }).click();
    await page.getByRole("heading", { name: "Sandbox", level: 1 }).waitFor();
    // A lead may read pupils: the picker names them.
    await page.getByLabel("Pupil", { exact: true }).locator("option", { hasText: NAME }).waitFor({ state: "attached" });
    // The inspector is off until a developer turns it on.
    await page.getByText("For developers").click();
    expect(await page.getByLabel("Stream this sandbox to Stately's inspector").isChecked()).toBe(false);
    await startSandbox(page);
    expect(await page.getByTestId("sandbox-state").textContent()).toBe("Expect");

    // School day by school day, as a person would press the button, until the meeting task is raised.
    let days = 0;
    while ((await meetingTask(page).count()) === 0) {
      expect(days++, "the SAP meeting task is raised within the first half term").toBeLessThan(40);
      await page.getByRole("button", { name: /^Next school day/ }).click();
      await page.getByTestId("sandbox-today").filter({ hasText: `school day ${days} of` }).waitFor();
    }
    expect(await page.getByTestId("sandbox-today").textContent()).toContain("4 Oct 2024");
    expect(await page.getByTestId("sandbox-state").textContent()).toBe("Formalise support · SAP invited");
    await page.locator('[data-state="formalise.sapInvited"][data-active="true"]').waitFor();
    expect(await page.getByRole("table", { name: "History, newest first" }).locator("tbody tr").count()).toBeGreaterThanOrEqual(3);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, "sandbox-desktop-invited");

    await page.getByRole("button", { name: "School Attendance Panel meeting held" }).first().click();
    const form = page.getByRole("form", { name: "School Attendance Panel meeting held" });
    // The form's own validation, as on a case page: nobody named as attending.
    await form.getByLabel(/Review date/).fill("29/11/2024");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByRole("alert").first().waitFor();
    await form.getByLabel(/Who attended/).fill("AL\nAHT\nParent");
    await form.getByLabel(/Target attendance %/).fill("95");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "The case moved to Formalise support · SAP target" }).waitFor();
    await page.locator('[data-state="formalise.sapTarget"][data-active="true"]').waitFor();
    expect(await page.locator('[data-state="formalise.sapInvited"][data-active="true"]').count()).toBe(0);
    const history = page.getByRole("table", { name: "History, newest first" });
    expect(await history.locator("tbody tr").first().textContent()).toContain("School Attendance Panel meeting held");

    // On to the review: the figures and the tasks move with the days.
    const before = await page.getByRole("heading", { name: /Tasks raised/ }).textContent();
    await page.getByLabel("Close every school day up to").fill("20/12/2024");
    await page.getByRole("button", { name: "Go to this date" }).click();
    await page.getByTestId("sandbox-today").filter({ hasText: "20 Dec 2024" }).waitFor();
    expect(await page.getByRole("heading", { name: /Tasks raised/ }).textContent()).not.toBe(before);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, "sandbox-desktop-after-meeting");
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("on a phone: the same pupil to the meeting task by date, without sideways scrolling, axe clean", async () => {
    const { ctx, page, errors } = await open(390, 844);
    await signIn(page, app.base, "lead");
    await page.goto(`${app.base}/#/sandbox`);
    await page.getByRole("heading", { name: "Sandbox", level: 1 }).waitFor();
    await startSandbox(page);
    await page.getByLabel("Close every school day up to").fill("04/10/2024");
    await page.getByRole("button", { name: "Go to this date" }).click();
    await meetingTask(page).first().waitFor();
    expect(await page.getByTestId("sandbox-state").textContent()).toBe("Formalise support · SAP invited");
    const w = await widths(page);
    expect(w.scrollWidth).toBeLessThanOrEqual(w.innerWidth);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, "sandbox-phone-invited");
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("an empty pupil absent every day: the case moves; the inspector is offered for it, never for a loaded register", async () => {
    const { ctx, page, errors } = await open(1280, 900);
    await signIn(page, app.base, "lead");
    await page.goto(`${app.base}/#/sandbox`);
    await page.getByText("For developers").click();
    const toggle = page.getByLabel("Stream this sandbox to Stately's inspector");
    // A loaded register could be a real school's: no switch.
    await page.getByLabel(/From a register file you load/).check();
    expect(await toggle.count()).toBe(0);
    await page.getByLabel(/Start empty/).check();
    expect(await toggle.isChecked()).toBe(false);
    await page.getByRole("button", { name: "Start the sandbox" }).click();
    await page.getByLabel("Each school day you close is marked").selectOption("O");
    await page.getByRole("button", { name: "Next 5 school days" }).click();
    await page.getByRole("button", { name: "Next 5 school days" }).click();
    await page.getByTestId("sandbox-today").filter({ hasText: "school day 10 of" }).waitFor();
    expect(await page.getByTestId("sandbox-state").textContent()).not.toBe("Expect");
    expect(await page.getByRole("table", { name: "History, newest first" }).locator("tbody tr").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
