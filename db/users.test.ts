import { describe, expect, it } from "vitest";
import { useTempDatabases, syntheticUpn } from "./testSupport.ts";
import {
  accessLog, createSession, createUser, ensureAdminUser, generatePassword, hashPassword, logAccess, needsRehash, passwordProblem,
  revokeSession, revokeUserSessions, sessionTokenId, sessionUser, setPassword, setUserDisabled, verifyLogin, verifyPassword,
} from "./users.ts";

const temp = useTempDatabases();

describe("passwords", () => {
  it("hash with scrypt and a random salt, verify the right password and reject others", async () => {
    const encoded = await hashPassword("correct horse battery");
    expect(encoded).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await hashPassword("correct horse battery")).not.toBe(encoded);
    expect(await verifyPassword("correct horse battery", encoded)).toBe(true);
    expect(await verifyPassword("correct horse batterY", encoded)).toBe(false);
    // The hash's first character: all six of its bits are data (the last one's lowest two are only padding).
    expect(await verifyPassword("correct horse battery", encoded.replace(/\$(.)(.{42})$/, (_, c: string, rest: string) => `$${c === "A" ? "B" : "A"}${rest}`))).toBe(false);
    expect(await verifyPassword("x", "not a hash")).toBe(false);
    expect(await verifyPassword("x", "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).toBe(false);
    expect(needsRehash(encoded)).toBe(false);
    expect(needsRehash(await hashPassword("correct horse battery", { N: 1024, r: 8, p: 1 }))).toBe(true);
  });
});

describe("password rules", () => {
  it("refuse common and guessable passwords, saying why in zxcvbn's words", () => {
    for (const weak of ["aaaaaaaaaaaa", "123456789012", "password1234", "qwertyuiop12"]) {
      expect(passwordProblem(weak, "someone"), weak).toMatch(/too easy to guess/);
    }
    expect(passwordProblem("aaaaaaaaaaaa", "someone")).toMatch(/Repeated characters/);
    expect(passwordProblem("password1234", "someone")).toMatch(/commonly used password/);
  });

  it("refuse a password equal to or containing the username, or made of the school's name", () => {
    expect(passwordProblem("mrs.hargreaves", "mrs.hargreaves")).toMatch(/username/);
    expect(passwordProblem("Officer.Officer!", "officer")).toMatch(/username/);
    expect(passwordProblem("xx-hargreaves-99", "hargreaves")).toMatch(/username/);
    // made of the school's name: strong on its own, guessable once the name is known
    expect(passwordProblem("stbedesprimary", "lead")).toBeNull();
    expect(passwordProblem("stbedesprimary", "lead", ["St Bede's Primary"])).toMatch(/too easy to guess/);
  });

  it("accept a long passphrase of uncommon words, and the length rule still holds", () => {
    expect(passwordProblem("tidy plum orbit lantern", "lead", ["St Bede's Primary"])).toBeNull();
    expect(passwordProblem("xK9$mQ2", "lead")).toMatch(/12 characters/);
  });

  it("generate passwords that pass for every username given", () => {
    const users = ["lead", "officer", "teacher", "auditor", "governor"];
    for (let i = 0; i < 10; i++) {
      const p = generatePassword(users);
      expect(p).toHaveLength(16);
      for (const u of users) expect(passwordProblem(p, u)).toBeNull();
    }
  });
});

describe("users and sessions", () => {
  it("creates users with passwords of at least 12 characters and logs them in", async () => {
    const { rdb } = await temp();
    await expect(createUser(rdb.orm, { username: "al", password: "short", role: "lead" })).rejects.toThrow(/12 characters/);
    const user = await createUser(rdb.orm, { username: " AL.Lead ", password: "a long passphrase", role: "lead" });
    expect(user).toMatchObject({ username: "al.lead", role: "lead", disabled: false });
    await expect(createUser(rdb.orm, { username: "al.lead", password: "another passphrase", role: "lead" })).rejects.toThrow(/UNIQUE/);
    expect(await verifyLogin(rdb.orm, "Al.Lead", "a long passphrase")).toEqual(user);
    expect(await verifyLogin(rdb.orm, "al.lead", "a long passphrasE")).toBeNull();
    expect(await verifyLogin(rdb.orm, "nobody", "a long passphrase")).toBeNull();
    const stored = await rdb.client.execute("SELECT password_hash FROM users");
    expect(String(stored.rows[0]![0])).not.toContain("passphrase");
    await setUserDisabled(rdb.orm, user.id, true);
    expect(await verifyLogin(rdb.orm, "al.lead", "a long passphrase")).toBeNull();
  });

  it("creates the admin once, with a generated password when none is given", async () => {
    const { rdb } = await temp();
    const first = await ensureAdminUser(rdb.orm);
    expect(first.created).toBe(true);
    expect(first.generatedPassword!.length).toBeGreaterThanOrEqual(24);
    expect(await verifyLogin(rdb.orm, "admin", first.generatedPassword!)).toMatchObject({ username: "admin", role: "admin" });
    expect(await ensureAdminUser(rdb.orm, "some other password")).toEqual({ created: false });
    const { rdb: other } = await temp();
    expect(await ensureAdminUser(other.orm, "the password from env")).toEqual({ created: true });
    expect(await verifyLogin(other.orm, "admin", "the password from env")).not.toBeNull();
    await expect(ensureAdminUser((await temp()).rdb.orm, "short")).rejects.toThrow(/12 characters/);
    await expect(ensureAdminUser((await temp()).rdb.orm, "password1234")).rejects.toThrow(/too easy to guess/);
  });

  it("refuses a guessable password when creating a user or changing a password", async () => {
    const { rdb } = await temp();
    await expect(createUser(rdb.orm, { username: "officer", password: "password1234", role: "officer" })).rejects.toThrow(/too easy to guess/);
    await expect(createUser(rdb.orm, { username: "officer", password: "officer", role: "officer" })).rejects.toThrow(/12 characters/);
    await expect(createUser(rdb.orm, { username: "officer12345", password: "officer12345", role: "officer" })).rejects.toThrow(/username/);
    expect(await rdb.client.execute("SELECT count(*) AS n FROM users").then((r) => Number(r.rows[0]!.n))).toBe(0);
    const user = await createUser(rdb.orm, { username: "officer", password: "a long passphrase", role: "officer" });
    await expect(setPassword(rdb.orm, user.id, "123456789012")).rejects.toThrow(/too easy to guess/);
    expect(await verifyLogin(rdb.orm, "officer", "a long passphrase")).not.toBeNull();
    expect(await setPassword(rdb.orm, user.id, "tidy plum orbit lantern")).toBe(true);
    expect(await verifyLogin(rdb.orm, "officer", "tidy plum orbit lantern")).not.toBeNull();
  });

  it("keeps only the token's hash; sessions expire and can be revoked", async () => {
    const { rdb } = await temp();
    const user = await createUser(rdb.orm, { username: "officer", password: "a long passphrase", role: "officer" });
    const now = new Date("2025-01-06T08:00:00.000Z");
    const { token, expiresAt } = await createSession(rdb.orm, user.id, 60 * 60 * 1000, now);
    expect(expiresAt).toBe("2025-01-06T09:00:00.000Z");
    const ids = await rdb.client.execute("SELECT id FROM sessions");
    expect(String(ids.rows[0]![0])).toBe(sessionTokenId(token));
    expect(String(ids.rows[0]![0])).not.toBe(token);

    expect(await sessionUser(rdb.orm, token, new Date("2025-01-06T08:59:59.999Z"))).toMatchObject({ id: user.id });
    expect(await sessionUser(rdb.orm, token, new Date("2025-01-06T09:00:00.000Z"))).toBeNull();
    expect(await sessionUser(rdb.orm, "not-a-token", now)).toBeNull();

    const second = await createSession(rdb.orm, user.id, 60 * 60 * 1000, now);
    expect(await revokeSession(rdb.orm, second.token)).toBe(true);
    expect(await revokeSession(rdb.orm, second.token)).toBe(false);
    expect(await sessionUser(rdb.orm, second.token, now)).toBeNull();

    const third = await createSession(rdb.orm, user.id, 60 * 60 * 1000, now);
    await setUserDisabled(rdb.orm, user.id, true);
    expect(await sessionUser(rdb.orm, third.token, now)).toBeNull();
    await setUserDisabled(rdb.orm, user.id, false);
    expect(await revokeUserSessions(rdb.orm, user.id)).toBe(2); // the first (expired but not revoked) and the third
    expect(await sessionUser(rdb.orm, third.token, now)).toBeNull();
  });

  it("logs access, newest first, by pupil", async () => {
    const { rdb } = await temp();
    const user = await createUser(rdb.orm, { username: "teacher", password: "a long passphrase", role: "teacher" });
    await logAccess(rdb.orm, { userId: user.id, action: "case.view", upn: syntheticUpn(1), at: "2025-01-06T08:00:00.000Z" });
    await logAccess(rdb.orm, { userId: user.id, action: "case.view", upn: syntheticUpn(2), at: "2025-01-06T08:01:00.000Z" });
    await logAccess(rdb.orm, { userId: null, action: "login.failed", detail: "unknown user", at: "2025-01-06T08:02:00.000Z" });
    await logAccess(rdb.orm, { userId: user.id, action: "case.event", upn: syntheticUpn(1), at: "2025-01-06T08:03:00.000Z" });
    expect((await accessLog(rdb.orm, { upn: syntheticUpn(1) })).map((e) => e.action)).toEqual(["case.event", "case.view"]);
    expect((await accessLog(rdb.orm)).length).toBe(4);
    expect((await accessLog(rdb.orm, { limit: 1 }))[0]!.action).toBe("case.event");
  });
});
