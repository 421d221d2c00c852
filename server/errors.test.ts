import { describe, expect, it } from "vitest";
import { cappedProblems, clip, MAX_PROBLEMS, quote, revisionFromIfMatch } from "./errors.ts";

describe("problem lists", () => {
  it("keep the first 1,000 problems and count the rest", () => {
    const many = Array.from({ length: 2_500 }, (_, i) => ({ line: i + 2, field: "mark", message: `bad mark on line ${i + 2}` }));
    const capped = cappedProblems(many);
    expect(capped.errors).toHaveLength(MAX_PROBLEMS);
    expect(capped.errors[999]).toEqual({ line: 1001, field: "mark", message: "bad mark on line 1001" });
    expect(capped.moreErrors).toBe(1_500);
    expect(cappedProblems(many.slice(0, 3))).toEqual({ errors: many.slice(0, 3) });
  });

  it("cut a message or field that quotes something large", () => {
    const huge = "Z".repeat(10_000_000);
    const [one] = cappedProblems([{ field: huge, message: `"${huge}" is not a UPN` }]).errors;
    expect(one!.field.length).toBeLessThanOrEqual(101);
    expect(one!.message.length).toBeLessThanOrEqual(301);
    expect(quote(huge)).toHaveLength(101);
    expect(clip("short")).toBe("short");
  });
});

describe("If-Match", () => {
  it.each([
    ["7", 7],
    ['"7"', 7],
    ['W/"7"', 7],
    [" 12 ", 12],
  ])("%j names revision %i", (header, revision) => {
    expect(revisionFromIfMatch(header)).toEqual({ revision });
  });

  it.each([undefined, "", '""', 'W/""', "  ", '"abc"', "*", "-1", "1.5", "1e3"])("%j names no revision (428)", (header) => {
    expect(revisionFromIfMatch(header)).toHaveProperty("refused");
  });
});
