import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const WEB_DIST = join(ROOT, "dist", "web");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * `npm start` builds the web app when dist/web is missing or older than its sources (web/, machines/), so the
 * two commands on a fresh machine serve the app without a separate build step.
 */
export async function ensureWebBuild(log: (line: string) => void): Promise<void> {
  const index = join(WEB_DIST, "index.html");
  if (!existsSync(join(ROOT, "web", "index.html"))) return;
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(join(ROOT, "web")), newest(join(ROOT, "machines")), statSync(join(ROOT, "vite.config.ts")).mtimeMs);
  if (built >= sources) return;
  log("rollcall: building the web app (once, or after its sources change)...");
  const { build } = await import("vite");
  await build({ configFile: join(ROOT, "vite.config.ts"), logLevel: "warn" });
}
