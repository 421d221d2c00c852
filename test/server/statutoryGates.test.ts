import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import { syntheticUpn } from "../../db/testSupport.ts";
import type { RunningServer } from "../../server/main.ts";
import { weekdays } from "../support/registerBuilder.ts";
import { Client, tempDatabase, testServer } from "./support.ts";

/**
 * The statutory gates through the API, on a real database file and a real server: a penalty notice without a
 * notice to improve is refused with 422 naming the rule, a notice to improve for an ill pupil is refused, and the
 * notice taken after support quotes the support it relied on, which the evidence bundle lists too.
 */
const db = tempDatabase();
let server: RunningServer;
let lead: Client;
const DAYS = weekdays("2024-09-02", 60, [["2024-10-28", "2024-11-01"]]);
const TRUANT = syntheticUpn(1);
const ILL = syntheticUpn(2);
const absentDay = (d: number) => d % 5 === 1 || d % 5 === 3;

function files() {
  const pupils = [
    "upn,forename,surname,year_group,date_of_birth,sex,pupil_premium,send,eal,social_worker,looked_after,young_carer,class",
    `${TRUANT},Alex,Example,4,2015-03-02,M,N,N,N,N,N,N,4A`,
    `${ILL},Sam,Example,4,2015-05-05,F,N,N,N,N,N,N,4A`,
  ];
  const marks = ["upn,date,session,mark"];
  DAYS.forEach((date, d) => {
    for (const session of ["AM", "PM"]) {
      marks.push(`${TRUANT},${date},${session},${absentDay(d) ? "O" : session === "AM" ? "/" : "\\"}`);
      marks.push(`${ILL},${date},${session},${absentDay(d) ? "I" : session === "AM" ? "/" : "\\"}`);
    }
  });
  return { pupils: `${pupils.join("\n")}\n`, marks: `${marks.join("\n")}\n` };
}

async function record(upn: string, type: string, payload: Record<string, unknown>, date: string) {
  const revision = (await store.getCase(server.deps.rdb.orm, upn))!.revision;
  return lead.json("POST", `/api/cases/${upn}/events`, { json: { type, payload, date }, headers: { "If-Match": String(revision) } });
}

beforeAll(async () => {
  server = await testServer(db.url, { today: DAYS.at(-1)!, schoolPolicyId: "dfe-2024" });
  lead = new Client(server.url);
  await lead.login();
  const { pupils, marks } = files();
  expect((await lead.json("POST", "/api/imports/pupils", { csv: pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: marks })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

describe("statutory gates through the API", () => {
  it("a penalty notice with no notice to improve first: 422 naming the rule and why; nothing recorded", async () => {
    const before = (await store.caseHistory(server.deps.rdb.orm, TRUANT)).length;
    const res = await record(TRUANT, "penaltyNoticeIssued", { parent: "Parent 1" }, DAYS[50]!);
    expect(res.status).toBe(422);
    expect(res.body.rule).toBe("record-penalty-notice-issued");
    expect(res.body.message).toContain("no notice to improve has been issued to Parent 1");
    expect((await store.caseHistory(server.deps.rdb.orm, TRUANT)).length).toBe(before);
  });

  it("a notice to improve for a pupil whose absence is illness: 422, the absence is authorised", async () => {
    await expect(record(ILL, "supportOffered", { support: "School nurse check-in" }, DAYS[10]!)).resolves.toMatchObject({ status: 200 });
    const res = await record(ILL, "noticeToImproveIssued", { parent: "Parent 1", improvementPeriodSchoolDays: 15 }, DAYS[30]!);
    expect(res.status).toBe(422);
    expect(res.body.message).toContain("only 0 unauthorised sessions");
  });

  it("control: after support recorded by a person, the notice to improve is accepted, quoting the support; the bundle lists the same", async () => {
    expect((await record(TRUANT, "noticeToImproveIssued", { parent: "Parent 1", improvementPeriodSchoolDays: 15 }, DAYS[20]!)).status).toBe(422);
    expect((await record(TRUANT, "supportOffered", { support: "Attendance mentor" }, DAYS[21]!)).status).toBe(200);
    expect((await record(TRUANT, "noticeToImproveIssued", { parent: "Parent 1", improvementPeriodSchoolDays: 15 }, DAYS[22]!)).status).toBe(200);
    const entry = (await store.caseHistory(server.deps.rdb.orm, TRUANT)).find((e) => e.eventType === "noticeToImproveIssued")!;
    expect(entry.reason).toContain(`support recorded first: support offered: Attendance mentor on ${DAYS[21]} by lead`);
    expect(entry.reason).toMatch(/\d+ unauthorised sessions \(G, N, O, U\) of compulsory school age in 10 school weeks/);
    const bundle = await lead.request("GET", `/api/cases/${TRUANT}/evidence`);
    const html = await bundle.text();
    expect(bundle.status).toBe(200);
    expect(html).toContain("Support first (statutory gate)");
    expect(html).toContain("support offered: Attendance mentor (recorded by lead)");
    // Still in its improvement period: refused; once it has ended: accepted.
    expect((await record(TRUANT, "penaltyNoticeIssued", { parent: "Parent 1" }, DAYS[30]!)).status).toBe(422);
    expect((await record(TRUANT, "penaltyNoticeIssued", { parent: "Parent 1" }, DAYS[40]!)).status).toBe(200);
    expect((await lead.json("GET", "/api/audit/verify")).body).toMatchObject({ ok: true });
  });
});
