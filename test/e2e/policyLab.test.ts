/**
 * The policy lab as a policy designer uses it, against `npm start` in headless Chromium: open a policy, find
 * Letter 3 by the chart's search and read its guard from the keyboard, edit a threshold in the schema-aware editor
 * with completion (the problem announced while the text is incomplete, the change summary once it passes), leave
 * the editor by Escape then Tab, run the comparison with the school's current policy, open one changed pupil's
 * side-by-side timeline and download the comparison as CSV. Desktop and phone screenshots go to test-artifacts/
 * (lab.png is the README's); axe finds nothing serious; the phone does not scroll sideways.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ARTIFACTS, axeProblems, haveChromium, type Running, shot, signIn, startWithExampleSchool, widths } from "./harness.ts";

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

if (!haveChromium) console.warn("policy lab journey skipped: no chromium (apt-get install chromium; CI installs it)");

let app: Running;

beforeAll(async () => {
  if (!haveChromium) return;
  app = await startWithExampleSchool([["lead", "attendance-lead"]]);
});

afterAll(async () => {
  await app?.stop();
});

async function open(width: number, height: number, bypassCSP = true): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  // axe-core is injected as a script, which the server's CSP rightly refuses: these pages bypass it.
  const ctx = await app.browser.newContext({ viewport: { width, height }, bypassCSP, acceptDownloads: true });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await signIn(page, app.base, "lead");
  await page.goto(`${app.base}/#/lab`);
  await page.getByRole("heading", { name: "Policy lab", level: 1 }).waitFor();
  return { ctx, page, errors };
}

const editor = (page: Page) => page.getByRole("textbox", { name: "Policy document (JSON)" });
const status = (page: Page) => page.locator(".policy-editor [role=status]");

describe.skipIf(!haveChromium)("the policy lab, as a policy designer uses it", () => {
  it("finds Letter 3, reads its guard by keyboard, edits a threshold with completion, compares, opens a pupil and downloads the CSV", async () => {
    const { ctx, page, errors } = await open(1280, 900);

    // Find Letter 3 by the chart's search; the inspector opens on it with the focus on its title.
    await page.getByRole("combobox", { name: "Find a state or rule" }).fill("Letter 3");
    await page.keyboard.press("Enter");
    const inspector = page.getByRole("region", { name: /^Rule letter-3/ });
    await inspector.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("chart-inspector-title");
    // Tab through the inspector to the guard as data, by keyboard alone.
    let onGuard = false;
    for (let i = 0; i < 8 && !onGuard; i++) {
      await page.keyboard.press("Tab");
      onGuard = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "policy-guard-json");
    }
    expect(onGuard, "the guard's data is reached by Tab from the inspector's title").toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/"attendance": \{\s*"below": \d+/);
    expect(await inspector.getByTestId("policy-guard-words").textContent()).toMatch(/attendance/i);
    await shot(page, "lab-inspector");
    await page.keyboard.press("Escape");

    // Edit the policy: Letter 1's guard from "below $letter1Below" (95%) to below 94, completing the field's name.
    await page.getByRole("button", { name: "Edit as JSON" }).click();
    await editor(page).waitFor();
    await editor(page).click();
    await page.keyboard.press("Control+f");
    const find = page.locator(".cm-search input[name=search]");
    // Typed, not filled: the search panel reads its field on key presses.
    await find.pressSequentially('"below": "$letter1Below"');
    await find.press("Enter");
    await find.press("Escape");
    await page.keyboard.type('"bel', { delay: 40 });
    const option = page.locator(".cm-tooltip-autocomplete li", { hasText: "below" }).first();
    await option.waitFor();
    await shot(page, "lab-completion", false);
    // Chosen with the mouse: Enter within CodeMirror's first 75 ms of a new list types a line break instead.
    await option.click();
    // Until the value is written the JSON is incomplete: the problem is underlined and announced.
    await page.locator(".cm-lintRange-error, .cm-lintPoint-error").first().waitFor();
    await expect.poll(() => status(page).textContent()).toMatch(/^1 problem: .*The JSON is not valid near line \d+/);
    await page.keyboard.type("94");
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toBe("The policy passes its check: the chart and the runs below use it.");
    const summary = page.getByRole("region", { name: "What you changed from the preset" });
    await summary.waitFor();
    expect(await summary.locator("li").allTextContents()).toEqual(['Rule letter-1: guard {"attendance":{"below":"$letter1Below"}} → {"attendance":{"below":94}}']);
    await page.getByText("Using your edited version of all-saints.").waitFor();
    // The chart follows the edit: Letter 1's guard now reads 94%.
    await page.getByRole("combobox", { name: "Find a state or rule" }).fill("letter-1");
    await page.keyboard.press("Enter");
    await page.getByRole("region", { name: /^Rule letter-1$/ }).waitFor();
    expect(await page.getByRole("region", { name: /^Rule letter-1$/ }).getByTestId("policy-guard-words").textContent()).toMatch(/below 94\b/);
    await page.keyboard.press("Escape");

    // Keyboard users leave the editor: Escape, then Tab.
    // (The editor lives in a shadow root: the document's focus is on its host while the editor has it.)
    const inEditor = () => page.evaluate(() => Boolean(document.activeElement?.closest(".policy-editor-host")));
    await editor(page).focus();
    await page.keyboard.press("Tab");
    expect(await inEditor(), "Tab alone indents").toBe(true);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await inEditor(), "Escape then Tab leaves").toBe(false);

    // Run both against the school's current policy (All Saints as published, Letter 1 at 95%).
    await page.getByLabel(/The example school/).check();
    await page.getByRole("button", { name: "Run both policies" }).click();
    await page.getByRole("table", { name: "Policies compared" }).waitFor({ timeout: 120_000 });
    const changed = page.getByRole("table", { name: "Pupils whose outcome changes" });
    await changed.waitFor();
    const first = changed.locator("tbody tr").first();
    const upn = (await first.getAttribute("data-upn"))!;
    expect(await first.locator("td[data-diverges]").textContent()).toMatch(/under all-saints \(edited\), nothing happened; under school's current \(all-saints\), moved to Listen and understand/);
    expect(await first.locator("td[data-diverges] [data-rules]").textContent()).toMatch(/^all-saints \(edited\): none; school's current \(all-saints\): (monitor-)?letter-1$/);
    await first.getByRole("button", { name: `${upn}: the case under both policies` }).click();
    const timeline = page.getByRole("table", { name: `${upn}: the case under both policies, day by day` });
    await timeline.waitFor();
    expect(await timeline.locator('tbody tr[data-differs="true"]').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`${upn}: the case under both policies`);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download the comparison (CSV)" }).click()]);
    expect(download.suggestedFilename()).toBe("policy-comparison.csv");
    const rows = parse(readFileSync((await download.path())!, "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(40);
    const row = rows.find((r) => r.UPN === upn)!;
    expect(row["Outcome differs"]).toBe("yes");
    expect(row["First day they differ"]).toMatch(/^\d{4}-\d\d-\d\d$/);

    expect(await axeProblems(page)).toEqual([]);
    await page.locator(".panel", { has: changed }).screenshot({ path: join(ARTIFACTS, "lab-changed-pupils.png") });
    await shot(page, "lab-compared");
    // The README's picture: the editor with its change summary over the chart.
    await page.getByRole("heading", { name: "Policy lab", level: 1 }).scrollIntoViewIfNeeded();
    await shot(page, "lab", false);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("loads the editor under the server's Content-Security-Policy, styled, with no error", async () => {
    const { ctx, page, errors } = await open(1280, 900, false);
    await page.getByRole("button", { name: "Edit as JSON" }).click();
    await editor(page).waitFor();
    expect(await page.locator(".cm-editor").evaluate((e) => getComputedStyle(e).display)).toBe("flex");
    expect(await page.locator(".cm-editor").evaluate((e) => getComputedStyle(e).borderTopStyle)).toBe("solid");
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("on a phone: the editor and the chart fit without sideways scroll, and axe finds nothing serious", async () => {
    const { ctx, page, errors } = await open(390, 844);
    await page.getByRole("button", { name: "Edit as JSON" }).click();
    await editor(page).waitFor();
    const w = await widths(page);
    expect(w.scrollWidth).toBeLessThanOrEqual(w.innerWidth);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, "lab-phone", false);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
