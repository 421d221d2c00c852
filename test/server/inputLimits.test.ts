/**
 * Input that cannot hurt the server (issue 14): body limits on every route, answered before the body is read;
 * no 500 for a malformed body or date; error answers that stay small whatever was sent; no-store on pupil data;
 * If-Match "" is 428. A real server on loopback, a real temporary database file, synthetic data.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/main.ts";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
let lead: Client;
const school = schoolFiles(41, 6, 25);
const dates = [...new Set(school.markLines.slice(1).map((l) => l.split(",")[1]!))].sort();
const today = dates.at(-1)!;
let upn: string;

beforeAll(async () => {
  server = await testServer(db.url, { today });
  lead = new Client(server.url);
  expect((await lead.login()).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/pupils?file=pupils.csv", { csv: school.pupils })).status).toBe(200);
  expect((await lead.json("POST", "/api/imports/marks?file=marks.csv", { csv: school.marks })).status).toBe(200);
  upn = (await lead.json("GET", "/api/cases?limit=5")).body.rows[0].upn;
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

/**
 * Starts a POST that declares (or, chunked, keeps sending) a large body but sends only `sendBytes` of it, and
 * resolves with the answer. A server that waited for the whole body would never answer (the test then fails
 * on vitest's timeout).
 */
function partialPost(path: string, declared: number | "chunked", sendBytes: number): Promise<{ status: number; body: string }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-type": "application/json" };
    if (declared !== "chunked") headers["content-length"] = declared;
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on("error", (e) => (String(e).includes("ECONNRESET") || String(e).includes("EPIPE") ? undefined : reject(e)));
    req.write(`{"username":"lead","password":"${"x".repeat(sendBytes)}`);
    // never req.end(): the rest of the declared body is never sent
  });
}

const historyLength = async (u: string) => (await lead.json("GET", `/api/cases/${u}/timeline`)).body.entries.length as number;
const revision = async (u: string) => (await lead.json("GET", `/api/cases/${u}`)).body.revision as number;

describe("body limits", () => {
  // (The timeouts only stop a server that waits for the rest of the body from holding the run for a minute.)
  it("refuses a 1 MB sign-in (413) from its Content-Length, having read only the first 16 KB sent", { timeout: 15_000 }, async () => {
    const answer = await partialPost("/api/auth/login", 1024 * 1024, 16 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).message).toMatch(/larger than 4 KB/);
    expect(answer.body.length).toBeLessThan(200);
  });

  it("refuses a chunked sign-in (no Content-Length) as soon as it passes the limit", { timeout: 15_000 }, async () => {
    const answer = await partialPost("/api/auth/login", "chunked", 16 * 1024);
    expect(answer.status).toBe(413);
  });

  it("refuses a 70 KB note (413) and records nothing", async () => {
    const before = { entries: await historyLength(upn), revision: await revision(upn) };
    const res = await lead.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(before.revision) }, json: { type: "note", payload: { text: "n".repeat(70 * 1024) } } });
    expect(res.status).toBe(413);
    expect(await historyLength(upn)).toBe(before.entries);
    expect(await revision(upn)).toBe(before.revision);
  });

  it("refuses a note under the body limit but over the free-text limit (422 naming the field) and records nothing", async () => {
    const before = { entries: await historyLength(upn), revision: await revision(upn) };
    const res = await lead.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(before.revision) }, json: { type: "note", payload: { text: "n".repeat(20_000) } } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: "payload.text", message: expect.stringMatching(/at most 10,000 characters/) }]);
    expect(await historyLength(upn)).toBe(before.entries);
    // a note of ordinary length is still recorded
    const ok = await lead.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(before.revision) }, json: { type: "note", payload: { text: "Spoke to parent." } } });
    expect(ok.status).toBe(200);
    expect(await historyLength(upn)).toBe(before.entries + 1);
  });

  it("refuses any other JSON route over 64 KB", async () => {
    const res = await lead.json("POST", "/api/tasks/1/complete", { json: { outcome: "o".repeat(65 * 1024) } });
    expect(res.status).toBe(413);
  });
});

