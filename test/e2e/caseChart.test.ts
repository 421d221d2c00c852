/**
 * The case page's state chart, as the attendance lead uses it, against `npm start` in headless Chromium: a case
 * of the example school that moved stages shows its path (each state it entered, with dates, on the chart and in
 * words), and a transition's inspector opened from the keyboard reads its guard judged on the case's figures,
 * leaf by leaf. Axe clean; screenshots on a laptop and a phone in test-artifacts/case-chart-*.png.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { join } from "node:path";
import { ARTIFACTS, axeProblems, haveChromium, type Running, shot, signIn, startWithExampleSchool, widths } from "./harness.ts";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

if (!haveChromium) console.warn("case chart journey skipped: no chromium (apt-get install chromium; CI installs it)");

type Visit = { state: string; enteredOn: string; leftOn: string | null; rule: string | null };
type Leaf = { text: string; holds: boolean | null; operator: string | null };
type Judged = Leaf | { kind: string; parts: Judged[]; holds: boolean | null };
type Rule = { rule: string; from: string; to: string; guard: Judged | null; holds: boolean | null; applies: boolean };

let app: Running;
let target: { upn: string; path: Visit[]; rules: Rule[]; asOf: string };

const leaves = (j: Judged | null): Leaf[] => (!j ? [] : "parts" in j ? j.parts.flatMap(leaves) : [j]);
/** As the page writes a date (web/src/words.ts formatDate). */
const dateWords = (d: string, weekday = true) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString("en-GB", { ...(weekday ? { weekday: "short" as const } : {}), day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

beforeAll(async () => {
  if (!haveChromium) return;
  app = await startWithExampleSchool([["lead", "attendance-lead"]]);
  const lead = await app.api("POST", "/api/auth/login", { username: "lead", password: "correct horse battery staple" });
  const cases = (await app.api("GET", "/api/cases?stage=formalise&limit=500", undefined, lead.cookie)).json.rows as { upn: string; state: string }[];
  // A case invited to a SAP meeting: it came through Expect and Letter 1 monitoring on its way.
  for (const c of cases.filter((x) => x.state === "formalise.sapInvited")) {
    const guards = await app.api("GET", `/api/cases/${c.upn}/guards`, undefined, lead.cookie);
    expect(guards.status).toBe(200);
    if (guards.json.path.length >= 3) {
      target = { upn: c.upn, path: guards.json.path, rules: guards.json.rules, asOf: guards.json.asOf };
      break;
    }
  }
  expect(target, "the example school has a case invited to a SAP after moving through at least two states").toBeDefined();
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
  await signIn(page, app.base, "lead");
  await page.goto(`${app.base}/#/cases/${encodeURIComponent(target.upn)}`);
  await page.locator('.chart-state[data-state="formalise.sapInvited"]').waitFor();
  await page.getByTestId("case-path").waitFor();
  return { ctx, page, errors };
}

describe.skipIf(!haveChromium)("the case page's chart: the case's path and its guards judged", () => {
  it("shows the path with dates, and from the keyboard opens the step into SAP invited with its guard judged leaf by leaf", async () => {
    const { ctx, page, errors } = await open(1280, 900);
    // The path in words, one line per state entered, in order, with the dates it entered (and left).
    const items = page.getByTestId("case-path").getByRole("listitem");
    expect(await items.count()).toBe(target.path.length);
    for (const [i, v] of target.path.entries()) {
      const text = (await items.nth(i).textContent())!;
      expect(text, v.state).toContain(`from ${dateWords(v.enteredOn)}`);
      if (v.leftOn) expect(text).toContain(`to ${dateWords(v.leftOn)}`);
      else expect(text).toContain("(where the case is now)");
    }
    // On the chart: the states it was in carry their step and date; the current one is marked current.
    const current = page.locator('.chart-state[data-state="formalise.sapInvited"]');
    expect(await current.getAttribute("data-visited")).toBe(target.path.at(-1)!.enteredOn);
    expect(await current.locator(".chart-here").textContent()).toBe("current");
    expect(await current.locator(".chart-visited").textContent()).toContain(dateWords(target.path.at(-1)!.enteredOn, false));
    expect(await page.locator('.chart-state[data-state="expect"]').getAttribute("data-visited")).toContain(target.path[0]!.enteredOn);
    expect(await page.locator('.chart-state[data-state="enforce"]').getAttribute("data-visited")).toBeNull();

    // The arrow the case took into SAP invited (a tab stop of the chart), opened with Enter.
    const last = target.path.at(-1)!;
    const arrow = page.locator(`[data-edge^="${last.rule}:"][data-taken]`).first();
    await arrow.waitFor({ state: "attached" });
    expect(await arrow.getAttribute("aria-label")).toContain(`the case took it: step ${target.path.length}, ${dateWords(last.enteredOn, false)}`);
    await arrow.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-edge"))).toBe(await arrow.getAttribute("data-edge"));
    await page.keyboard.press("Enter");
    const panel = page.getByRole("region", { name: `Rule ${last.rule}` });
    await panel.waitFor();
    expect(await panel.getByTestId("rule-taken").textContent()).toContain(`step ${target.path.length} of its path, on ${dateWords(last.enteredOn)}`);
    // Focus is in the inspector, on its heading.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("chart-inspector-title");
    // The judged guard: the server's words, leaf by leaf, each true or false.
    const judged = target.rules.find((r) => r.rule === last.rule && last.state.startsWith(r.to))!;
    const words = leaves(judged.guard);
    expect(words.length).toBeGreaterThan(0);
    const today = panel.getByTestId("guard-today");
    expect(await today.textContent()).toContain(`Today, on this case's figures (${dateWords(target.asOf)})`);
    const shown = (await today.getByTestId("guard-today-leaves").locator("li:not(:has(ul))").allTextContents()).map((t) => t.trim());
    expect(shown).toEqual(words.map((l) => l.text));
    expect(shown.some((t) => /[<≤≥>=] /.test(t))).toBe(true);
    expect(await today.getByTestId("guard-today-result").textContent()).toBe(judged.holds === null ? "decided when the event is recorded" : String(judged.holds));
    expect(await axeProblems(page)).toEqual([]);
    // The chart with its inspector, the judged guard in view; and the whole page.
    await today.scrollIntoViewIfNeeded();
    await page.locator(".state-chart").screenshot({ path: join(ARTIFACTS, "case-chart-desktop.png") });
    await shot(page, "case-chart-desktop-page");
    // Escape closes it and puts focus back on the arrow.
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-edge"))).toBe(await arrow.getAttribute("data-edge"));
    // The whole path at a readable size: the states it was in tagged, the arrows it took numbered.
    await page.getByRole("button", { name: "See the chart at a readable size" }).click();
    await page.waitForTimeout(300);
    expect(await page.locator(".chart-arrows .chart-step").count()).toBeGreaterThan(0);
    await page.locator(".state-chart").screenshot({ path: join(ARTIFACTS, "case-chart-desktop-path.png") });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("on a phone: the path in words and the judged guard, without sideways scrolling", async () => {
    const { ctx, page, errors } = await open(390, 844);
    const first = target.path[1]!;
    // From the path list (a button per rule), by keyboard: the step out of Expect.
    const button = page.getByTestId("case-path").getByRole("button", { name: first.rule!, exact: true });
    await button.focus();
    await page.keyboard.press("Enter");
    const panel = page.getByRole("region", { name: `Rule ${first.rule}` });
    await panel.waitFor();
    expect(await panel.getByTestId("guard-today-leaves").locator("li").count()).toBeGreaterThan(0);
    const { scrollWidth, innerWidth } = await widths(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    expect(await axeProblems(page)).toEqual([]);
    await panel.getByTestId("guard-today").scrollIntoViewIfNeeded();
    await shot(page, "case-chart-phone", false);
    await page.getByTestId("case-path").scrollIntoViewIfNeeded();
    await shot(page, "case-chart-phone-path", false);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
