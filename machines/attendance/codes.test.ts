import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { checkCode, REGISTER_CODES, WITHDRAWN_CODES } from "./codes.ts";
import { finalMetrics, weekdaysBetween } from "../../test/support/dayTokens.ts";

/** The DfE tables as the repository keeps them (`reference/README.md` names their source). */
const referenceCsv = (name: string) =>
  parse(readFileSync(new URL(`./reference/${name}`, import.meta.url), "utf8"), { columns: true }) as Record<
    string,
    string
  >[];

const yesNo = (b: boolean) => (b ? "yes" : "no");

describe("the code table", () => {
  it("equals reference/attendance-codes-2024.csv row by row", () => {
    const rows = referenceCsv("attendance-codes-2024.csv");
    expect(rows.length).toBe(34);
    expect(
      REGISTER_CODES.map((c) => ({
        code: c.code,
        meaning: c.meaning,
        category: c.category,
        counts_as_possible_session: yesNo(c.countsAsPossible),
        counts_as_attendance: yesNo(c.countsAsAttendance),
        counts_toward_penalty_threshold: yesNo(c.countsTowardPenaltyThreshold),
      })),
    ).toEqual(rows);
  });
});

describe("each category's effect on the metrics", () => {
  // One school week: the code under test on Monday, both sessions; present the other four days.
  const week = weekdaysBetween("2024-09-09", "2024-09-13");
  const effect = (code: string) => finalMetrics(week, `${code} / / / /`);

  it.each(REGISTER_CODES.filter((c) => c.category === "present" || c.category === "approved-educational-activity").map((c) => c.code))(
    "%s counts as possible and attended",
    (code) => {
      const m = effect(code);
      expect([m.possibleSessions, m.attendedSessions, m.authorisedAbsenceSessions, m.unauthorisedAbsenceSessions]).toEqual([10, 10, 0, 0]);
      expect(m.attendancePct).toBe(100);
    },
  );

  it.each(REGISTER_CODES.filter((c) => c.category === "authorised-absence").map((c) => c.code))(
    "%s counts as possible and authorised absence",
    (code) => {
      const m = effect(code);
      expect([m.possibleSessions, m.attendedSessions, m.authorisedAbsenceSessions, m.unauthorisedAbsenceSessions]).toEqual([10, 8, 2, 0]);
      expect(m.attendancePct).toBe(80);
      expect(m.unauthorisedSessionsLast10SchoolWeeks).toBe(0);
    },
  );

  it.each(REGISTER_CODES.filter((c) => c.category === "unauthorised-absence").map((c) => c.code))(
    "%s counts as possible, unauthorised absence, and toward the penalty threshold",
    (code) => {
      const m = effect(code);
      expect([m.possibleSessions, m.attendedSessions, m.authorisedAbsenceSessions, m.unauthorisedAbsenceSessions]).toEqual([10, 8, 0, 2]);
      expect(m.unauthorisedSessionsLast10SchoolWeeks).toBe(2);
    },
  );

  it.each(REGISTER_CODES.filter((c) => c.category === "not-counted").map((c) => c.code))(
    "%s is left out of possible sessions",
    (code) => {
      const m = effect(code);
      expect([m.possibleSessions, m.attendedSessions, m.authorisedAbsenceSessions, m.unauthorisedAbsenceSessions]).toEqual([8, 8, 0, 0]);
      expect(m.attendancePct).toBe(100);
    },
  );

  it("covers every code in the table exactly once across the five categories", () => {
    const categories = new Set(REGISTER_CODES.map((c) => c.category));
    expect([...categories].sort()).toEqual(
      ["approved-educational-activity", "authorised-absence", "not-counted", "present", "unauthorised-absence"],
    );
    expect(new Set(REGISTER_CODES.map((c) => c.code)).size).toBe(REGISTER_CODES.length);
  });
});

describe("withdrawn codes", () => {
  const legacy = referenceCsv("legacy-codes.csv");

  it("are exactly the codes in reference/legacy-codes.csv", () => {
    expect(Object.keys(WITHDRAWN_CODES).sort()).toEqual(legacy.map((r) => r.code).sort());
  });

  it.each(legacy.map((r) => [r.code!, r.use_instead!] as const))(
    "%s is rejected with a message naming the code and its replacement (%s)",
    (code, useInstead) => {
      const check = checkCode(code);
      expect(check.ok).toBe(false);
      if (check.ok) return;
      expect(check.message).toContain(`"${code}"`);
      expect(check.message).toMatch(/withdrawn/);
      // The replacement codes named in the CSV: C; J1; Y1-Y7 and Q; C and G.
      const replacements = useInstead.match(/\b[A-Z]\d?(?:-[A-Z]\d)?\b/g) ?? [];
      expect(replacements.length).toBeGreaterThan(0);
      for (const r of replacements) expect(check.message).toMatch(new RegExp(`\\b${r}\\b`));
    },
  );

  it("does not mistake a current code for a withdrawn one", () => {
    expect(checkCode("J1").ok).toBe(true);
    expect(checkCode("Y1").ok).toBe(true);
    expect(checkCode("C").ok).toBe(true);
  });
});
