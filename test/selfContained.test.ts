import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * A clone of the repository must pass its tests with nothing beside it: no source, test, doc or script may read
 * the project's old sibling folder (the "shared" folder beside the repository) or its data tables. The tables the project needs are in
 * `machines/attendance/reference/` with their source. (Citations of the seed policies' file names, which are
 * real schools' documents and not redistributed, are words, not reads: they are not matched here.)
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const SKIP = new Set(["node_modules", ".git", "data", "test-artifacts", "dist"]);
const TEXT = /\.(ts|tsx|js|mjs|cjs|json|md|csv|sh|yml|yaml|html|css)$|^run$/;
// Built from pieces so this file does not match itself.
const SIBLING = new RegExp(["\\.\\.", "shared\\b"].join("/"));
const DATA = new RegExp(["shared", "data", ""].join("/"));

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (TEXT.test(name)) yield path;
  }
}

describe("the repository is self-contained", () => {
  it("no file reads the shared folder beside the repository, or its data tables", () => {
    const offenders: string[] = [];
    let seen = 0;
    for (const dir of ["machines", "server", "web", "db", "cli", "test", "docs", "scripts", "bench", "examples", ".ci"]) {
      let top: string;
      try {
        top = join(root, dir);
        statSync(top);
      } catch {
        continue;
      }
      for (const path of files(top)) {
        seen += 1;
        readFileSync(path, "utf8")
          .split("\n")
          .forEach((line, i) => {
            if (SIBLING.test(line) || DATA.test(line)) offenders.push(`${relative(root, path)}:${i + 1}: ${line.trim().slice(0, 120)}`);
          });
      }
    }
    for (const name of ["README.md", "package.json", "vitest.config.ts", "vite.config.ts", "tsconfig.json"]) {
      seen += 1;
      const text = readFileSync(join(root, name), "utf8");
      if (SIBLING.test(text) || DATA.test(text)) offenders.push(name);
    }
    expect(seen).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });

  it("carries the reference tables, each named in the README beside them", () => {
    const dir = join(root, "machines/attendance/reference");
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    const tables = readdirSync(dir).filter((f) => f.endsWith(".csv"));
    expect(tables.sort()).toEqual(["attendance-codes-2024.csv", "legacy-codes.csv", "national-benchmarks.csv"]);
    for (const t of tables) expect(readme).toContain(`\`${t}\``);
    expect(readme).toMatch(/Explore Education Statistics/);
  });
});
