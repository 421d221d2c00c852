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
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${join(dir, "rollcall.db")}`, ROLLCALL_DEMO: "0", ROLLCALL_ADMIN_PASSWORD: PASSWORD, ROLLCALL_TODAY: "2025-07-22" },
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
    for (const [kind, file] of [["pupils", "pupils.csv"], ["marks", "marks.csv"]] as const) {
      await page.locator(".import-panel select").selectOption(kind);
      await page.locator('.import-panel input[type="file"]').setInputFiles(join(SCHOOL, file));
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.getByRole("status").filter({ hasText: /import/i }).waitFor();
    }
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
    await form.getByLabel(/Review date/).fill("2025-08-29");
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
    expect(timeline.at(-1)).toMatchObject({ eventType: "sapMeetingHeld", to: "formalise.sapTarget", actor: "lead" });
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
    await expectAccessible(page, "policy-lab");
    await shot(page, "08-policy-lab");
    expect(await page.locator("[data-state]").count()).toBeGreaterThan(7);
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
});
