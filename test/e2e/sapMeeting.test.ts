/**
 * A SAP meeting from start to review, as an attendance lead works it (issue 15), against `npm start` in headless
 * Chromium: the meeting scheduled from the case's Plan (the invitation letter then gives its date, time and place),
 * held with the review date the policy offers (a day in the half-term holiday refused beside its field) and two
 * actions agreed, one action done from the case's open tasks, and the Plan showing progress against the target.
 * The audit verifies at the end. Screenshots at 1280×720 and 390×844 go to test-artifacts/sap-*.png.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { axeProblems, haveChromium, PASSWORD, type Running, shot, signIn, startWithExampleSchool, termDatesThroughNextYear, widths } from "./harness.ts";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

let app: Running;
let cookie: string;
let target: { upn: string; name: string };
let ctx: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  if (!haveChromium) return;
  app = await startWithExampleSchool([["lead", "attendance-lead"]]);
  cookie = (await app.api("POST", "/api/auth/login", { username: "lead", password: PASSWORD })).cookie;
  // Next year's term dates: the meeting and its review fall in the autumn term.
  expect((await app.api("POST", "/api/calendar?file=calendar-2024-26.csv", termDatesThroughNextYear(), cookie, "text/csv")).status).toBe(200);
  const cases = (await app.api("GET", "/api/cases?stage=formalise&limit=500", undefined, cookie)).json.rows as { upn: string; forename: string; surname: string; state: string }[];
  const invited = cases.find((c) => c.state === "formalise.sapInvited");
  expect(invited, "the example school has a pupil invited to a SAP").toBeDefined();
  target = { upn: invited!.upn, name: `${invited!.forename} ${invited!.surname}` };
  ctx = await app.browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
  page = await ctx.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  await signIn(page, app.base, "lead");
});

afterAll(async () => {
  await ctx?.close();
  await app?.stop();
});

/** axe's serious and critical problems on the whole page, the state chart included: none. */
async function expectAccessible(name: string): Promise<void> {
  expect(await axeProblems(page), `axe on ${name}`).toEqual([]);
}

const plan = () => page.locator(".plan-panel");

