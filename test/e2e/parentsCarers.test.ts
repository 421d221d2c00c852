/**
 * Parents and carers in the browser, against `npm start` with the example school (its parents.csv imported by the
 * harness beside the pupils file): the lead sees a pupil's parents on the case page, a wrong postcode is refused
 * beside its field, a changed address is saved (a new version, in the changes list), and the pupil's letter is
 * addressed to the parent at the new address. On a phone (390×844) the panel and its form do not scroll sideways.
 * Screenshots go to test-artifacts/parents-*.png.
 */
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { axeProblems, haveChromium, PASSWORD, type Running, shot, signIn, startWithExampleSchool } from "./harness.ts";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

if (!haveChromium) console.warn("parents and carers browser tests skipped: no chromium (apt-get install chromium; CI installs it)");

let app: Running;
let letter: { id: number; upn: string };
let parent: { id: number; name: string; postcode: string };

beforeAll(async () => {
  if (!haveChromium) return;
  app = await startWithExampleSchool([["lead", "attendance-lead"]]);
  const lead = await app.api("POST", "/api/auth/login", { username: "lead", password: PASSWORD });
  const letters = (await app.api("GET", "/api/letters?status=open", undefined, lead.cookie)).json.letters as { id: number; upn: string; template: string | null }[];
  const found = letters.find((l) => l.template);
  expect(found, "the example school has an open letter with a template").toBeDefined();
  letter = found!;
  const parents = (await app.api("GET", `/api/cases/${letter.upn}/parents-carers`, undefined, lead.cookie)).json.parents as { id: number; name: string; postcode: string; correspondence: boolean }[];
  expect(parents.length, "the example school's parents file gives this pupil parents").toBeGreaterThan(0);
  parent = parents.find((p) => p.correspondence)!;
});

afterAll(async () => {
  await app?.stop();
});

/**
 * Whether the panel fits the window: nothing in it reaches past the right edge, and it does not scroll sideways
 * itself. (The whole page's width is phone.test.ts's to check; this is the panel's share.)
 */
async function panelFits(panel: Locator): Promise<{ right: number; innerWidth: number; scrolls: boolean }> {
  return panel.evaluate((el) => {
    let right = el.getBoundingClientRect().right;
    for (const c of Array.from(el.querySelectorAll("*"))) right = Math.max(right, c.getBoundingClientRect().right);
    return { right: Math.round(right), innerWidth: window.innerWidth, scrolls: el.scrollWidth > el.clientWidth };
  });
}

/** The elements that reach past the window's right edge (the innermost ones), to say what scrolls sideways. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 1 && !Array.from(el.children).some((c) => c.getBoundingClientRect().right > window.innerWidth + 1)) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${String(el.className).split(" ").join(".")} right=${Math.round(r.right)}`);
      }
    }
    return out.slice(0, 10);
  });
}

async function panelOf(page: Page) {
  const panel = page.getByRole("region", { name: "Parents and carers" });
  await panel.getByRole("heading", { level: 3 }).first().waitFor();
  return panel;
}

describe.skipIf(!haveChromium)("parents and carers on the case page", () => {
  it("the lead changes a parent's address and the pupil's letter goes to the new address", async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await signIn(page, app.base, "lead");
    await page.goto(`${app.base}/#/cases/${encodeURIComponent(letter.upn)}`);
    const panel = await panelOf(page);
    await expect.poll(() => panel.textContent()).toContain(parent.name);
    expect(await panel.textContent()).toContain(parent.postcode);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, "parents-1-case-panel", false);

    await panel.getByRole("button", { name: `Change ${parent.name}` }).click();
    const form = panel.getByRole("form", { name: `Change ${parent.name}` });
    await form.waitFor();
    // Focus goes into the form, on the name.
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/-name$/);
    await form.getByLabel("Address", { exact: true }).fill("14 Changed Road");
    await form.getByLabel("Postcode").fill("ZZ99");
    await form.getByRole("button", { name: "Save changes" }).click();
    await form.getByText("is not a UK postcode").waitFor();
    expect(await form.getByLabel("Postcode").getAttribute("aria-invalid")).toBe("true");
    await shot(page, "parents-2-postcode-refused", false);
    expect(await axeProblems(page), "axe on the whole page").toEqual([]);

    await form.getByLabel("Postcode").fill("zz99 9zz");
    await form.getByRole("button", { name: "Save changes" }).click();
    const saved = panel.getByRole("status");
    await saved.waitFor();
    expect(await saved.textContent()).toBe(`Saved the changes to ${parent.name}.`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("status");
    expect(await panel.textContent()).toContain("ZZ99 9ZZ");
    await panel.getByText(/^Changes \(\d+\)$/).click();
    await panel.getByText(`${parent.name}: Changed address, postcode`).waitFor();
    await shot(page, "parents-3-saved-with-changes", false);
    expect(await axeProblems(page), "axe on the whole page").toEqual([]);

    // The letter, previewed from the case's task: to this parent, at the new address.
    await page.locator(`[data-task="${letter.id}"]`).getByRole("link", { name: "Preview and send" }).click();
    const sheet = page.getByRole("article", { name: "The letter" });
    await sheet.waitFor();
    const recipient = (await sheet.locator(".recipient").innerText()).split("\n").map((l) => l.trim());
    expect(recipient[0]).toContain(parent.name);
    expect(recipient).toContain("14 Changed Road");
    expect(recipient.at(-1)).toBe("ZZ99 9ZZ");
    expect(await sheet.textContent()).toContain(`Dear ${recipient[0]}`);
    expect(await sheet.textContent()).not.toContain("[parent.");
    await shot(page, "parents-4-letter-to-new-address");
    expect(await axeProblems(page), "axe on the whole page").toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("on a phone the panel and its form fit the width, and a parent is added by keyboard", async () => {
    const ctx = await app.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const page = await ctx.newPage();
    await signIn(page, app.base, "lead");
    await page.goto(`${app.base}/#/cases/${encodeURIComponent(letter.upn)}`);
    const panel = await panelOf(page);
    const before = await panelFits(panel);
    expect(before.right, (await overflowing(page)).join("; ")).toBeLessThanOrEqual(before.innerWidth);
    expect(before.scrolls).toBe(false);
    await panel.getByRole("button", { name: "Add a parent or carer" }).focus();
    await page.keyboard.press("Enter");
    const form = panel.getByRole("form", { name: "Add a parent or carer" });
    await form.waitFor();
    await page.keyboard.type("Mrs Val Sample");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Grandparent");
    await page.keyboard.press("Tab");
    await page.keyboard.type("07700 900999");
    await panel.getByLabel("Has parental responsibility").uncheck();
    await panel.getByLabel("Letters go to them").uncheck();
    const size = await panelFits(panel);
    expect(size.right, (await overflowing(page)).join("; ")).toBeLessThanOrEqual(size.innerWidth);
    expect(size.scrolls).toBe(false);
    await form.scrollIntoViewIfNeeded();
    await shot(page, "parents-5-phone-add-form", false);
    expect(await axeProblems(page), "axe on the whole page").toEqual([]);
    await form.getByRole("button", { name: "Add" }).focus();
    await page.keyboard.press("Enter");
    await panel.getByRole("status").waitFor();
    expect(await panel.getByRole("status").textContent()).toBe("Added Mrs Val Sample.");
    expect(await panel.textContent()).toContain("No parental responsibility");
    const after = await panelFits(panel);
    expect(after.right, (await overflowing(page)).join("; ")).toBeLessThanOrEqual(after.innerWidth);
    expect(after.scrolls).toBe(false);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, "parents-6-phone-added", false);
    await ctx.close();
  });
});
