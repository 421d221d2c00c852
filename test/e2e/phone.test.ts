/**
 * As a person would, on a phone (390×844) and on a laptop (1280×720), against `npm start` in headless
 * Chromium: no page scrolls sideways, the navigation folds into a menu that reaches Sign out, axe finds no
 * serious or critical problem, and a case is worked by keyboard alone (skip link, a few Tabs to the record
 * buttons, focus into the form and onto the result). Screenshots go to test-artifacts/phone-*.png.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { axeProblems, haveChromium, type Running, shot, signIn, startWithExampleSchool, termDatesThroughNextYear, widths } from "./harness.ts";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

if (!haveChromium) console.warn("phone and keyboard tests skipped: no chromium (apt-get install chromium; CI installs it)");

const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 720 },
] as const;

let app: Running;
let target: { upn: string; name: string };

beforeAll(async () => {
  if (!haveChromium) return;
  app = await startWithExampleSchool([
    ["lead", "attendance-lead"],
    ["governor", "governor"],
  ]);
  const lead = await app.api("POST", "/api/auth/login", { username: "lead", password: "correct horse battery staple" });
  // A SAP meeting's review date must be a school day in the term dates in force: next year's (today is 22 July 2025).
  expect((await app.api("POST", "/api/calendar?file=calendar-2024-26.csv", termDatesThroughNextYear(), lead.cookie, "text/csv")).status).toBe(200);
  const cases = (await app.api("GET", "/api/cases?stage=formalise&limit=500", undefined, lead.cookie)).json.rows as { upn: string; forename: string; surname: string; state: string }[];
  const invited = cases.find((c) => c.state === "formalise.sapInvited");
  expect(invited, "the example school has a pupil invited to a SAP").toBeDefined();
  target = { upn: invited!.upn, name: `${invited!.forename} ${invited!.surname}` };
});

afterAll(async () => {
  await app?.stop();
});

async function context(width: number, height: number): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  // axe-core is injected as a script, which the server's CSP rightly refuses: these pages bypass it.
  const ctx = await app.browser.newContext({ viewport: { width, height }, bypassCSP: true });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { ctx, page, errors };
}

describe.skipIf(!haveChromium)("on a phone and a laptop, against npm start", () => {
  for (const size of SIZES) {
    it(`no page scrolls sideways at ${size.width}×${size.height}, and axe finds nothing serious on Today and a case`, async () => {
      const { ctx, page, errors } = await context(size.width, size.height);
      await signIn(page, app.base, "lead");
      const pages: [string, string, () => Promise<void>][] = [
        ["today", "#/today", () => page.getByRole("heading", { name: /^Overdue/ }).waitFor()],
        ["caseload", "#/cases", () => page.getByRole("group", { name: "Cases by stage" }).waitFor()],
        ["case", `#/cases/${encodeURIComponent(target.upn)}`, () => page.getByRole("figure", { name: "Attendance over the year" }).locator(".recharts-line-curve").waitFor()],
        ["history", `#/cases/${encodeURIComponent(target.upn)}/history`, () => page.locator("tr[data-seq]").first().waitFor()],
        ["dashboard", "#/dashboard", () => page.getByRole("heading", { level: 1 }).first().waitFor()],
        ["celebrate", "#/celebrate", () => page.getByRole("table", { name: "Class ranking" }).waitFor()],
      ];
      const seen: Record<string, number> = {};
      for (const [name, hash, ready] of pages) {
        await page.goto(`${app.base}/${hash}`);
        await ready();
        const w = await widths(page);
        seen[name] = w.scrollWidth;
        expect(w.scrollWidth, `${name} at ${size.width} px is ${w.scrollWidth} px wide`).toBeLessThanOrEqual(w.innerWidth);
        if (name === "today" || name === "case" || name === "caseload") expect(await axeProblems(page), `axe on ${name} at ${size.width} px`).toEqual([]);
        await shot(page, `phone-${name}-${size.width}`);
      }
      expect(Object.values(seen).every((w) => w === size.width)).toBe(true);
      // Today puts the most urgent first (safeguarding and statutory tasks): their heading is on the first screen.
      await page.goto(`${app.base}/#/today`);
      const urgent = await page.getByRole("heading", { name: /^Safeguarding and statutory first/ }).boundingBox();
      expect(urgent!.y).toBeLessThan(size.height);
      expect(errors).toEqual([]);
      await ctx.close();
    });
  }

  it("on a phone the navigation is a Menu button that opens onto every page and Sign out", async () => {
    const { ctx, page } = await context(390, 844);
    await signIn(page, app.base, "lead");
    const menu = page.getByRole("button", { name: "Menu" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await page.getByRole("link", { name: "Caseload" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    const signOut = page.getByRole("button", { name: "Sign out" });
    const box = (await signOut.boundingBox())!;
    expect(box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844).toBe(true);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, "phone-menu-open-390", false);
    // A page chosen from the menu closes it; Escape closes it and gives focus back to the button.
    await page.getByRole("link", { name: "Caseload" }).click();
    await page.getByRole("group", { name: "Cases by stage" }).waitFor();
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    await menu.click();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Today");
    await page.keyboard.press("Escape");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await menu.evaluate((b) => b === document.activeElement)).toBe(true);
    await menu.click();
    await signOut.click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await ctx.close();
  });

  it("on a phone a SAP meeting is recorded on the case, its review date typed dd/mm/yyyy", async () => {
    const { ctx, page, errors } = await context(390, 844);
    await signIn(page, app.base, "lead");
    await page.goto(`${app.base}/#/cases/${encodeURIComponent(target.upn)}`);
    await page.getByRole("heading", { name: "Record what happened" }).waitFor();
    await page.getByRole("button", { name: "School Attendance Panel meeting held" }).click();
    const form = page.getByRole("form", { name: "School Attendance Panel meeting held" });
    expect(await form.getByLabel(/Who attended/).evaluate((e) => e === document.activeElement)).toBe(true);
    await form.getByLabel(/Who attended/).fill("AL\nParent");
    await form.getByLabel(/Target attendance %/).fill("95");
    const review = form.getByLabel(/Review date/);
    expect(await review.getAttribute("placeholder")).toBe("dd/mm/yyyy");
    await review.fill("23/09/2025");
    expect((await widths(page)).scrollWidth).toBeLessThanOrEqual(390);
    await shot(page, "phone-case-form-390");
    await form.getByRole("button", { name: "Save" }).click();
    const saved = page.getByRole("status").filter({ hasText: "The case moved to Formalise support · SAP target" });
    await saved.waitFor();
    expect(await saved.evaluate((e) => e === document.activeElement)).toBe(true);
    const lead = await app.api("POST", "/api/auth/login", { username: "lead", password: "correct horse battery staple" });
    const view = (await app.api("GET", `/api/cases/${target.upn}`, undefined, lead.cookie)).json;
    expect(view.state).toBe("formalise.sapTarget");
    expect(view.target.reviewOn).toBe("2025-09-23");
    await shot(page, "phone-case-saved-390", false);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("by keyboard alone at 1280×720: the skip link first, the record buttons a few Tabs in and on screen, focus into the form and onto the result", async () => {
    const { ctx, page } = await context(1280, 720);
    await signIn(page, app.base, "lead");
    await page.goto(`${app.base}/#/cases/${encodeURIComponent(target.upn)}`);
    await page.reload();
    await page.getByRole("heading", { name: "Record what happened" }).waitFor();
    const focused = () => page.evaluate(() => ({ text: (document.activeElement?.textContent ?? "").trim(), tag: document.activeElement?.tagName ?? "" }));
    /** Presses Tab until the focused element's text is `name`; the number of presses. */
    const tabsTo = async (name: string): Promise<number> => {
      for (let n = 1; n <= 60; n++) {
        await page.keyboard.press("Tab");
        if ((await focused()).text === name) return n;
      }
      throw new Error(`Tab never reached ${name}`);
    };

    await page.keyboard.press("Tab");
    expect(await focused()).toEqual({ text: "Skip to main content", tag: "A" });
    await page.keyboard.press("Enter");
    expect((await page.evaluate(() => document.activeElement?.id))).toBe("main");
    const first = page.locator(".record-panel button").first();
    const toFirst = 1 + (await tabsTo(((await first.textContent()) ?? "").trim()));
    expect(toFirst, "Tabs from page load to the first record button, by the skip link").toBeLessThanOrEqual(6);
    const box = (await first.boundingBox())!;
    expect(box.y + box.height, "the record buttons are on the first screen at 1280×720").toBeLessThanOrEqual(720);

    // Without the skip link, through the navigation: still counted, and a note is a few Tabs further.
    await page.reload();
    await page.getByRole("heading", { name: "Record what happened" }).waitFor();
    const toNote = await tabsTo("Note");
    expect(toNote, "Tabs from page load to Note, through the navigation").toBeLessThanOrEqual(14);
    console.log(`keyboard: ${toFirst} Tabs (with the skip link) to the first record button; ${toNote} Tabs to Note through the navigation`);

    // The attendance chart is one labelled picture, not a tab stop; its figures are in the weekly table.
    const picture = page.getByRole("img", { name: /^Line chart of attendance this year/ });
    expect(await picture.count()).toBe(1);
    expect(await page.locator(".attendance-chart svg[tabindex]").count()).toBe(0);
    expect(await page.locator(".react-flow__node[tabindex]").count()).toBe(0);

    await page.keyboard.press("Enter");
    const form = page.getByRole("form", { name: "Note" });
    await form.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest("form")?.getAttribute("aria-label"))).toBe("Note");
    await page.keyboard.type("Mum rang: dentist at 9, in by 11 (synthetic)");
    await page.keyboard.press("Tab");
    await page.keyboard.type("21/07/2025");
    await page.keyboard.press("Tab");
    expect(await focused()).toEqual({ text: "Save", tag: "BUTTON" });
    await shot(page, "phone-keyboard-note-1280", false);
    await page.keyboard.press("Enter");
    const saved = page.getByRole("status").filter({ hasText: "Saved: Note." });
    await saved.waitFor();
    expect(await saved.evaluate((e) => e === document.activeElement)).toBe(true);
    const lead = await app.api("POST", "/api/auth/login", { username: "lead", password: "correct horse battery staple" });
    const timeline = (await app.api("GET", `/api/cases/${target.upn}/timeline`, undefined, lead.cookie)).json.entries as { eventType: string; schoolDate: string; payload: { text?: string } | null }[];
    expect(timeline.at(-1)).toMatchObject({ eventType: "note", schoolDate: "2025-07-21", payload: { text: "Mum rang: dentist at 9, in by 11 (synthetic)" } });
    await ctx.close();
  });
});
