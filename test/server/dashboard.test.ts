import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import { computePupilSeries } from "../../machines/attendance/metrics.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";

/** The governors' dashboard over a synthetic primary school (issue 17): national comparisons and suppression. */
const db = tempDatabase();
let server: RunningServer;
let governor: Client;
let body: any; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  server = await testServer(db.url);
  const lead = new Client(server.url);
  governor = new Client(server.url);
  expect((await lead.login()).status).toBe(200);
  expect((await governor.login(ROLE_USERS.governor)).status).toBe(200);
  const school = schoolFiles(17, 120, 60);
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
  const res = await governor.json("GET", "/api/dashboard");
  expect(res.status).toBe(200);
  body = res.body;
}, 180_000);
afterAll(async () => {
  await server.close();
  db.cleanup();
});

/** Every object in the answer that looks like a group's figures. */
function groupsIn(v: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(v)) v.forEach((x) => groupsIn(x, out));
  else if (v && typeof v === "object") {
    if ("suppressed" in v && "pupils" in v) out.push(v as Record<string, unknown>);
    Object.values(v).forEach((x) => groupsIn(x, out));
  }
  return out;
}

describe("GET /api/dashboard", () => {
  it("sets the school's attendance beside national primary attendance (100 - 5.5%), from the register itself", async () => {
    const register = await store.loadRegister(server.deps.rdb.orm);
    const last = register.calendar.days.length - 1;
    const from = register.calendar.schoolYearFirstDay[last]!;
    let possible = 0;
    let attended = 0;
    for (const marks of register.marks) {
      const s = computePupilSeries(marks, register.calendar);
      possible += s.possible[last + 1]! - s.possible[from]!;
      attended += s.attended[last + 1]! - s.attended[from]!;
    }
    expect(body.phase.phase).toBe("primary");
    const attendance = body.comparisons.find((c: { measure: string }) => c.measure === "attendance");
    expect(attendance.school).toBeCloseTo((attended / possible) * 100, 9);
    expect(attendance).toMatchObject({ national: 94.5, nationalPhase: "primary", year: "2023/24", unit: "% of possible sessions" });
    expect(attendance.source).toMatch(/Explore Education Statistics/);
    const diff = Math.round((attendance.school - 94.5) * 10) / 10;
    expect(attendance.differencePoints).toBe(diff);
    expect(attendance.words).toContain(`${Math.abs(diff).toFixed(1)} point`);
    // Persistent and severe absence against the primary figures, one each, saying which.
    const pa = body.comparisons.find((c: { measure: string }) => c.measure === "persistent-absence");
    const sa = body.comparisons.find((c: { measure: string }) => c.measure === "severe-absence");
    expect([pa.national, pa.nationalLabel, sa.national]).toEqual([14.56, "Persistent absence, mainstream primary", 0.85]);
  });

  it("shows looked-after, CP/CIN, EAL, SEND and pupil premium groups, none with a figure from fewer than 5 pupils", async () => {
    expect(Object.keys(body.groups).sort()).toEqual(["eal", "lookedAfter", "pupilPremium", "send", "sex", "socialWorker", "yearGroup"]);
    const groups = groupsIn(body);
    expect(groups.length).toBeGreaterThan(10);
    for (const g of groups) {
      if (g.pupils !== null) expect(g.pupils as number).toBeGreaterThanOrEqual(5);
      for (const [n, p] of [["persistentAbsence", "persistentAbsencePct"], ["severeAbsence", "severeAbsencePct"]] as const) {
        const c = g[n] as number | null;
        if (c === null) expect(g[p]).toBeNull();
        else expect(c === 0 || c >= 5).toBe(true);
      }
      if (g.suppressed) expect([g.attendancePct, g.persistentAbsencePct, g.severeAbsencePct]).toEqual([null, null, null]);
    }
    // The looked-after pupils as the register has them: a group under 5 is withheld, and so is its complement.
    const lac = (await store.listPupils(server.deps.rdb.orm)).filter((p) => p.lookedAfter).length;
    const row = body.groups.lookedAfter.find((g: { group: string }) => g.group === "Looked after");
    if (lac > 0 && lac < 5) {
      expect(row).toMatchObject({ pupils: null, suppressed: true, attendancePct: null });
      expect(body.groups.lookedAfter.every((g: { suppressed: boolean }) => g.suppressed)).toBe(true);
    } else if (lac >= 5) expect(row.pupils).toBe(lac);
  });

  it("never publishes a count of 1 to 4: cases by stage, letters and meetings by month", () => {
    const counts = [
      ...Object.values(body.casesByStage),
      ...Object.values(body.meetingsByMonth),
      ...Object.values(body.lettersByMonth).flatMap((row) => Object.values(row as object)),
    ] as (number | null)[];
    expect(counts.length).toBeGreaterThan(0);
    for (const n of counts) expect(n === null || n === 0 || n >= 5).toBe(true);
  });

  it("splits letters by kind (recognition apart from concern), as the school's policy's templates say", async () => {
    const policy = await server.deps.cases.currentPolicy();
    const tasks = (await store.listTasks(server.deps.rdb.orm, {})).filter((t) => t.kind === "letter");
    const byMonthKind = new Map<string, number>();
    for (const t of tasks) {
      const key = `${t.createdOn.slice(0, 7)} ${(t.template && policy.letterKinds.get(t.template)) || "other"}`;
      byMonthKind.set(key, (byMonthKind.get(key) ?? 0) + 1);
    }
    for (const [month, row] of Object.entries(body.lettersByMonth as Record<string, Record<string, number | null>>)) {
      for (const [kind, n] of Object.entries(row)) {
        const real = byMonthKind.get(`${month} ${kind}`) ?? 0;
        expect(n).toBe(real > 0 && real < 5 ? null : real);
      }
    }
    expect(Object.keys(Object.values(body.lettersByMonth)[0] ?? { concern: 0, recognition: 0 })).toEqual(expect.arrayContaining(["concern", "recognition"]));
  });

  it("gives a trend by half term with the national attendance beside it", () => {
    expect(body.trend.halfTerms.length).toBeGreaterThan(0);
    expect(body.trend.halfTerms[0].name).toBe("Autumn 1");
    expect(body.trend.nationalAttendancePct).toBe(94.5);
    for (const h of body.trend.halfTerms) expect(h.attendancePct).toBeGreaterThan(0);
  });
});
