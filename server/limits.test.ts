import { describe, expect, it } from "vitest";
import { bodyLimitFor, isCalendarDate, JSON_LIMIT_BYTES, MAX_TEXT_CHARS, SIGN_IN_LIMIT_BYTES, textAndDateProblems } from "./limits.ts";
import { IMPORT_LIMIT_BYTES } from "./imports/index.ts";

describe("body limits by route", () => {
  it("give sign-in a few KB, imports and simulation 64 MB, everything else 64 KB", () => {
    expect(bodyLimitFor("POST", "/api/auth/login")).toBe(SIGN_IN_LIMIT_BYTES);
    expect(SIGN_IN_LIMIT_BYTES).toBeLessThanOrEqual(8 * 1024);
    expect(bodyLimitFor("POST", "/api/imports/marks")).toBe(IMPORT_LIMIT_BYTES);
    expect(bodyLimitFor("POST", "/api/simulate")).toBe(IMPORT_LIMIT_BYTES);
    expect(bodyLimitFor("POST", "/api/cases/A123/events")).toBe(JSON_LIMIT_BYTES);
    expect(bodyLimitFor("POST", "/api/users")).toBe(JSON_LIMIT_BYTES);
  });
});

describe("dates", () => {
  it.each(["2026-02-28", "2024-02-29", "2000-02-29", "2025-12-31", "1999-01-01"])("%s is a real date", (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(["2026-02-30", "0000-00-00", "2025-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "2025-1-01", "20250101", ""])("%j is not", (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );
});

describe("free text and dates inside a payload", () => {
  it("name text over the limit and dates that are not real, wherever they are", () => {
    const problems = textAndDateProblems({ text: "x".repeat(MAX_TEXT_CHARS + 1), ok: "fine", when: "2026-02-30", list: [{ on: "0000-00-00" }] }, "payload");
    expect(problems.map((p) => p.field)).toEqual(["payload.text", "payload.when", "payload.list.0.on"]);
    expect(problems.every((p) => !p.message.includes("xxxx"))).toBe(true);
  });

  it("accept text up to the limit and real dates", () => {
    expect(textAndDateProblems({ text: "x".repeat(MAX_TEXT_CHARS), reviewDate: "2025-03-14", n: 3 }, "payload")).toEqual([]);
    expect(textAndDateProblems(undefined, "payload")).toEqual([]);
  });
});
