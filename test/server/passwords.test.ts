/**
 * Passwords and sign-in back-off through the API (issue 14): guessable passwords are refused with the reason,
 * and one user's failed sign-ins from a school's shared address do not lock the other users out. A real server
 * on loopback (every request from 127.0.0.1, like staff behind one address), a real temporary database file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as store from "../../db/index.ts";
import { LoginThrottle } from "../../server/auth/throttle.ts";
import type { RunningServer } from "../../server/main.ts";
import { ADMIN_PASSWORD, Client, tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
let admin: Client;

beforeAll(async () => {
  server = await testServer(db.url);
  admin = new Client(server.url);
  expect((await admin.login("admin")).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  db.cleanup();
});

const create = (username: string, password: string) => admin.json("POST", "/api/users", { json: { username, password, role: "attendance-officer" } });

describe("creating a user", () => {
  it.each([
    ["aaaaaaaaaaaa", /too easy to guess: Repeated characters/],
    ["123456789012", /too easy to guess/],
    ["password1234", /too easy to guess: This is similar to a commonly used password/],
    ["mr.whitfield", /username/],
  ])("refuses the password %j (422 naming the password and why) and creates no user", async (password, why) => {
    const res = await create("mr.whitfield", password);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: "password", message: expect.stringMatching(why) }]);
    expect(await store.findUserByUsername(server.deps.rdb.orm, "mr.whitfield")).toBeUndefined();
  });

  it("refuses a password made of the school's name (from its policy)", async () => {
    const school = (await server.deps.cases.currentPolicy()).policy.source.school;
    const res = await create("ms.okafor", `${school.replace(/[^A-Za-z]/g, "").toLowerCase()}2025`);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe("password");
  });

  it("accepts a strong password, and the new user can sign in with it", async () => {
    const res = await create("mr.whitfield", "tidy plum orbit lantern");
    expect(res.status).toBe(201);
    expect((await new Client(server.url).login("mr.whitfield", "tidy plum orbit lantern")).status).toBe(200);
  });
});

describe("sign-in back-off from a shared address", () => {
  it("20 failures for one user do not stop another user signing in from the same address", async () => {
    // The server's own back-off with its clock held still, so no block runs out during the test.
    (server.deps as { loginThrottle: LoginThrottle }).loginThrottle = new LoginThrottle(() => 1_000_000);
    const guesser = new Client(server.url);
    const answers: number[] = [];
    for (let i = 0; i < 20; i++) answers.push((await guesser.login("officer", `wrong guess number ${i}`)).status);
    // five free failures, the sixth starts the back-off, and that user is then held back from this address
    expect(answers.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(answers.slice(6)).toEqual(Array(14).fill(429));
    expect((await guesser.login("officer", ADMIN_PASSWORD)).status).toBe(429);
    // the teacher at the next desk signs in
    const colleague = new Client(server.url);
    expect((await colleague.login("teacher", ADMIN_PASSWORD)).status).toBe(200);
    expect((await colleague.json("GET", "/api/auth/me")).body).toEqual({ username: "teacher", role: "teacher" });
  });

  it("25 failed sign-ins spread over five usernames from one address do not lock out the rest of the staff", async () => {
    (server.deps as { loginThrottle: LoginThrottle }).loginThrottle = new LoginThrottle(() => 2_000_000);
    const someone = new Client(server.url);
    for (const username of ["officer", "auditor", "governor", "nobody.one", "nobody.two"]) {
      for (let i = 0; i < 5; i++) expect((await someone.login(username, `wrong guess number ${i}`)).status).toBe(401);
    }
    expect((await new Client(server.url).login("lead", ADMIN_PASSWORD)).status).toBe(200);
    expect((await new Client(server.url).login("officer", ADMIN_PASSWORD)).status).toBe(200);
  });
});

describe("sign-in back-off behind a reverse proxy", () => {
  // Six failures for the officer as one person (X-Forwarded-For 203.0.113.5), then the officer's right password
  // from the colleague at 203.0.113.6, through a "proxy" on loopback.
  async function officerFromAnotherDesk(trustedProxies: string[]): Promise<number[]> {
    const file = tempDatabase();
    const proxied = await testServer(file.url, { trustedProxies });
    try {
      (proxied.deps as { loginThrottle: LoginThrottle }).loginThrottle = new LoginThrottle(() => 3_000_000);
      const signIn = (password: string, forwardedFor: string) =>
        new Client(proxied.url).request("POST", "/api/auth/login", { json: { username: "officer", password }, headers: { "x-forwarded-for": forwardedFor } });
      const answers: number[] = [];
      for (let i = 0; i < 7; i++) answers.push((await signIn(`wrong guess number ${i}`, "192.0.2.1, 203.0.113.5")).status);
      answers.push((await signIn(ADMIN_PASSWORD, "203.0.113.6")).status);
      return answers;
    } finally {
      await proxied.close();
      file.cleanup();
    }
  }

  it("holds back only the address that failed when the proxy is trusted, whatever the client put in the header", async () => {
    expect(await officerFromAnotherDesk(["127.0.0.1", "::1"])).toEqual([401, 401, 401, 401, 401, 401, 429, 200]);
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy (the default): the header cannot pick an address", async () => {
    expect(await officerFromAnotherDesk([])).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
  });
});
