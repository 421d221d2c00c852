import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeIndex, codeAt } from "../../machines/attendance/codes.ts";
import { calendarCsvLines } from "../../machines/cohort/cohortCsv.ts";
import { englishSchoolYear } from "../../machines/cohort/englishSchoolYear.ts";
import * as store from "../../db/index.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

/**
 * A live school closes one day at a time, so the register's last day is "today": whether it ends a school week
 * or a half term depends on what comes next, which only the term dates know. The school's policy (All Saints)
 * gives a 100% award on the last day of each half term; Autumn 1 of 2024-25 ends on Friday 25 October.
 */
const school = schoolFiles(41, 30, 45);
const [header, ...rows] = school.markLines;
const marksOn = (keep: (date: string) => boolean) => `${[header, ...rows.filter((l) => keep(l.split(",")[1]!))].join("\n")}\n`;
const termDatesCsv = `${[...calendarCsvLines(englishSchoolYear(2024))].join("\n")}\n`;
const HALF_TERM_END = "2024-10-25";

/** Pupils who attended every possible session of Autumn 1, counted from the marks file. */
function fullAttendanceInAutumn1(): string[] {
  const tally = new Map<string, { possible: number; attended: number }>();
  for (const line of rows) {
    const [upn, date, , mark] = line.split(",") as [string, string, string, string];
    if (date > HALF_TERM_END) continue;
    const code = codeAt(codeIndex(mark)!);
    const t = tally.get(upn) ?? { possible: 0, attended: 0 };
    if (code.countsAsPossible) t.possible++;
    if (code.countsAsAttendance) t.attended++;
    tally.set(upn, t);
  }
  return [...tally].filter(([, t]) => t.possible > 0 && t.attended === t.possible).map(([upn]) => upn).sort();
}

async function awards(server: RunningServer): Promise<string[]> {
  const tasks = await store.listTasks(server.deps.rdb.orm, { kind: "letter" });
  return tasks.filter((t) => t.template === "award-100").map((t) => `${t.upn} ${t.createdOn}`).sort();
}

describe("the end of a half term in a live school", () => {
  const withTerms = tempDatabase();
  const without = tempDatabase();
  let a: RunningServer;
  let b: RunningServer;
  let lead: Client;
  let leadB: Client;

  beforeAll(async () => {
    a = await testServer(withTerms.url);
    b = await testServer(without.url);
    lead = new Client(a.url);
    leadB = new Client(b.url);
    await lead.login();
    await leadB.login();
    expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
    expect((await leadB.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    withTerms.cleanup();
    without.cleanup();
  });

  it("takes the term dates from the attendance lead, with every problem named by line and field", async () => {
    const bad = await lead.json("POST", "/api/calendar?file=terms.csv", { csv: "start,end,type\n2024-09-02,2024-10-25,term\n2024-10-40,2024-10-41,closure\n" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ line: 3, field: "start", message: expect.stringContaining("2024-10-40") }),
      expect.objectContaining({ line: 3, field: "end" }),
    ]);
    expect((await lead.json("GET", "/api/calendar")).body.termDates).toBeNull();

    const ok = await lead.json("POST", "/api/calendar?file=terms.csv", { csv: termDatesCsv });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ alreadyInForce: false, schoolDays: 190, firstDay: "2024-09-04" });
    const again = await lead.json("POST", "/api/calendar?file=terms.csv", { csv: termDatesCsv });
    expect(again.body).toMatchObject({ id: ok.body.id, alreadyInForce: true });

    const view = (await lead.json("GET", "/api/calendar")).body;
    expect(view.termDates.halfTerms.map((h: { from: string; to: string }) => `${h.from}..${h.to}`)).toEqual([
      "2024-09-04..2024-10-25",
      "2024-11-04..2024-12-20",
      "2025-01-07..2025-02-14",
      "2025-02-24..2025-04-11",
      "2025-04-29..2025-05-23",
      "2025-06-02..2025-07-18",
    ]);
    // A teacher may read them but not change them.
    const teacher = new Client(a.url);
    await teacher.login("teacher");
    expect((await teacher.json("GET", "/api/calendar")).status).toBe(200);
    expect((await teacher.json("POST", "/api/calendar", { csv: termDatesCsv })).status).toBe(403);
  });

  it("with term dates: the Thursday before half term ends nothing; the Friday ends the half term and the awards go out", async () => {
    expect((await lead.json("POST", "/api/imports/marks?file=to-thursday.csv", { csv: marksOn((d) => d < HALF_TERM_END) })).status).toBe(200);
    expect((await lead.json("GET", "/api/calendar")).body.register).toEqual({ lastDay: "2024-10-24", follows: "2024-10-25", ends: [] });
    expect(await awards(a)).toEqual([]);

    expect((await lead.json("POST", "/api/imports/marks?file=friday.csv", { csv: marksOn((d) => d === HALF_TERM_END) })).status).toBe(200);
    expect((await lead.json("GET", "/api/calendar")).body.register).toEqual({ lastDay: HALF_TERM_END, follows: "2024-11-04", ends: ["schoolWeek", "halfTerm"] });
    const expected = fullAttendanceInAutumn1();
    expect(expected.length).toBeGreaterThan(3);
    expect(await awards(a)).toEqual(expected.map((upn) => `${upn} ${HALF_TERM_END}`));

    // The next half term's first days give no second award.
    expect((await lead.json("POST", "/api/imports/marks?file=after.csv", { csv: marksOn((d) => d > HALF_TERM_END) })).status).toBe(200);
    expect((await awards(a)).length).toBe(expected.length);
    expect((await lead.json("GET", "/api/audit/verify")).body).toMatchObject({ ok: true });
  });

  it("without term dates: a Thursday is not taken for the end of anything, and a Friday ends only its week", async () => {
    expect((await leadB.json("POST", "/api/imports/marks", { csv: marksOn((d) => d < HALF_TERM_END) })).status).toBe(200);
    expect((await leadB.json("GET", "/api/calendar")).body.register).toEqual({ lastDay: "2024-10-24", follows: "unknown", ends: [] });
    expect((await leadB.json("POST", "/api/imports/marks?file=friday.csv", { csv: marksOn((d) => d === HALF_TERM_END) })).status).toBe(200);
    expect((await leadB.json("GET", "/api/calendar")).body.register).toEqual({ lastDay: HALF_TERM_END, follows: "unknown", ends: ["schoolWeek"] });
    expect(await awards(b)).toEqual([]);
  });
});