describe("error answers stay small", () => {
  it("a 10 MB bad field in a file is not echoed back", async () => {
    const [header, first] = school.pupils.split("\n");
    const cells = first!.split(",");
    cells[0] = "Z".repeat(10 * 1024 * 1024); // a UPN of 10 MB
    const res = await lead.request("POST", "/api/imports/pupils?file=big.csv", { csv: `${header}\n${cells.join(",")}\n` });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text.length).toBeLessThan(2_000);
  });

  it("a 10 MB policy name sent to simulation is quoted back cut short", async () => {
    const res = await lead.request("POST", "/api/simulate", { json: { policy: "p".repeat(10 * 1024 * 1024), marks: school.marks } });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text.length).toBeLessThan(1_000);
  });

  it("a file with thousands of bad lines lists the first 1,000 problems and counts the rest", async () => {
    const header = school.markLines[0]!;
    const bad = Array.from({ length: 3_000 }, (_, i) => `NOTAUPN${i},${dates[0]},AM,/`);
    const res = await lead.json("POST", "/api/imports/marks?file=bad.csv", { csv: `${[header, ...bad].join("\n")}\n` });
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveLength(1_000);
    expect(res.body.moreErrors).toBeGreaterThanOrEqual(2_000);
  });
});

describe("no 500 for a malformed body or date", () => {
  const post = async (body: unknown, ifMatch?: string) =>
    lead.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": ifMatch ?? String(await revision(upn)) }, json: body });

  it.each([
    ["2026-02-30", /not a real date/],
    ["0000-00-00", /not a real date/],
    ["2025-13-01", /not a real date/],
    ["1900-01-01", /before the school's records begin/],
  ])("an event dated %s is refused (422 naming the date)", async (date, why) => {
    const before = await historyLength(upn);
    const res = await post({ type: "note", payload: { text: "Dated note." }, date });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual({ field: "date", message: expect.stringMatching(why) });
    expect(await historyLength(upn)).toBe(before);
  });

  it("an event dated after today is refused (422)", async () => {
    const res = await post({ type: "note", payload: { text: "From the future." }, date: "2099-01-05" });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual({ field: "date", message: expect.stringMatching(/future/) });
  });

  it("an event dated on the first school day is accepted", async () => {
    expect((await post({ type: "note", payload: { text: "First day." }, date: dates[0] })).status).toBe(200);
  });

  it("a date inside the payload that is not a real date is refused (422 naming it)", async () => {
    const res = await post({ type: "medicalEvidenceReceived", payload: { coversFrom: "2026-02-30" } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual({ field: "payload.coversFrom", message: "not a real date (YYYY-MM-DD)" });
  });

  it("a sign-in posted form-encoded, as text, or as broken JSON gets 4xx with a message", async () => {
    const formBody = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=lead&password=x" });
    expect(formBody.status).toBe(415);
    expect((await formBody.json()).message).toMatch(/application\/json/);
    const text = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "text/plain" }, body: "lead" });
    expect(text.status).toBe(415);
    const broken = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"username":' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).message).toMatch(/JSON/);
    const array = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: "[1,2]" });
    expect(array.status).toBe(422);
  });

  it("an event body that is not JSON is refused (422), not 500", async () => {
    const broken = await lead.request("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": String(await revision(upn)) }, csv: "{not json" });
    expect(broken.status).toBe(422);
  });
});

describe("If-Match and caching", () => {
  it.each(['""', "", 'W/""', '"abc"'])("If-Match %j is 428 (it names no revision), not 409", async (ifMatch) => {
    const res = await lead.json("POST", `/api/cases/${upn}/events`, { headers: { "If-Match": ifMatch }, json: { type: "note", payload: { text: "x" } } });
    expect(res.status).toBe(428);
  });

  it("answers carrying pupil data say Cache-Control: no-store; the API description may be cached", async () => {
    for (const path of [`/api/cases/${upn}`, `/api/cases/${upn}/timeline`, "/api/cases?limit=5", "/api/tasks", "/api/auth/me"]) {
      const res = await lead.request("GET", path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
    const refused = await new Client(server.url).request("GET", `/api/cases/${upn}`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    const doc = await lead.request("GET", "/api/openapi.json");
    expect(doc.headers.get("cache-control")).not.toBe("no-store");
  });
});
