import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GATES } from "../../machines/gates/index.ts";
import { withGatesSection } from "../../scripts/statutoryGates.ts";

describe("docs/policies.md: the statutory gates", () => {
  const doc = readFileSync(new URL("../../docs/policies.md", import.meta.url), "utf8");

  it("has the section generated from the gate modules (regenerate with `npx tsx scripts/statutoryGates.ts`)", () => {
    expect(doc).toBe(withGatesSection(doc));
  });

  it("names every gate with its rule of law", () => {
    for (const gate of Object.values(GATES)) {
      expect(doc).toContain(`### ${gate.title} (\`${gate.id}\`)`);
      expect(doc).toContain(gate.law);
    }
  });
});