describe.skipIf(!haveChromium)("a SAP meeting scheduled, held, its actions done, its review", () => {
  it("schedules the SAP from the case's Plan: the meeting task is due that day", async () => {
    await page.goto(`${app.base}/#/cases/${encodeURIComponent(target.upn)}`);
    await plan().getByText("No meeting scheduled.").waitFor();
    await plan().getByRole("button", { name: "Schedule a meeting…" }).click();
    const form = page.getByRole("form", { name: "Schedule a meeting" });
    await form.getByLabel("Meeting").selectOption("sap");
    await form.getByLabel("Date").fill("04/09/2025");
    await form.getByLabel("Time").fill("09:30");
    await form.getByLabel("Place").fill("Meeting room 2, main office");
    await form.getByLabel("Who is invited").fill("Parent/carer\nAttendance lead\nAssistant head");
    await expectAccessible("the schedule form");
    await form.getByRole("button", { name: "Schedule" }).click();
    const saved = plan().getByRole("status").filter({ hasText: "Scheduled: School Attendance Panel meeting on Thursday 4 September 2025 at 9.30am" });
    await saved.waitFor();
    expect(await saved.evaluate((e) => e === document.activeElement)).toBe(true);
    await plan().getByText(/Thursday 4 September 2025 at 9.30am, Meeting room 2, main office/).waitFor();
    const tasks = (await app.api("GET", "/api/tasks?due=overdue", undefined, cookie)).json.tasks as { id: number; upn: string; kind: string }[];
    expect(tasks.some((t) => t.upn === target.upn && t.kind === "meeting"), "no longer overdue: due on the meeting's day").toBe(false);
    await shot(page, "sap-01-scheduled");
  });

  it("the invitation letter gives the meeting's date, time and place", async () => {
    const letter = page.locator(`li.task-letter`).filter({ hasText: /School Attendance Panel/ }).first();
    await letter.getByRole("link", { name: /Preview/ }).click();
    await page.getByText(/Thursday 4 September 2025 at 9\.30am, at Meeting room 2, main office/).waitFor();
    await expectAccessible("the invitation");
    await shot(page, "sap-02-invitation");
    await page.goto(`${app.base}/#/cases/${encodeURIComponent(target.upn)}`);
    await page.getByRole("heading", { name: "Record what happened" }).waitFor();
  });

  it("held: the review date offered from the policy, a half-term day refused beside its field, two actions agreed", async () => {
    await page.getByRole("button", { name: "School Attendance Panel meeting held" }).first().click();
    const form = page.getByRole("form", { name: "School Attendance Panel meeting held" });
    // What will happen is said in words; the state id only in the details toggle.
    await expect.poll(() => form.locator(".rule-hints li").first().innerText()).toMatch(/the case moves to Formalise support · SAP target/);
    expect(await form.locator(".rule-hints li details").first().evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    const review = form.getByLabel(/Review date/);
    // All Saints: a three-week (15 school day) target from 22 July 2025, counted in the next year's school days.
    expect(await review.inputValue()).toBe("23/09/2025");
    await form.getByLabel(/Who attended/).fill("Attendance lead\nAssistant head\nParent/carer");
    await form.getByLabel(/Barriers/).fill("Morning routine\nWorries about PE");
    await form.getByLabel(/Target attendance %/).fill("95");
    await form.getByRole("button", { name: "Add an action" }).click();
    const first = form.getByRole("group", { name: "Action 1" });
    await first.getByLabel("What was agreed").fill("Breakfast club place from September");
    await first.getByLabel("Who will do it").fill("Attendance lead");
    await first.getByLabel("By when").fill("05/09/2025");
    await form.getByRole("button", { name: "Add an action" }).click();
    const second = form.getByRole("group", { name: "Action 2" });
    await second.getByLabel("What was agreed").fill("Alarm clock and a morning checklist at home");
    await second.getByLabel("Who will do it").fill("Parent/carer");
    await second.getByLabel("By when").fill("12/09/2025");
    // A review in the October half term is refused, in words, beside the review date; nothing is recorded.
    await review.fill("29/10/2025");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText(/29 October 2025 is not a school day \(a holiday or closure in the term dates in force\); the next school day is 3 November 2025\./).waitFor();
    expect(await review.getAttribute("aria-invalid")).toBe("true");
    await expectAccessible("the SAP meeting form with a refused review date");
    await shot(page, "sap-03-review-date-refused");
    await review.fill("23/09/2025");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "The case moved to Formalise support · SAP target" }).waitFor();
    // The "Hold the SAP" task is closed; the two actions are open tasks on the case.
    const open = page.locator("ul.tasks");
    await open.getByText("Breakfast club place from September (Attendance lead)").waitFor();
    await open.getByText("Alarm clock and a morning checklist at home (Parent/carer)").waitFor();
    expect(await open.getByText(/Hold the School Attendance Panel/).count()).toBe(0);
    await plan().getByText("Breakfast club place from September").waitFor();
    await shot(page, "sap-04-held");
  });

  it("one action done from the case's open tasks: the Plan shows it done, the other to do, and progress against the target", async () => {
    const action = page.locator("ul.tasks li").filter({ hasText: "Breakfast club place from September" });
    await action.getByRole("button", { name: "Done…" }).click();
    await action.getByRole("button", { name: "Done", exact: true }).click();
    const row = plan().locator("li.plan-action").filter({ hasText: "Breakfast club place from September" });
    await row.locator(".action-state.done").waitFor();
    expect(await plan().locator("li.plan-action").filter({ hasText: "Alarm clock" }).locator(".action-state").innerText()).toBe("To do");
    // The review: 95% since 22 July 2025, reviewed on 23 September; the school days to it counted from the term dates.
    await plan().getByText(/reviewed on Tuesday 23 September 2025/).waitFor();
    const progress = await plan().locator(".progress-words").innerText();
    expect(progress).toMatch(/No sessions yet since the target was set: needs 29 of the next 30 sessions to reach 95% by the review\./);
    await expectAccessible("the case with its plan");
    await plan().scrollIntoViewIfNeeded();
    await shot(page, "sap-05-plan-progress");
    await shot(page, "sap-05-plan-progress-viewport", false);
  });

  it("the history says it in words, and the audit verifies", async () => {
    await page.getByRole("link", { name: "History and audit" }).click();
    await page.getByText("Plan agreed: target 95%, review on Tuesday 23 September 2025").first().waitFor({ timeout: 90_000 });
    await page.getByText("Action agreed: Breakfast club place from September (Attendance lead, by Friday 5 September 2025)").first().waitFor();
    await page.getByText("School Attendance Panel meeting: Thursday 4 September 2025 at 9.30am, Meeting room 2, main office").first().waitFor();
    expect(await page.getByText("plan-agreed").count()).toBe(0);
    await expectAccessible("the history");
    await shot(page, "sap-06-history");
    const verify = await app.api("GET", "/api/audit/verify", undefined, cookie);
    expect(verify.status).toBe(200);
    expect(verify.json).toMatchObject({ ok: true });
    expect(errors).toEqual([]);
  });

  it("on a phone (390×844) the Plan and the meeting form fit without scrolling sideways", async () => {
    // The same signed-in session, on a phone's width.
    const phone = await app.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true, storageState: await ctx.storageState() });
    const p = await phone.newPage();
    await p.goto(`${app.base}/#/cases/${encodeURIComponent(target.upn)}`);
    await p.locator(".plan-panel li.plan-action").first().waitFor();
    await p.locator(".plan-panel").scrollIntoViewIfNeeded();
    expect((await widths(p)).scrollWidth).toBeLessThanOrEqual(390);
    await p.screenshot({ path: "test-artifacts/sap-07-phone-plan.png", fullPage: false });
    await p.getByRole("button", { name: "Rearrange the meeting…" }).or(p.getByRole("button", { name: "Schedule a meeting…" })).first().click();
    await p.getByRole("form", { name: /Schedule a meeting|Rearrange the meeting/ }).scrollIntoViewIfNeeded();
    expect((await widths(p)).scrollWidth).toBeLessThanOrEqual(390);
    expect(await axeProblems(p)).toEqual([]);
    await p.screenshot({ path: "test-artifacts/sap-08-phone-schedule.png", fullPage: false });
    await phone.close();
  });
});
