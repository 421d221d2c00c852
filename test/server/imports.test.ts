import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import { codeIndex } from "../../machines/attendance/codes.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
let client: Client;
const school = schoolFiles(12, 12, 40);

beforeAll(async () => {
  server = await testServer(db.url);
  client = new Client(server.url);
  await client.login();
  expect((await client.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

describe("register imports", () => {
  it("reject a malformed file with every problem by line and field, and write nothing", async () => {
    const lines = school.markLines.slice();
    lines[5] = lines[5]!.replace(/,[^,]*$/, ",H"); // a withdrawn code
    lines[9] = lines[9]!.replace(/,(AM|PM),/, ",XX,");
    const r = await client.json("POST", "/api/imports/marks?file=bad.csv", { csv: `${lines.join("\n")}\n` });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        { line: 6, field: "mark", message: expect.stringContaining("withdrawn") },
        { line: 10, field: "session", message: expect.any(String) },
      ]),
    );
    expect((await client.json("GET", "/api/cases")).body.total).toBe(0);
  });

  it("reject marks for a pupil not on roll, naming the line", async () => {
    const r = await client.json("POST", "/api/imports/marks", { csv: "upn,date,session,mark\nA999999999999,2024-09-04,AM,/\n" });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ line: 2, field: "upn" });
  });

  it("import a file once; the same file again changes nothing", async () => {
    const first = await client.json("POST", "/api/imports/marks", { csv: school.marks });
    expect(first.status).toBe(200);
    expect(first.body.alreadyImported).toBe(false);
    const cases = (await client.json("GET", "/api/cases?limit=100")).body.rows.map((r: { upn: string; revision: number }) => [r.upn, r.revision]);
    const second = await client.json("POST", "/api/imports/marks", { csv: school.marks });
    expect(second.body.alreadyImported).toBe(true);
    expect((await client.json("GET", "/api/cases?limit=100")).body.rows.map((r: { upn: string; revision: number }) => [r.upn, r.revision])).toEqual(cases);
  });

  it("record a mark amended after its day closed in the case history, keeping the decisions made", async () => {
    const line = school.markLines.find((l) => /,AM,\/$/.test(l))!;
    const [upn, date] = line.split(",");
    const before = (await client.json("GET", `/api/cases/${upn}`)).body;
    const r = await client.json("POST", "/api/imports/marks?file=amend.csv", { csv: `upn,date,session,mark\n${upn},${date},AM,I\n` });
    expect(r.status).toBe(200);
    expect(r.body.detail.amendments).toBe(1);
    const after = (await client.json("GET", `/api/cases/${upn}`)).body;
    expect(after.state).toBe(before.state);
    const entries = (await client.json("GET", `/api/cases/${upn}/timeline`)).body.entries;
    expect(entries.at(-1)).toMatchObject({ eventType: "registerAmended", from: before.state, to: before.state });
    expect(entries.at(-1).reason).toContain(`${date} AM / → I`);
    expect(after.metrics.authorisedAbsenceSessions).toBe(before.metrics.authorisedAbsenceSessions + 1);
    expect((await client.json("GET", "/api/audit/verify")).body.ok).toBe(true);
  });

  it("record a pupils file's changed details in the history of exactly the cases whose pupils changed", async () => {
    const [header, ...rows] = school.pupils.trim().split("\n");
    const column = header!.split(",").indexOf("social_worker");
    const changedUpns = [rows[1]!, rows[4]!].map((r) => r.split(",")[0]!);
    const revisions = async () =>
      new Map<string, number>((await client.json("GET", "/api/cases?limit=100")).body.rows.map((r: { upn: string; revision: number }) => [r.upn, r.revision]));
    const before = await revisions();
    const flipped = rows.map((r, i) => {
      if (i !== 1 && i !== 4) return r;
      const cells = r.split(",");
      cells[column] = cells[column] === "Y" ? "N" : "Y";
      return cells.join(",");
    });
    const r = await client.json("POST", "/api/imports/pupils?file=pupils-2.csv", { csv: `${[header, ...flipped].join("\n")}\n` });
    expect(r.status).toBe(200);
    expect(r.body.changed).toBe(2);
    const after = await revisions();
    for (const [upn, revision] of before) expect(after.get(upn), upn).toBe(changedUpns.includes(upn) ? revision + 1 : revision);
    for (const upn of changedUpns) {
      const entries = (await client.json("GET", `/api/cases/${upn}/timeline`)).body.entries;
      expect(entries.at(-1)).toMatchObject({ eventType: "pupilDetailsChanged" });
      expect(entries.filter((e: { eventType: string }) => e.eventType === "pupilDetailsChanged")).toHaveLength(1);
    }
    // The same file again: nothing changes, nothing more in any history.
    await client.json("POST", "/api/imports/pupils?file=pupils-3.csv", { csv: `${[header, ...flipped].join("\n")}\r\n` });
    expect(await revisions()).toEqual(after);
    expect((await client.json("GET", "/api/audit/verify")).body.ok).toBe(true);
  });

  it("take two marks files changing the same registers at once one after the other: the later amends the earlier's marks", async () => {
    // Each import works out its register writes before its transaction and checks inside that the registers are
    // still as it read them (server/imports/importFiles.ts): posted together, the one that commits second must
    // find the first's marks and record its changes as amendments of them, not of the marks both read.
    const date = school.markLines[1]!.split(",")[1]!;
    const present = school.markLines.filter((l) => l.split(",")[1] === date && /,AM,\/$/.test(l)).map((l) => l.split(",")[0]!);
    expect(present.length).toBeGreaterThan(2);
    const file = (mark: string) => `upn,date,session,mark\n${present.map((upn) => `${upn},${date},AM,${mark}`).join("\n")}\n`;
    const [n, o] = await Promise.all([
      client.json("POST", "/api/imports/marks?file=both-n.csv", { csv: file("N") }),
      client.json("POST", "/api/imports/marks?file=both-o.csv", { csv: file("O") }),
    ]);
    expect([n.status, o.status]).toEqual([200, 200]);
    expect([n.body.detail.amendments, o.body.detail.amendments]).toEqual([present.length, present.length]);
    const [earlier, later] = o.body.importId > n.body.importId ? [n, o] : [o, n];
    const second = later === o ? "O" : "N";
    const first = second === "O" ? "N" : "O";
    const orm = server.deps.rdb.orm;
    for (const upn of present) {
      const amendments = (await store.markAmendments(orm, upn)).filter((a) => a.date === date && a.session === "AM" && a.importId >= earlier.body.importId);
      expect(amendments.map((a) => [a.importId, a.newMark])).toEqual([[earlier.body.importId, first], [later.body.importId, second]]);
      expect(amendments[1]!.oldMark).toBe(first);
    }
    const register = await store.loadRegister(orm, { upns: present });
    const day = register.calendar.days.indexOf(date);
    for (const marks of register.marks) expect(marks[2 * day]).toBe(codeIndex(second));
    expect((await client.json("GET", "/api/audit/verify")).body.ok).toBe(true);
  });
});
