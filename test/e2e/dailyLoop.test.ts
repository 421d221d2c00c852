/**
 * The daily casework loop (issue 15), as people run it, against `npm start` on the example school in headless
 * Chromium: the attendance lead's morning (Today by urgency, safeguarding first; giving a home visit to an officer
 * and the filter by whose; finding a pupil from the header and opening the case, "Record what happened" on the
 * first screen), an officer's home visit whose outcome raises the next visit (in the history), and a teacher's
 * first-day call. Then the audit verifies and each case's evidence bundle shows every outcome. Screenshots go to
 * test-artifacts/daily-*.png at 1280×720 and on a 390 px phone; axe finds nothing serious on any page.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { axeProblems, haveChromium, PASSWORD, type Running, shot, signIn, startWithExampleSchool, widths } from "./harness.ts";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

if (!haveChromium) console.warn("daily loop journeys skipped: no chromium (apt-get install chromium; CI installs it)");

type Task = { id: number; upn: string; kind: string; rule: string; title: string; safeguarding: boolean; assignee: string | null; dueOn: string | null };
type Pupil = { upn: string; forename: string; surname: string; yearGroup: string };

let app: Running;
let leadCookie = "";
let visit: Task;
let visitPupil: Pupil;
let call: Task;
let callPupil: Pupil & { class: string | null };
let searched: Pupil;

const SIZES = { laptop: { width: 1280, height: 720 }, phone: { width: 390, height: 844 } } as const;

async function context(size: { width: number; height: number }): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  // axe-core is injected as a script, which the server's CSP rightly refuses: these pages bypass it.
  const ctx = await app.browser.newContext({ viewport: size, bypassCSP: true });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { ctx, page, errors };
}
const name = (p: Pupil) => `${p.forename} ${p.surname}`;
const item = (page: Page, id: number) => page.locator(`li.task[data-task="${id}"]`);

beforeAll(async () => {
  if (!haveChromium) return;
  app = await startWithExampleSchool([
    ["lead", "attendance-lead"],
    ["officer", "attendance-officer"],
  ]);
  leadCookie = (await app.api("POST", "/api/auth/login", { username: "lead", password: PASSWORD })).cookie;
  const tasks = (await app.api("GET", "/api/tasks?status=open", undefined, leadCookie)).json.tasks as Task[];
  const pupils = (await app.api("GET", "/api/cases?limit=500", undefined, leadCookie)).json.rows as Pupil[];
  const pupil = (upn: string) => pupils.find((p) => p.upn === upn)!;
  visit = tasks.find((t) => t.kind === "home-visit")!;
  expect(visit, "the example school has a home visit to make").toBeDefined();
  visitPupil = pupil(visit.upn);
  call = tasks.find((t) => t.kind === "first-day-call" && t.upn !== visit.upn)!;
  expect(call, "the example school has a first-day call to make").toBeDefined();
  // The teacher of the pupil's class (synthetic), created by the administrator with that class in scope.
  const full = (await app.api("GET", `/api/cases/${call.upn}`, undefined, leadCookie)).json;
  callPupil = { ...pupil(call.upn), class: full.pupil.class ?? null };
  const admin = (await app.api("POST", "/api/auth/login", { username: "admin", password: PASSWORD })).cookie;
  const scope = [callPupil.class ?? `Y${callPupil.yearGroup}`];
  expect((await app.api("POST", "/api/users", { username: "teacher", password: PASSWORD, role: "teacher", scope }, admin)).status).toBe(201);
  // A pupil found from the header: one with a surname no other pupil starts with the same four letters of.
  searched = pupils.find((p) => p.upn !== visit.upn && pupils.filter((q) => q.surname.toLowerCase().startsWith(p.surname.slice(0, 4).toLowerCase())).length === 1) ?? pupils[0]!;
});

afterAll(async () => {
  await app?.stop();
});

describe.skipIf(!haveChromium)("the daily loop", () => {
  it("the lead's morning: safeguarding first on Today, a home visit given to the officer, the filter by whose, a pupil found from the header", async () => {
    const { ctx, page, errors } = await context(SIZES.laptop);
    await signIn(page, app.base, "lead");
    await page.goto(`${app.base}/#/today`);
    const first = page.getByRole("heading", { level: 2 }).first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/^Safeguarding and statutory first/);
    const headings = (await page.getByRole("heading", { level: 2 }).allTextContents()).map((h) => h.replace(/\s*\(\d+\)$/, ""));
    expect(headings).toEqual(["Safeguarding and statutory first", "Overdue casework", "Casework due today", "Letters to send"]);
    // The first task on the page is a safeguarding notification, above the fold.
    const firstTask = page.locator("li.task").first();
    expect(await firstTask.getAttribute("class")).toMatch(/task-notification/);
    expect((await firstTask.boundingBox())!.y).toBeLessThan(SIZES.laptop.height);
    // Letters come after every piece of casework.
    const kinds = await page.locator("li.task").evaluateAll((lis) => lis.map((li) => [...li.classList].find((c) => c.startsWith("task-"))));
    expect(kinds.indexOf("task-letter")).toBeGreaterThan(kinds.lastIndexOf("task-home-visit"));
    expect(await axeProblems(page), "axe on Today").toEqual([]);
    await shot(page, "daily-01-today-lead-1280", false);

    // The home visit goes to the officer.
    const who = item(page, visit.id).getByRole("combobox", { name: "Who has this task" });
    await who.selectOption("officer");
    await expect.poll(async () => (await app.api("GET", `/api/tasks?upn=${visit.upn}&kind=home-visit`, undefined, leadCookie)).json.tasks.find((t: Task) => t.id === visit.id)?.assignee).toBe("officer");
    await expect.poll(() => who.inputValue()).toBe("officer");
    const whose = page.getByLabel("Whose tasks");
    await whose.selectOption("person:officer");
    await expect.poll(() => page.locator("li.task").count()).toBe(1);
    expect(await page.locator("li.task").first().getAttribute("data-task")).toBe(String(visit.id));
    await shot(page, "daily-02-today-officers-tasks-1280", false);
    await whose.selectOption("everyone");
    const given = (await app.api("GET", `/api/tasks/${visit.id}/assignments`, undefined, leadCookie)).json.assignments;
    expect(given).toMatchObject([{ previous: null, assignee: "officer", assignedBy: "lead", how: "assigned" }]);

    // Find a pupil from the header by the start of their surname; arrow down, Enter: their case.
    const search = page.getByRole("combobox", { name: "Find a pupil by name or UPN" });
    await search.fill(searched.surname.slice(0, 4));
    await page.getByRole("option", { name: new RegExp(name(searched)) }).waitFor();
    expect(await search.getAttribute("aria-expanded")).toBe("true");
    expect(await axeProblems(page), "axe with the search open").toEqual([]);
    await shot(page, "daily-03-search-1280", false);
    await search.press("ArrowDown");
    await search.press("Enter");
    await page.getByRole("heading", { level: 1, name: name(searched) }).waitFor();
    expect(page.url()).not.toContain(searched.surname.slice(0, 4));
    expect(page.url()).toContain(`#/cases/${searched.upn}`);
    // "Record what happened" and its first button on the first screen at 1280×720.
    const record = page.getByRole("heading", { name: "Record what happened" });
    await record.waitFor();
    const box = (await record.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(SIZES.laptop.height);
    const firstButton = (await page.locator(".record-panel .event-buttons button").first().boundingBox())!;
    expect(firstButton.y + firstButton.height).toBeLessThanOrEqual(SIZES.laptop.height);
    await shot(page, "daily-04-case-from-search-1280", false);
    expect(await axeProblems(page), "axe on the case").toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("an officer's home visit: no answer at the door raises the next visit, with them; the history shows both", async () => {
    const { ctx, page, errors } = await context(SIZES.laptop);
    await signIn(page, app.base, "officer");
    await page.goto(`${app.base}/#/today`);
    await page.getByRole("heading", { level: 2 }).first().waitFor();
    // An officer sees their own and the unassigned by default.
    expect(await page.getByLabel("Whose tasks").inputValue()).toBe("mine+unassigned");
    const mine = item(page, visit.id);
    expect(await mine.textContent()).toMatch(/With you/);
    await mine.getByRole("button", { name: "Done…" }).click();
    await mine.getByRole("button", { name: "No answer at the door" }).click();
    const done = page.locator(".done-log .ok");
    await done.waitFor();
    expect(await done.textContent()).toMatch(/No answer at the door.*new task: Home visit again: no answer at the door/);
    // The visit raised again is with the officer (the case's key worker), on their list.
    const again = ((await app.api("GET", `/api/tasks?upn=${visit.upn}&kind=home-visit`, undefined, leadCookie)).json.tasks as Task[]).find((t) => t.rule === "follow-up:home-visit-no-answer");
    expect(again).toMatchObject({ assignee: "officer" });
    await expect.poll(() => item(page, again!.id).count()).toBe(1);
    expect(await item(page, again!.id).textContent()).toMatch(/With you/);
    expect(await axeProblems(page), "axe on the officer's Today").toEqual([]);
    await shot(page, "daily-05-officer-visit-done-1280", false);

    await page.goto(`${app.base}/#/cases/${visit.upn}/history`);
    const entry = page.locator("tr[data-seq]").filter({ hasText: "No answer at the door" }).last();
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/officer/);
    expect(await entry.textContent()).toMatch(/Home visit again: no answer at the door/);
    // Plain words: the rule ids only inside the toggle.
    const shown = await entry.evaluate((tr) => {
      const c = tr.cloneNode(true) as HTMLElement;
      c.querySelectorAll("details").forEach((d) => d.remove());
      return c.textContent ?? "";
    });
    expect(shown).not.toMatch(/follow-up:|statutory:|taskCompleted/);
    expect(await axeProblems(page), "axe on the history").toEqual([]);
    await entry.scrollIntoViewIfNeeded();
    await shot(page, "daily-06-history-visit-1280", false);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("a teacher's first-day call on a phone: their class's call on Today, done with one click, in the history", async () => {
    const { ctx, page, errors } = await context(SIZES.phone);
    await signIn(page, app.base, "teacher");
    await page.goto(`${app.base}/#/today`);
    await page.getByRole("heading", { level: 2 }).first().waitFor();
    // Long groups show their first few until asked.
    for (const more of await page.getByRole("button", { name: /^Show all/ }).all()) await more.click();
    const mine = item(page, call.id);
    await mine.waitFor();
    // Teachers hold no tasks: no "whose" filter, no assigning.
    expect(await page.getByLabel("Whose tasks").count()).toBe(0);
    expect(await page.getByRole("heading", { name: /^Letters to send/ }).count()).toBe(0);
    expect(await mine.getByRole("button", { name: "Assign to me" }).count()).toBe(0);
    await mine.getByRole("button", { name: "Done…" }).click();
    await mine.getByRole("button", { name: "Spoke to parent: reason given" }).click();
    await page.locator(".done-log .ok").waitFor();
    const w = await widths(page);
    expect(w.scrollWidth).toBeLessThanOrEqual(w.innerWidth);
    expect(await axeProblems(page), "axe on the teacher's Today at 390 px").toEqual([]);
    await shot(page, "daily-07-teacher-call-390", false);
    // The header search on a phone: their pupil, by UPN.
    const search = page.getByRole("combobox", { name: "Find a pupil by name or UPN" });
    await search.fill(call.upn.slice(-6));
    await page.getByRole("option", { name: new RegExp(name(callPupil)) }).waitFor();
    const w2 = await widths(page);
    expect(w2.scrollWidth).toBeLessThanOrEqual(w2.innerWidth);
    await shot(page, "daily-08-search-390", false);
    await search.press("Enter");
    await page.getByRole("heading", { level: 1, name: name(callPupil) }).waitFor();
    await page.goto(`${app.base}/#/cases/${call.upn}/history`);
    const spoke = page.locator("tr[data-seq]").filter({ hasText: "Spoke to parent: reason given" }).first();
    await spoke.waitFor();
    expect(await axeProblems(page), "axe on the history at 390 px").toEqual([]);
    await spoke.scrollIntoViewIfNeeded();
    await shot(page, "daily-09-teacher-history-390", false);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("the lead's Today on a phone: the search on its own row, no sideways scroll, axe clean", async () => {
    const { ctx, page, errors } = await context(SIZES.phone);
    await signIn(page, app.base, "lead");
    await page.goto(`${app.base}/#/today`);
    await page.getByRole("heading", { level: 2 }).first().waitFor();
    const search = (await page.getByRole("combobox", { name: "Find a pupil by name or UPN" }).boundingBox())!;
    expect(search.x).toBeGreaterThanOrEqual(0);
    expect(search.x + search.width).toBeLessThanOrEqual(SIZES.phone.width);
    const w = await widths(page);
    expect(w.scrollWidth).toBeLessThanOrEqual(w.innerWidth);
    expect(await axeProblems(page)).toEqual([]);
    await shot(page, "daily-10-today-lead-390", false);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("after the journeys the audit verifies and each evidence bundle shows every outcome", async () => {
    const verify = await app.api("GET", "/api/audit/verify", undefined, leadCookie);
    expect(verify.status).toBe(200);
    expect(verify.json).toMatchObject({ ok: true });
    const bundle = async (upn: string) => {
      const res = await fetch(`${app.base}/api/cases/${upn}/evidence`, { headers: { cookie: leadCookie } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const visitBundle = await bundle(visit.upn);
    expect(visitBundle).toContain("No answer at the door");
    expect(await bundle(call.upn)).toContain("Spoke to parent: reason given");
  });
});
