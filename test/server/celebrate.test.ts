import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import { classRegister, halfTerms, perfectDays, prizeDraw, weeklyCelebration } from "../../machines/celebrate/index.ts";
import type { RunningServer } from "../../server/main.ts";
import { Client, ROLE_USERS, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
const school = schoolFiles(31, 60, 40);
let lead: Client;
let governor: Client;
let auditor: Client;
const upns: string[] = [];
const names: string[] = [];

beforeAll(async () => {
  server = await testServer(db.url);
  lead = new Client(server.url);
  governor = new Client(server.url);
  auditor = new Client(server.url);
  expect((await lead.login()).status).toBe(200);
  expect((await governor.login(ROLE_USERS.governor)).status).toBe(200);
  expect((await auditor.login(ROLE_USERS.auditor)).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/pupils", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks", { csv: school.marks })).status).toBe(200);
  for (const p of await store.listPupils(server.deps.rdb.orm)) {
    upns.push(p.upn);
    names.push(p.forename, p.surname);
  }
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

async function direct() {
  const register = await store.loadRegister(server.deps.rdb.orm);
  return classRegister(register, await store.listPupils(server.deps.rdb.orm));
}

describe("GET /api/celebrate", () => {
  it("ranks the last school week's classes exactly as weeklyCelebration does, against the school's policy's target (All Saints: 95%) by default", async () => {
    const { status, body } = await lead.json("GET", "/api/celebrate");
    expect(status).toBe(200);
    const cr = await direct();
    const last = cr.calendar.weekFirstDay.length - 1;
    expect(body.weeks).toHaveLength(cr.calendar.weekFirstDay.length);
    expect(body.celebration.week).toBe(last);
    expect(body.schoolTarget).toEqual({ pct: 95, from: expect.stringContaining("At or above target (95%+)") });
    expect(body.celebration.target).toBe(95);
    const expected = weeklyCelebration(cr, last, 95);
    expect(body.celebration).toMatchObject(JSON.parse(JSON.stringify(expected)));
    expect(body.celebration.ranking.length).toBeGreaterThan(1);
    expect(typeof body.newsletter).toBe("string");
    expect(body.newsletter).toContain("95% target");
  });

  it("shows a governor no figures for a class of fewer than 5 pupils, and the rest as they are", async () => {
    const seen = (await governor.json("GET", "/api/celebrate")).body.celebration;
    const all = (await lead.json("GET", "/api/celebrate")).body.celebration;
    const small = all.ranking.filter((r: { pupils: number }) => r.pupils < 5);
    expect(small.length).toBeGreaterThan(0);
    // Hidden classes come last, so their place in the ranking says nothing either.
    const firstHidden = seen.ranking.findIndex((r: { pupils: number }) => r.pupils < 5);
    expect(seen.ranking.slice(firstHidden).every((r: { pupils: number }) => r.pupils < 5)).toBe(true);
    for (const row of seen.ranking as { class: string; pupils: number; attendancePct: number | null; attendedSessions: number }[]) {
      const full = all.ranking.find((r: { class: string }) => r.class === row.class);
      if (row.pupils < 5) {
        expect(row.attendancePct).toBeNull();
        expect(row.attendedSessions).toBe(0);
        expect(seen.winners).not.toContain(row.class);
        expect(seen.atOrAboveTarget).not.toContain(row.class);
      } else expect(row).toEqual(full);
    }
  });

  it("takes a week and a target; refuses a target out of range and a week that does not exist", async () => {
    const { body } = await lead.json("GET", "/api/celebrate?week=2&target=90");
    const cr = await direct();
    expect(body.celebration).toMatchObject(JSON.parse(JSON.stringify(weeklyCelebration(cr, 2, 90))));
    const ht = halfTerms(cr.calendar).find((r) => r.from <= cr.calendar.weekFirstDay[2]! && cr.calendar.weekFirstDay[2]! <= r.to)!;
    expect(body.perfectDays).toEqual(perfectDays(cr, ht));
    expect((await lead.json("GET", "/api/celebrate?target=40")).status).toBe(422);
    expect((await lead.json("GET", "/api/celebrate?week=999")).status).toBe(404);
  });

  it("names no pupil and no UPN", async () => {
    for (const week of [0, 3, 7]) {
      const text = await (await governor.request("GET", `/api/celebrate?week=${week}`)).text();
      for (const upn of upns) expect(text).not.toContain(upn);
      for (const name of names) expect(text).not.toMatch(new RegExp(`\\b${name}\\b`));
      expect(text).not.toMatch(/\b[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]\b/);
    }
  });
});

describe("POST /api/celebrate/draw", () => {
  it("is reproducible with a given seed, and the seed, tickets and winner are in the access log", async () => {
    const first = await lead.json("POST", "/api/celebrate/draw", { json: { halfTerm: 0, seed: 12345 } });
    const again = await lead.json("POST", "/api/celebrate/draw", { json: { halfTerm: 0, seed: 12345 } });
    expect(first.status).toBe(200);
    expect(first.body.tickets).toBeGreaterThan(0);
    expect(again.body).toEqual(first.body);
    const cr = await direct();
    const expected = prizeDraw(perfectDays(cr, halfTerms(cr.calendar)[0]!), 12345);
    expect(first.body).toMatchObject({ seed: 12345, tickets: expected.tickets, winner: expected.winner });
    const log = (await auditor.json("GET", "/api/audit/access")).body;
    const entries = (log.entries ?? log) as { action: string; detail: string | null }[];
    const draws = entries.filter((e) => e.action === "celebrate.draw").map((e) => JSON.parse(e.detail!));
    expect(draws).toContainEqual(expect.objectContaining({ seed: 12345, tickets: expected.tickets, winner: expected.winner }));
  });

  it("picks and records a random seed when none is given", async () => {
    const { status, body } = await lead.json("POST", "/api/celebrate/draw", { json: { halfTerm: 0 } });
    expect(status).toBe(200);
    expect(Number.isInteger(body.seed)).toBe(true);
    const replay = await lead.json("POST", "/api/celebrate/draw", { json: { halfTerm: 0, seed: body.seed } });
    expect(replay.body).toEqual(body);
  });

  it("refuses a half term that does not exist", async () => {
    expect((await lead.json("POST", "/api/celebrate/draw", { json: { halfTerm: 99, seed: 1 } })).status).toBe(404);
  });

  it("a governor may read the figures but not run the draw", async () => {
    expect((await governor.json("GET", "/api/celebrate")).status).toBe(200);
    expect((await governor.json("POST", "/api/celebrate/draw", { json: { halfTerm: 0, seed: 1 } })).status).toBe(403);
  });
});
