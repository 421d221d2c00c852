import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
const school = schoolFiles(13, 6, 30);

beforeAll(async () => {
  server = await testServer(db.url);
  const admin = new Client(server.url);
  await admin.login();
  await admin.json("POST", "/api/imports/pupils", { csv: school.pupils });
  await admin.json("POST", "/api/imports/marks", { csv: school.marks });
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

describe("two writers on one case", () => {
  it("exactly one wins; the other gets 409; nothing is lost", async () => {
    const a = new Client(server.url);
    const b = new Client(server.url);
    await a.login();
    await b.login();
    const upn = (await a.json("GET", "/api/cases?limit=1")).body.rows[0].upn;
    const { revision } = (await a.json("GET", `/api/cases/${upn}`)).body;
    const before = (await a.json("GET", `/api/cases/${upn}/timeline`)).body.entries.length;
    const send = (client: Client, text: string) =>
      client.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(revision) }, json: { type: "note", payload: { text } } });
    const results = await Promise.all([send(a, "writer A"), send(b, "writer B"), send(a, "writer A again"), send(b, "writer B again")]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    const entries = (await a.json("GET", `/api/cases/${upn}/timeline`)).body.entries;
    expect(entries.length).toBe(before + 1);
    expect((await a.json("GET", `/api/cases/${upn}`)).body.revision).toBe(revision + 1);
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.body.revision).toBe(revision + 1);
  });
});
