import { describe, expect, it } from "vitest";
import { canAct, canComplete, pagesFor, seesCases } from "../src/roles.ts";
import { href, parseHash } from "../src/router.ts";

describe("navigation by role", () => {
  it("shows a governor only the dashboard, and the casework pages to the roles the server lets read cases", () => {
    expect(pagesFor("governor")).toEqual(["dashboard"]);
    for (const role of ["attendance-lead", "attendance-officer", "teacher", "auditor"]) expect(seesCases(role)).toBe(true);
    expect(seesCases("admin")).toBe(false);
    expect(pagesFor("auditor")).not.toContain("today");
    expect(canAct("auditor")).toBe(false);
    expect(canAct("attendance-officer")).toBe(true);
    expect(canComplete("teacher", "first-day-call")).toBe(true);
    expect(canComplete("teacher", "letter")).toBe(false);
  });

  it("addresses a case in the fragment, never the query string", () => {
    expect(href({ page: "case", upn: "A999314720002" })).toBe("#/cases/A999314720002");
    expect(parseHash("#/cases/A999314720002/history")).toEqual({ page: "history", upn: "A999314720002" });
    expect(parseHash("#/nowhere")).toEqual({ page: "home" });
  });
});
