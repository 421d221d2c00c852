/**
 * Writes the "Statutory gates" section of docs/policies.md from the gate modules (machines/gates/), between the
 * GATES markers: `npx tsx scripts/statutoryGates.ts`. `test/docs/statutoryGates.test.ts` fails when it drifts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { statutoryGatesMarkdown } from "../machines/gates/index.ts";

export const GATES_START = "<!-- GATES:START (generated from machines/gates/ by statutoryGatesMarkdown(); do not edit by hand) -->";
export const GATES_END = "<!-- GATES:END -->";

export function withGatesSection(doc: string): string {
  const start = doc.indexOf(GATES_START);
  const end = doc.indexOf(GATES_END);
  if (start < 0 || end < start) throw new Error("docs/policies.md has no GATES markers");
  return `${doc.slice(0, start + GATES_START.length)}\n\n${statutoryGatesMarkdown()}\n${doc.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = new URL("../docs/policies.md", import.meta.url);
  writeFileSync(file, withGatesSection(readFileSync(file, "utf8")));
}
