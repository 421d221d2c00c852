/**
 * End to end, as a person would: `npm start` on a fresh database in a child process, and headless Chromium
 * (Debian's `chromium`, driven by playwright-core) on loopback. Screenshots of each page go to test-artifacts/
 * (not committed). Every page is checked with axe-core: no serious or critical issues.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { termDatesThroughNextYear } from "./harness.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "test-artifacts");
const SCHOOL = join(ROOT, "examples/small-school");
const PASSWORD = "correct horse battery staple";
const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) {
  throw new Error(`Debian's chromium is not at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`);
}
if (!haveChromium) console.warn(`browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium; CI installs it)`);

let child: ChildProcess;
let base = "";
let browser: Browser;
let dir = "";
let output = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function api(method: string, path: string, body: unknown, cookie = ""): Promise<{ status: number; json: any; cookie: string }> {
  const res = await fetch(`${base}${path}`, { method, headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? cookie };
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** axe-core on the page as it is: no serious or critical violations. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  })) as { id: string; impact: string; nodes: number }[];
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical"), `axe on ${name}`).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "rollcall-e2e-"));
  const port = await freePort();
  child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${join(dir, "rollcall.db")}`, ROLLCALL_DEMO: "0", ROLLCALL_ADMIN_PASSWORD: PASSWORD, ROLLCALL_TODAY: "2025-07-22", ROLLCALL_EXIT_WITH_PARENT: String(process.pid) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/[^ ]+)/.exec(output);
      if (m) {
        clearInterval(timer);
        base = m[1]!;
        resolve();
      }
    }, 100);
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  const admin = await api("POST", "/api/auth/login", { username: "admin", password: PASSWORD });
  for (const [username, role] of [["lead", "attendance-lead"], ["governor", "governor"]]) {
    expect((await api("POST", "/api/users", { username, password: PASSWORD, role }, admin.cookie)).status).toBe(201);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!haveChromium)("in a real browser, against npm start", () => {
  let page: Page;
  let target: { upn: string; name: string };

  it("the app runs under the server's Content-Security-Policy without a violation", async () => {
    const strict = await browser.newPage();
    const violations: string[] = [];
    strict.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    strict.on("pageerror", (e) => violations.push(String(e)));
    await signIn(strict, "lead");
    await strict.getByRole("link", { name: "Caseload" }).click();
    await strict.getByRole("group", { name: "Cases by stage" }).waitFor();
    expect(violations).toEqual([]);
    await strict.close();
  });

  it("an attendance lead signs in and imports a register; every case is opened from it", async () => {
    // axe-core is injected as a script, which the server's CSP rightly refuses: these pages bypass it.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base);
    await expectAccessible(page, "sign-in");
    await shot(page, "01-sign-in");
    await signIn(page, "lead");
    await shot(page, "02-today-empty");
    await page.getByRole("link", { name: "Caseload" }).click();
    await page.getByText("Import register files").click();
    // The term dates first, as a school sets up (ADR 006), then the pupils, their parents and carers, and the register.
    for (const [kind, file] of [["calendar", "calendar.csv"], ["pupils", "pupils.csv"], ["parents", "parents.csv"], ["marks", "marks.csv"]] as const) {
      await page.locator(".import-panel select").selectOption(kind);
      await page.locator('.import-panel input[type="file"]').setInputFiles(join(SCHOOL, file));
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.getByRole("status").filter({ hasText: kind === "calendar" ? /Term dates recorded/ : /import/i }).waitFor();
    }
    await page.getByText(/Term dates in force: calendar\.csv/).filter({ hasText: /it ends the school week, the half term, the term, the school year/ }).waitFor();
    await page.reload();
    await page.getByRole("group", { name: "Cases by stage" }).waitFor();
    await expectAccessible(page, "caseload");
    await shot(page, "03-caseload");
    const lead = await api("POST", "/api/auth/login", { username: "lead", password: PASSWORD });
    const cases = (await api("GET", "/api/cases?stage=formalise&limit=500", undefined, lead.cookie)).json.rows as { upn: string; forename: string; surname: string; state: string }[];
    const invited = cases.find((c) => c.state === "formalise.sapInvited");
    expect(invited, "the example school has a pupil invited to a SAP").toBeDefined();
    target = { upn: invited!.upn, name: `${invited!.surname}, ${invited!.forename}` };
    expect(errors).toEqual([]);
  });

  it("opens a case from the caseload and holds a SAP meeting through the form: the chart moves and the history shows it", async () => {
    // A SAP meeting's review date must be a school day in the term dates in force: next year's (today is 22 July 2025).
    const signedIn = await api("POST", "/api/auth/login", { username: "lead", password: PASSWORD });
    const terms = await fetch(`${base}/api/calendar?file=calendar-2024-26.csv`, { method: "POST", headers: { "content-type": "text/csv", cookie: signedIn.cookie }, body: termDatesThroughNextYear() });
    expect(terms.status).toBe(200);
    await page.getByRole("link", { name: target.name }).first().click();
    await page.locator('[data-state="formalise.sapInvited"][data-active="true"]').waitFor();
    expect(await page.locator('[data-state="formalise"][data-active="true"]').count()).toBe(1);
    await expectAccessible(page, "case");
    await shot(page, "04-case-before");

    await page.getByRole("button", { name: "School Attendance Panel meeting held" }).first().click();
    const form = page.getByRole("form", { name: "School Attendance Panel meeting held" });
    await form.getByLabel(/Who attended/).fill("AL\nAHT\nParent");
    await form.getByLabel(/Barriers/).fill("Morning routine");
    await form.getByLabel(/Target attendance %/).fill("95");
    await form.getByLabel(/Review date/).fill("23/09/2025");
    await form.getByRole("button", { name: "Save" }).click();
    await page.locator('[data-state="formalise.sapTarget"][data-active="true"]').waitFor();
    expect(await page.locator('[data-state="formalise.sapInvited"][data-active="true"]').count()).toBe(0);
    await shot(page, "05-case-after-sap");

    await page.getByRole("link", { name: "History and audit" }).click();
    await page.getByText("Morning routine").first().waitFor();
    await expectAccessible(page, "history");
    await shot(page, "06-history");
    const lead = await api("POST", "/api/auth/login", { username: "lead", password: PASSWORD });
    const timeline = (await api("GET", `/api/cases/${target.upn}/timeline`, undefined, lead.cookie)).json.entries as { eventType: string; to: string; actor: string }[];
    // The meeting, then (when it answered open tasks: the meeting task, the invitation) what it closed.
    const meeting = timeline.filter((e) => e.eventType !== "tasksAnswered").at(-1);
    expect(meeting).toMatchObject({ eventType: "sapMeetingHeld", to: "formalise.sapTarget", actor: "lead" });
  });

  it("the day's work is listed on Today and accessible", async () => {
    await page.getByRole("link", { name: "Today" }).click();
    await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await expectAccessible(page, "today");
    await shot(page, "07-today");
  });

  it("the policy lab runs a simulation of the example school in the browser", async () => {
    await page.getByRole("link", { name: "Policy lab" }).click();
    await page.getByRole("heading", { name: "Policy lab" }).waitFor();
    await shot(page, "08a-policy-lab-open");
    await page.getByLabel(/The example school/).check();
    await page.getByRole("button", { name: /^Run/ }).click();
    await page.getByRole("table", { name: "Policies compared" }).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: /^Run/ }).waitFor();
    // Scrub back to the first school day: every case starts in Expect.
    await page.getByRole("slider").fill("0");
    await page.getByText(/School day 1 of \d+/).waitFor();
    const firstDay = page.getByRole("table", { name: /all-saints: cases by stage on/ });
    expect(await firstDay.locator('tr[data-bar="expect"] .bar-value').textContent()).toBe("40");
    await expectAccessible(page, "policy-lab");
    await shot(page, "08-policy-lab");
    // The chart opens on the whole ladder, its stages closed to summaries; a search finds Letter 3, opens its
    // stage and inspects it from the keyboard.
    expect(await page.locator("[data-state]").count()).toBe(7);
    await page.getByRole("combobox", { name: "Find a state or rule" }).fill("Letter 3");
    await page.keyboard.press("Enter");
    await page.getByRole("region", { name: /^Rule letter-3/ }).waitFor();
    await page.locator('[data-state="formalise.sapInvited"]').waitFor();
    expect(await page.locator("[data-state]").count()).toBeGreaterThan(7);
    await expectAccessible(page, "policy-lab-inspector");
    await shot(page, "08b-policy-lab-inspector");
  });

  it("a governor sees the figures but no pupil's name or UPN", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    const gov = await context.newPage();
    await signIn(gov, "governor");
    await gov.getByRole("heading", { name: /dashboard/i }).first().waitFor();
    await gov.waitForTimeout(500);
    await expectAccessible(gov, "dashboard");
    await shot(gov, "09-governor-dashboard");
    const text = await gov.content();
    const pupils = readFileSync(join(SCHOOL, "pupils.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    for (const [upn, forename, surname] of pupils) {
      expect(text).not.toContain(upn);
      expect(text).not.toContain(`${forename} ${surname}`);
    }
    expect(text).not.toMatch(/\b[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]\b/);
    expect(await gov.getByRole("link", { name: "Caseload" }).count()).toBe(0);
    await context.close();
  });

  it("the case page draws the pupil's attendance over the year, with the policy's band lines, under the strict CSP", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const strict = await context.newPage();
    const violations: string[] = [];
    strict.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    strict.on("pageerror", (e) => violations.push(String(e)));
    await signIn(strict, "lead");
    await strict.goto(`${base}/#/cases/${encodeURIComponent(target.upn)}`);
    const chart = strict.getByRole("figure", { name: "Attendance over the year" });
    await chart.locator(".recharts-line-curve").waitFor();
    // all-saints has four bands above 0%: 95, 92, 90 and 80, each a dashed line, and the penalty threshold.
    expect(await chart.locator(".recharts-reference-line-line").count()).toBe(5);
    const lead = await api("POST", "/api/auth/login", { username: "lead", password: PASSWORD });
    const view = (await api("GET", `/api/cases/${target.upn}`, undefined, lead.cookie)).json;
    expect(await chart.locator("figcaption").textContent()).toContain(`Attendance ${view.metrics.attendancePct.toFixed(1)}%`);
    await chart.scrollIntoViewIfNeeded();
    await strict.mouse.move(0, 0);
    await shot(strict, "10-case-attendance-chart");
    expect(violations).toEqual([]);
    await context.close();
  });

  it("a letter is previewed from the case, printed to PDF, and marked sent: the note is in the history", async () => {
    const lead = await api("POST", "/api/auth/login", { username: "lead", password: PASSWORD });
    const letters = (await api("GET", "/api/letters?status=open", undefined, lead.cookie)).json.letters as { id: number; upn: string; title: string; template: string | null }[];
    const letter = letters.find((l) => l.template);
    expect(letter, "the example school has an open letter with a template").toBeDefined();
    const pupil = (await api("GET", `/api/cases/${letter!.upn}`, undefined, lead.cookie)).json.pupil as { forename: string; surname: string };

    await page.goto(`${base}/#/cases/${encodeURIComponent(letter!.upn)}`);
    await page.locator(`[data-task="${letter!.id}"]`).getByRole("link", { name: "Preview and send" }).click();
    const sheet = page.getByRole("article", { name: "The letter" });
    await sheet.waitFor();
    const text = (await sheet.textContent()) ?? "";
    // Addressed to the parents and carers who get letters (examples/small-school/parents.csv), at their address.
    const parents = (await api("GET", `/api/cases/${letter!.upn}/parents-carers`, undefined, lead.cookie)).json.parents as { name: string; correspondence: boolean; postcode: string }[];
    const to = parents.find((p) => p.correspondence)!;
    expect(text).toContain(`Dear ${to.name}`);
    expect(text).toContain(to.postcode);
    expect(text).toContain(pupil.forename);
    expect(text).not.toMatch(/\{\{|\}\}/);
    await expectAccessible(page, "letter");
    await shot(page, "11-letter-preview");

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download PDF" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`letter-${letter!.id}.pdf`);
    expect(readFileSync((await file.path())!).subarray(0, 5).toString()).toBe("%PDF-");

    await page.getByLabel("How it was sent").selectOption("Letter handed to parent");
    await page.getByRole("button", { name: "Mark sent" }).click();
    await page.getByRole("status").filter({ hasText: "is now in the case history" }).waitFor();
    expect(await page.getByRole("button", { name: "Mark sent" }).count()).toBe(0);
    await page.getByRole("link", { name: "History", exact: true }).click();
    await page.getByText(`Letter sent: ${letter!.title}`).first().waitFor();
    await shot(page, "12-history-letter-sent");
    const timeline = (await api("GET", `/api/cases/${letter!.upn}/timeline`, undefined, lead.cookie)).json.entries as { eventType: string; actor: string; payload: { text?: string } | null }[];
    expect(timeline.at(-1)).toMatchObject({ eventType: "letterSent", actor: "lead", payload: { text: `Letter sent: ${letter!.title}` } });
    const done = (await api("GET", "/api/letters?status=done", undefined, lead.cookie)).json.letters as { id: number; outcome: string }[];
    expect(done).toContainEqual(expect.objectContaining({ id: letter!.id, outcome: "Letter handed to parent" }));
  });

  it("the evidence bundle opens from the history page, styled under the strict CSP, with the case's verified audit chain", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const strict = await context.newPage();
    const violations: string[] = [];
    context.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await signIn(strict, "lead");
    await strict.goto(`${base}/#/cases/${encodeURIComponent(target.upn)}/history`);
    const opened = context.waitForEvent("page");
    await strict.getByRole("link", { name: "Evidence bundle" }).click();
    const bundle = await opened;
    await bundle.waitForLoadState("load");
    await bundle.getByRole("heading", { name: "Attendance evidence bundle" }).waitFor();
    const text = (await bundle.textContent("body")) ?? "";
    const [surname, forename] = target.name.split(", ");
    expect(text).toContain(`${forename} ${surname}`);
    expect(text).toContain("Audit chain verified for this case");
    expect(text).toContain("School Attendance Panel meeting held");
    expect(text).toContain("Morning routine");
    // /api/print.css is allowed by the CSP and applied: section headings are ruled.
    expect(await bundle.locator("h2").first().evaluate((h) => getComputedStyle(h).borderBottomStyle)).toBe("solid");
    expect(await bundle.locator("tr[data-week]").count()).toBeGreaterThan(30);
    await shot(bundle, "13-evidence-bundle");
    expect(violations).toEqual([]);
    await context.close();
  });

  it("the attendance lead opens Celebrate, runs the prize draw and prints the week's poster", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    const lead = await context.newPage();
    const errors: string[] = [];
    lead.on("pageerror", (e) => errors.push(String(e)));
    await signIn(lead, "lead");
    await lead.getByRole("link", { name: "Celebrate" }).click();
    const ranking = lead.getByRole("table", { name: "Class ranking" });
    await ranking.waitFor();
    expect(await ranking.locator("tr.winner").count()).toBeGreaterThan(0);
    expect(await ranking.locator("[data-target-line]").count()).toBe(1);
    await lead.getByRole("button", { name: "Run the prize draw" }).click();
    await lead.locator(".draw-result").getByText(/Seed \d+/).waitFor();
    await expectAccessible(lead, "celebrate");
    await shot(lead, "15-celebrate");
    const text = await lead.content();
    const pupils = readFileSync(join(SCHOOL, "pupils.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    for (const [upn, forename, surname] of pupils) {
      expect(text).not.toContain(upn);
      expect(text).not.toContain(`${forename} ${surname}`);
    }

    // The print dialog cannot be driven headless: count the calls instead, and shoot the page as it prints.
    await lead.evaluate(() => {
      const w = window as unknown as { printed: number; print: () => void };
      w.printed = 0;
      w.print = () => {
        w.printed += 1;
      };
    });
    await lead.getByRole("button", { name: "Print poster" }).click();
    const poster = lead.getByRole("article", { name: "Assembly poster" });
    await poster.getByRole("heading", { name: "Attendance stars of the week" }).waitFor();
    expect(await lead.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await expectAccessible(lead, "celebrate-poster");
    await lead.emulateMedia({ media: "print" });
    expect(await lead.locator(".topbar").isVisible()).toBe(false);
    await shot(lead, "16-celebrate-poster");
    await lead.emulateMedia({ media: "screen" });

    // The first half term's 100% certificates: the count, the names when asked, the printable page and the PDF.
    await lead.getByRole("button", { name: "Back to the figures" }).click();
    await lead.getByLabel("Certificates for").selectOption("0");
    const sentence = lead.locator(".certificates-count");
    await sentence.filter({ hasText: "in the half term" }).waitFor();
    const count = Number(await sentence.getAttribute("data-count"));
    expect(count).toBeGreaterThan(0);
    await lead.getByRole("button", { name: "Show the names" }).click();
    const earned = lead.getByRole("table", { name: "Certificates earned" });
    await earned.waitFor();
    expect(await earned.locator("tbody tr").count()).toBe(count);
    const firstName = ((await earned.locator("tbody tr th").first().textContent()) ?? "").trim();
    expect(pupils.some(([, forename, surname]) => `${forename} ${surname}` === firstName)).toBe(true);
    await expectAccessible(lead, "celebrate-certificates");
    await lead.getByRole("heading", { name: "100% attendance certificates" }).scrollIntoViewIfNeeded();
    await shot(lead, "17-celebrate-certificates");

    const downloading = lead.waitForEvent("download");
    await lead.getByRole("button", { name: "PDF", exact: true }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("certificates-half-term-1.pdf");
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // One A4 landscape page per certificate.
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g)).toHaveLength(count);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString("latin1"))!;
    expect(Number(box[1])).toBeGreaterThan(Number(box[2]));

    const opened = context.waitForEvent("page");
    await lead.getByRole("link", { name: "Print certificates" }).click();
    const sheet = await opened;
    await sheet.waitForLoadState("load");
    expect(await sheet.locator("section.certificate").count()).toBe(count);
    expect(await sheet.locator(".certificate-name").first().textContent()).toBe(firstName);
    // /api/print.css applies: the certificate's frame is drawn.
    expect(await sheet.locator(".certificate-frame").first().evaluate((f) => getComputedStyle(f).borderTopStyle)).toBe("double");
    await sheet.setViewportSize({ width: 1200, height: 900 });
    await sheet.screenshot({ path: join(ARTIFACTS, "18-certificate.png") });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the administrator creates a user on the users page, who can then sign in", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    const admin = await context.newPage();
    await signIn(admin, "admin");
    await admin.getByRole("link", { name: "Users" }).click();
    await admin.getByRole("table", { name: "Users" }).waitFor();
    const form = admin.getByRole("form", { name: "Create a user" });
    await form.getByLabel("Username").fill("officer2");
    await form.getByLabel("Password").fill("short");
    await form.getByLabel("Role").selectOption("attendance-officer");
    await form.getByRole("button", { name: "Create user" }).click();
    await form.locator(".field-error").getByText("The password must be at least 12 characters (it has 5).").waitFor();
    await form.getByLabel("Password").fill(PASSWORD);
    await form.getByRole("button", { name: "Create user" }).click();
    await admin.getByRole("status").filter({ hasText: "Created officer2" }).waitFor();
    await admin.locator('tr[data-user="officer2"]').waitFor();
    expect(await admin.locator('tr[data-user="officer2"]').textContent()).toContain("Attendance officer");
    await expectAccessible(admin, "users");
    await shot(admin, "14-users");
    const signedIn = await api("POST", "/api/auth/login", { username: "officer2", password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.json).toEqual({ username: "officer2", role: "attendance-officer" });
    await context.close();
  });
});
