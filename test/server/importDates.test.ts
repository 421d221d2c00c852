import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMarksCsv } from "../../machines/attendance/marksCsv.ts";
import { upnProblem } from "../../machines/attendance/upn.ts";
import { calendarCsvLines } from "../../machines/cohort/cohortCsv.ts";
import { englishSchoolYear } from "../../machines/cohort/englishSchoolYear.ts";
import * as store from "../../db/index.ts";
import { readMarksFile } from "../../server/imports/readMarks.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

/**
 * One mis-dated mark used to become a school day and take every case's day close to it for good. The import
 * refuses such dates (422, line and field, nothing written), and the day close never runs past today or the
 * term dates in force. The test server's "today" is 2025-07-31; the school's marks are the first 20 school
 * days of 2024-25.
 */
const school = schoolFiles(61, 15, 20);
const [header, ...rows] = school.markLines;
const upn = rows[0]!.split(",")[0]!;
const lastDay = rows.map((l) => l.split(",")[1]!).sort().at(-1)!;
const termDatesCsv = `${[...calendarCsvLines(englishSchoolYear(2024))].join("\n")}\n`;
const fileWith = (...extra: string[]) => `${[header, ...rows.slice(0, 4), ...extra].join("\n")}\n`;

/** What an import could have changed: the school days, the imports, where the cases are, their history. */
async function state(server: RunningServer) {
  const orm = server.deps.rdb.orm;
  const cases = await store.listCases(orm, { limit: 1000, offset: 0 });
  return {
    days: await store.listSchoolDays(orm),
    imports: (await store.listImports(orm)).length,
    through: [...new Set(cases.rows.map((r) => r.processedThrough))],
    registers: await store.loadRegister(orm, { upns: [upn] }).then((r) => [...r.marks[0]!]),
  };
}

describe("marks on days a register cannot have", () => {
  const db = tempDatabase();
  let server: RunningServer;
  let client: Client;
  beforeAll(async () => {
    server = await testServer(db.url);
    client = new Client(server.url);
    await client.login();
    expect((await client.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
    expect((await client.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    db.cleanup();
  });

  const refused = async (csv: string, line: number, message: RegExp) => {
    const before = await state(server);
    const res = await client.json("POST", "/api/imports/marks", { csv });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ line, field: "date", message: expect.stringMatching(message) })]);
    expect(await state(server)).toEqual(before);
  };

  it("without term dates: refuses a day after today, a weekend, and dates far from the school year, naming the line", async () => {
    expect((await state(server)).through).toEqual([lastDay]);
    await refused(fileWith(`${upn},2027-03-01,AM,/`), 6, /2027-03-01 is outside the school years/);
    await refused(fileWith(`${upn},1900-09-04,AM,/`), 6, /1900-09-04 is outside the school years/);
    // Not even a mark that does not count as a possible session, so far from the register.
    await refused(fileWith(`${upn},1900-09-04,AM,#`), 6, /outside the school years/);
    await refused(fileWith(`${upn},2025-08-01,AM,/`), 6, /2025-08-01 has not come yet \(today is 2025-07-31\)/);
    await refused(fileWith(`${upn},2024-09-14,PM,N`), 6, /2024-09-14 is a Saturday/);
    // A mark that is not a possible session may be on a weekend (a planned closure, a non-compulsory-age pupil).
    const weekend = await client.json("POST", "/api/imports/marks", { csv: fileWith(`${upn},2024-09-15,AM,#`) });
    expect(weekend.status).toBe(200);
    expect((await state(server)).through).toEqual([lastDay]);
  });

  it("with term dates: refuses a possible mark on a day they do not plan (half term), and any mark outside their years", async () => {
    expect((await client.json("POST", "/api/calendar", { csv: termDatesCsv })).status).toBe(200);
    await refused(fileWith(`${upn},2024-10-28,AM,/`), 6, /2024-10-28 \(Monday\) is not a school day in the term dates in force, but "\/" counts as a possible session/);
    await refused(fileWith(`${upn},2025-09-08,AM,#`), 6, /2025-09-08 is outside the school years .*upload the term dates for that school year first/);
    // The same planned day without term dates' objection: a school day in them, before today.
    const ok = await client.json("POST", "/api/imports/marks", { csv: fileWith(`${upn},2024-10-28,AM,#`) });
    expect(ok.status).toBe(200);
  });

  it("the day close never runs past today or the last day of the term dates in force, whatever school days are stored", async () => {
    const orm = server.deps.rdb.orm;
    // A stray day as an import before these checks could have stored it (written here straight to the register).
    const importId = (await store.recordImport(orm, { kind: "marks", sha256: "stray", fileName: "stray.csv", rows: 1, recordedAt: new Date().toISOString(), actor: "test" })).id;
    await store.applyMarks(orm, [{ upn, date: "2025-09-03", session: "AM", mark: "/" }], importId, new Date().toISOString());
    expect((await store.listSchoolDays(orm)).at(-1)).toBe("2025-09-03");
    await server.deps.cases.advanceCases("test");
    expect((await state(server)).through).toEqual([lastDay]);
  });
});

describe("reading a large marks file a piece at a time", () => {
  it("gives the rows and problems reading it whole gives, with the same line numbers, across pieces", async () => {
    const big = schoolFiles(62, 120, 190);
    const [head, ...lines] = big.markLines;
    const a = lines[10]!.split(",");
    const conflict = `${a[0]},${a[1]},${a[2]},${a[3] === "/" ? "N" : "/"}`;
    const text = `${[head, ...lines, lines[3], conflict, `${a[0]},2024-13-01,AM,/`, `${a[0]},2024-09-09,XX,/`].join("\n")}\n`;
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const whole = parseMarksCsv(text, "m.csv", { validateUpn: upnProblem });
    const pieces = await readMarksFile(text, "m.csv");
    expect(pieces.problems).toEqual(whole.problems);
    expect(pieces.problems.map((p) => p.line)).toEqual([lines.length + 3, lines.length + 4, lines.length + 5]);
    expect(pieces.rows).toEqual(whole.rows);
  });
});
