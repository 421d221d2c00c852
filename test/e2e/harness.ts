/**
 * The browser tests' harness: `npm start` on a fresh database in a child process (the example school imported
 * through the API, as a school's files would be), and Debian's headless chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = join(ROOT, "test-artifacts");
export const SCHOOL = join(ROOT, "examples/small-school");
export const PASSWORD = "correct horse battery staple";
const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) {
  throw new Error(`Debian's chromium is not at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`);
}

export interface Running {
  readonly base: string;
  readonly browser: Browser;
  api(method: string, path: string, body?: unknown, cookie?: string, type?: string): Promise<{ status: number; json: any; cookie: string }>;
  stop(): Promise<void>;
}

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

/** Starts `npm start` on an empty database, creates `users` and imports the example school's three files. */
export async function startWithExampleSchool(users: readonly (readonly [string, string])[]): Promise<Running> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "rollcall-e2e-"));
  const port = await freePort();
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${join(dir, "rollcall.db")}`, ROLLCALL_DEMO: "0", ROLLCALL_ADMIN_PASSWORD: PASSWORD, ROLLCALL_TODAY: "2025-07-22", ROLLCALL_EXIT_WITH_PARENT: String(process.pid) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/[^ ]+)/.exec(output);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 100);
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  const api: Running["api"] = async (method, path, body, cookie = "", type = "application/json") => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": type, ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? cookie };
  };
  const admin = await api("POST", "/api/auth/login", { username: "admin", password: PASSWORD });
  for (const [username, role] of users) expect((await api("POST", "/api/users", { username, password: PASSWORD, role }, admin.cookie)).status).toBe(201);
  const lead = await api("POST", "/api/auth/login", { username: "lead", password: PASSWORD });
  for (const [path, file] of [["/api/calendar", "calendar.csv"], ["/api/imports/pupils", "pupils.csv"], ["/api/imports/parents", "parents.csv"], ["/api/imports/marks", "marks.csv"]] as const) {
    const res = await api("POST", `${path}?file=${file}`, readFileSync(join(SCHOOL, file), "utf8"), lead.cookie, "text/csv");
    expect(res.status, `${file}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    base,
    browser,
    api,
    async stop() {
      await browser.close();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("main#main").waitFor();
}

/** axe-core's serious and critical violations on the page as it is (the page must bypass the CSP to run it). */
export async function axeProblems(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.addScriptTag({ content: AXE });
  return (await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  })) as { id: string; impact: string; nodes: string[] }[];
}

/**
 * The example school's term dates (2024-25) followed by the next year's (2025-26, England's usual pattern): a
 * meeting's review date must be a school day in the term dates in force, and "today" in these tests is 22 July
 * 2025, after the example year's last day.
 */
export function termDatesThroughNextYear(): string {
  const next = [
    "2025-09-01,2025-10-24,term,Autumn 1",
    "2025-09-01,2025-09-01,closure,INSET day",
    "2025-09-02,2025-09-02,closure,INSET day",
    "2025-11-03,2025-12-19,term,Autumn 2",
    "2026-01-05,2026-02-13,term,Spring 1",
    "2026-02-23,2026-03-27,term,Spring 2",
    "2026-04-13,2026-05-22,term,Summer 1",
    "2026-06-01,2026-07-20,term,Summer 2",
  ];
  return `${readFileSync(join(SCHOOL, "calendar.csv"), "utf8").trimEnd()}\n${next.join("\n")}\n`;
}

/** How far the page scrolls sideways: the document's width and the window's. */
export async function widths(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
}

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}
