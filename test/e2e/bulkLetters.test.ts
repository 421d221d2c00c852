/**
 * The lead's morning post (issue 15), in headless Chromium against `npm start` with the example school: Today shows
 * the recognition letters as ONE line; it opens the bulk letters view with them chosen; a preview; all of them
 * printed as one PDF (each kept as printed, a letterPrinted entry in its case's history) and marked sent together;
 * the audit verifies after. The same view at phone width does not scroll sideways; axe finds nothing serious.
 * The browser-print fallback prints the letters as the server froze them. Screenshots in test-artifacts/bulk-*.png.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { axeProblems, haveChromium, type Running, shot, signIn, startWithExampleSchool, widths } from "./harness.ts";

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

type Due = { id: number; upn: string; title: string; letterKind: string | null; dueOn: string | null; printedOn: string | null; revision: number | null };

let app: Running;
let cookie: string;
const due = async (): Promise<{ today: string; letters: Due[] }> => (await app.api("GET", "/api/letters/due", undefined, cookie)).json;

beforeAll(async () => {
  if (!haveChromium) return;
  app = await startWithExampleSchool([["lead", "attendance-lead"]]);
  cookie = (await app.api("POST", "/api/auth/login", { username: "lead", password: "correct horse battery staple" })).cookie;
});

afterAll(async () => {
  await app?.stop();
});

async function open(width: number, height: number): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  // axe-core is injected as a script, which the server's CSP rightly refuses: these pages bypass it.
  const ctx = await app.browser.newContext({ viewport: { width, height }, bypassCSP: true, acceptDownloads: true });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await signIn(page, app.base, "lead");
  return { page, errors, close: () => ctx.close() };
}

describe.skipIf(!haveChromium)("the lead's morning: the recognition letters, all at once", () => {
  it("at phone width: Today's one line opens the bulk view, which fits the screen", async () => {
    const { letters, today } = await due();
    const recognition = letters.filter((l) => l.letterKind === "recognition");
    const dueToday = recognition.filter((l) => l.dueOn !== null && l.dueOn <= today);
    expect(dueToday.length, "the example school has recognition letters due").toBeGreaterThan(1);
    const { page, errors, close } = await open(390, 844);
    await page.goto(`${app.base}/#/today`);
    const line = page.getByRole("link", { name: new RegExp(`^${dueToday.length} recognition letters due — review and print$`) });
    await line.waitFor();
    // One line, not a task each: no recognition letter is listed on its own.
    for (const title of new Set(recognition.map((l) => l.title))) expect(await page.getByText(title, { exact: true }).count(), title).toBe(0);
    await line.scrollIntoViewIfNeeded();
    await shot(page, "bulk-today-390", false);
    await line.click();
    await page.getByRole("heading", { name: "Letters to send", level: 1 }).waitFor();
    await page.getByText(`${recognition.filter((l) => l.dueOn === null || l.dueOn <= today).length} letters chosen`).waitFor();
    await page.getByRole("list", { name: "Letters" }).waitFor();
    const w = await widths(page);
    expect(w.scrollWidth, `the bulk view at 390 px is ${w.scrollWidth} px wide`).toBeLessThanOrEqual(w.innerWidth);
    expect(await axeProblems(page), "axe on the bulk view at 390 px").toEqual([]);
    await shot(page, "bulk-letters-390", false);
    expect(errors).toEqual([]);
    await close();
  });

  it("at desktop width: preview, one PDF of all the recognition letters, all marked sent; the audit verifies", async () => {
    const before = await due();
    const recognition = before.letters.filter((l) => l.letterKind === "recognition" && (l.dueOn === null || l.dueOn <= before.today));
    const n = recognition.length;
    const started = Date.now();
    const { page, errors, close } = await open(1280, 800);
    await page.goto(`${app.base}/#/today`);
    await page.getByRole("link", { name: /recognition letters due — review and print/ }).click();
    await page.getByText(`${n} letters chosen`).waitFor();
    expect(await axeProblems(page), "axe on the bulk view").toEqual([]);
    await shot(page, "bulk-letters-1280", false);

    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("region", { name: "Preview of the chosen letters" }).getByRole("article", { name: "The letter" }).first().waitFor();
    expect(await page.getByRole("region", { name: "Preview of the chosen letters" }).getByRole("article").count()).toBe(Math.min(3, n));
    expect(await axeProblems(page), "axe on the preview").toEqual([]);
    await page.getByRole("region", { name: "Preview of the chosen letters" }).scrollIntoViewIfNeeded();
    await shot(page, "bulk-letters-preview-1280", false);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: `Print ${n} letters as one PDF` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`letters-${n}.pdf`);
    const pdf = readFileSync((await file.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // One PDF with a page (at least) for each letter.
    expect((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(n);
    await page.getByRole("status").filter({ hasText: `${n} letters printed as one PDF` }).waitFor();
    console.log(`bulk letters: ${n} recognition letters printed as one PDF (${pdf.length} bytes), ${Math.round((Date.now() - started) / 1000)} s into the journey`);
    const printed = await due();
    for (const l of recognition) expect(printed.letters.find((p) => p.id === l.id)!.printedOn, `letter ${l.id} kept as printed`).toBe(before.today);

    await page.getByLabel("How they were sent").selectOption("Letter sent by post");
    await page.getByRole("button", { name: `Mark ${n} letters sent` }).click();
    await page.getByRole("status").filter({ hasText: `${n} letters marked sent (letter sent by post)` }).waitFor();
    await shot(page, "bulk-letters-sent-1280", false);

    const after = await due();
    expect(after.letters.filter((l) => recognition.some((r) => r.id === l.id))).toEqual([]);
    // The letter itself: printed on, sent on, its own date unchanged; the history has the print then the sending.
    const one = recognition[0]!;
    const letter = (await app.api("GET", `/api/letters/${one.id}`, undefined, cookie)).json;
    expect(letter).toMatchObject({ status: "done", date: before.today, printed: { on: before.today }, sent: { on: before.today, outcome: "Letter sent by post" } });
    const timeline = (await app.api("GET", `/api/cases/${one.upn}/timeline`, undefined, cookie)).json.entries as { eventType: string }[];
    const types = timeline.map((e) => e.eventType);
    expect(types.lastIndexOf("letterPrinted")).toBeGreaterThan(-1);
    expect(types.lastIndexOf("letterSent")).toBeGreaterThan(types.lastIndexOf("letterPrinted"));
    await page.goto(`${app.base}/#/letters/${one.id}`);
    await page.getByText(/Printed on .* sent on/).waitFor();
    await shot(page, "bulk-letter-printed-and-sent-1280", false);
    expect((await app.api("GET", "/api/audit/verify", undefined, cookie)).json).toMatchObject({ ok: true });
    expect(errors).toEqual([]);
    await close();
  });

  it("prints in the browser when asked: the letters as the server froze them, one to a page", async () => {
    const { letters } = await due();
    const two = letters.slice(0, 2);
    expect(two.length).toBe(2);
    const { page, errors, close } = await open(1280, 800);
    await page.goto(`${app.base}/#/letters/bulk`);
    await page.getByRole("list", { name: "Letters" }).waitFor();
    for (const l of two) await page.locator(`#bulk-letter-${l.id}`).check();
    await page.getByText("2 letters chosen").waitFor();
    // window.print() does nothing headless; the print area is what the dialogue would print.
    await page.evaluate(() => (window.print = () => undefined));
    await page.getByRole("button", { name: "Print in the browser" }).click();
    await page.getByRole("status").filter({ hasText: "2 letters sent to the printer" }).waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".bulk-print .letter-sheet").count()).toBe(2);
    await shot(page, "bulk-letters-browser-print");
    await page.emulateMedia({ media: "screen" });
    const after = await due();
    for (const l of two) expect(after.letters.find((a) => a.id === l.id)!.printedOn).not.toBeNull();
    expect(errors).toEqual([]);
    await close();
  });
});
