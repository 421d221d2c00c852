import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEn from "@zxcvbn-ts/language-en";
import { and, desc, eq, gt, isNull, type SQL } from "drizzle-orm";
import { accessLog as accessLogTable, sessions, users } from "./schema.ts";
import { appendAccessLog, insertAccessLogRows } from "./accessLogWriter.ts";
import { isTransaction, writeStatement, writeTransaction, type Db } from "./tx.ts";

export interface User {
  id: number;
  username: string;
  role: string;
  /** The classes and year groups a teacher may see (`["3A", "Y4"]`); empty for other roles. */
  scope: string[];
  createdAt: string;
  disabled: boolean;
}

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score (0 to 4) a password needs: 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

let zxcvbn: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  // The dictionaries (common passwords, English words, names) are built on first use, not at start-up.
  return (zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  }));
}

/**
 * Why a password may not be used, or null when it may: shorter than MIN_PASSWORD_LENGTH; equal to or containing
 * the username; or guessable by zxcvbn-ts (score below MIN_PASSWORD_SCORE: common passwords, words, names,
 * repeats, sequences, keyboard patterns, dates), told with zxcvbn's own warning and suggestions. `context` is
 * what an attacker would try first besides the username: the school's name, the role.
 */
export function passwordProblem(password: string, username: string, context: readonly string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  const user = normaliseUsername(username);
  const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  if (user.length > 0 && (password.toLowerCase() === user || (squash(user).length >= 3 && squash(password).includes(squash(user))))) {
    return "a password must not contain the username";
  }
  // The words of each input too, and each run together ("St Mary's" → "stmarys"), so the school's name in any
  // form counts as guessable.
  const inputs = [user, ...context.flatMap((c) => [c, squash(c), ...c.split(/[^\p{L}\p{N}]+/u)])].map((s) => s.toLowerCase()).filter((s) => s.length >= 3);
  const result = strength().check(password, [...new Set(inputs)]);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => Boolean(s));
  return `this password is too easy to guess${why.length ? `: ${why.join(" ")}` : "; try a few uncommon words together"}`;
}

/**
 * A random password (`bytes` random bytes, base64url) that `passwordProblem` accepts for every one of `usernames`
 * (one in many thousands of random strings happens to contain a short username: another is drawn).
 */
export function generatePassword(usernames: readonly string[], bytes = 12): string {
  for (;;) {
    const password = randomBytes(bytes).toString("base64url");
    if (usernames.every((u) => passwordProblem(password, u) === null)) return password;
  }
}

/** Throws RangeError (the reason) unless `passwordProblem` finds nothing. */
function assertPasswordAllowed(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new RangeError(problem);
}

/**
 * Password hashing: scrypt (node:crypto, memory-hard), a random 16-byte salt and a 32-byte key, encoded as
 * `scrypt$N$r$p$salt$key` (salt and key in base64url). N = 2^15, r = 8, p = 3 is one of OWASP's equivalent
 * minimum settings (32 MiB, about 0.3 s here). The parameters travel with each hash, so they can be raised
 * later and old hashes still verify (`needsRehash` tells the login to re-hash).
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scryptAsync(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * params.p + 64 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

function parseHash(encoded: string): { N: number; r: number; p: number; salt: Buffer; key: Buffer } | undefined {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Refuse parameters no hash of ours has, so a tampered row cannot make a login burn memory.
  const powerOfTwo = Number.isInteger(N) && N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return undefined;
  const salt = Buffer.from(parts[4]!, "base64url");
  const key = Buffer.from(parts[5]!, "base64url");
  if (salt.length < 8 || key.length !== KEY_BYTES) return undefined;
  return { N, r, p, salt, key };
}

/** True when `password` matches `encoded` (constant-time comparison). False for a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const key = await scryptAsync(password, parsed.salt, parsed);
  return timingSafeEqual(key, parsed.key);
}

/** True when a stored hash uses weaker parameters than SCRYPT_PARAMS. */
export function needsRehash(encoded: string): boolean {
  const parsed = parseHash(encoded);
  return !parsed || parsed.N * parsed.r * parsed.p < SCRYPT_PARAMS.N * SCRYPT_PARAMS.r * SCRYPT_PARAMS.p;
}

/** Usernames are kept trimmed and lower-case, so `Admin` and `admin` are one user. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

const userColumns = {
  id: users.id,
  username: users.username,
  role: users.role,
  scope: users.scope,
  createdAt: users.createdAt,
  disabled: users.disabled,
};

type UserRow = Omit<User, "scope"> & { scope: string | null };

function toUser(row: UserRow): User {
  return { ...row, scope: row.scope ? (JSON.parse(row.scope) as string[]) : [] };
}

export async function getUser(db: Db, id: number): Promise<User | undefined> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id));
  return row && toUser(row);
}

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.username, normaliseUsername(username)));
  return row && toUser(row);
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.select(userColumns).from(users).orderBy(users.username)).map(toUser);
}

/**
 * Creates a user. Throws RangeError for a password `passwordProblem` refuses or an empty username/role; fails if
 * the name is taken.
 */
export async function createUser(
  db: Db,
  input: { username: string; password: string; role: string; scope?: readonly string[] },
  now: string = new Date().toISOString(),
): Promise<User> {
  const username = normaliseUsername(input.username);
  if (username === "") throw new RangeError("a username is needed");
  if (input.role.trim() === "") throw new RangeError("a role is needed");
  assertPasswordAllowed(input.password, username);
  const passwordHash = await hashPassword(input.password);
  const [row] = await writeStatement(db, (d) =>
    d
      .insert(users)
      .values({ username, passwordHash, role: input.role.trim(), scope: input.scope?.length ? JSON.stringify(input.scope) : null, createdAt: now })
      .returning(userColumns),
  );
  return toUser(row!);
}

/** Changes a password (same rules as createUser). */
export async function setPassword(db: Db, userId: number, password: string): Promise<boolean> {
  const user = await getUser(db, userId);
  if (!user) return false;
  assertPasswordAllowed(password, user.username);
  const passwordHash = await hashPassword(password);
  const result = await writeStatement(db, (d) => d.update(users).set({ passwordHash }).where(eq(users.id, userId)));
  return result.rowsAffected === 1;
}

export async function setUserDisabled(db: Db, userId: number, disabled: boolean): Promise<boolean> {
  const result = await writeStatement(db, (d) => d.update(users).set({ disabled }).where(eq(users.id, userId)));
  return result.rowsAffected === 1;
}

/**
 * Creates the `admin` user (role `admin`) if there is none: with `passwordFromEnv` when given (which must pass
 * `passwordProblem`), else with a generated password (24 characters, 144 random bits) returned once for the
 * operator to read; it is not stored anywhere but as a hash.
 */
export async function ensureAdminUser(
  db: Db,
  passwordFromEnv?: string,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if (await findUserByUsername(db, "admin")) return { created: false };
  const generated = passwordFromEnv ? undefined : generatePassword(["admin"], 18);
  const password = passwordFromEnv ?? generated!;
  const problem = passwordProblem(password, "admin");
  if (problem) throw new RangeError(`the admin password: ${problem}`);
  const passwordHash = await hashPassword(password);
  const created = await writeTransaction(db, async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, "admin"));
    if (existing) return false;
    await tx.insert(users).values({ username: "admin", passwordHash, role: "admin", createdAt: new Date().toISOString() });
    return true;
  });
  if (!created) return { created: false };
  return generated ? { created: true, generatedPassword: generated } : { created: true };
}

let dummyHash: Promise<string> | undefined;

/**
 * The user, when the username exists, is not disabled and the password matches; else null. An unknown
 * username costs the same scrypt work, so timing does not tell which usernames exist.
 */
export async function verifyLogin(db: Db, username: string, password: string): Promise<User | null> {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.username, normaliseUsername(username)));
  if (!row) {
    await verifyPassword(password, await (dummyHash ??= hashPassword(randomBytes(16).toString("hex"))));
    return null;
  }
  const ok = await verifyPassword(password, row.passwordHash);
  if (!ok || row.disabled) return null;
  const { passwordHash: _hash, ...user } = row;
  return toUser(user);
}

/** SHA-256 (hex) of a session token: what `sessions.id` holds. */
export function sessionTokenId(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const iso = (t: Date | string) => (typeof t === "string" ? new Date(t) : t).toISOString();

/**
 * Starts a session: a random 256-bit token (base64url) for the cookie; only its SHA-256 is stored.
 */
export async function createSession(
  db: Db,
  userId: number,
  ttlMs: number,
  now: Date | string = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString("base64url");
  const start = typeof now === "string" ? new Date(now) : now;
  const expiresAt = new Date(start.getTime() + ttlMs).toISOString();
  await writeStatement(db, (d) =>
    d.insert(sessions).values({ id: sessionTokenId(token), userId, createdAt: start.toISOString(), expiresAt }),
  );
  return { token, expiresAt };
}

/** The session's user, or null when the token is unknown, expired (expires_at ≤ now), revoked, or the user disabled. */
export async function sessionUser(db: Db, token: string, now: Date | string = new Date()): Promise<User | null> {
  return (await sessionUserUntil(db, token, now))?.user ?? null;
}

/**
 * `sessionUser` with the session's expiry (ISO instant): for a caller that keeps the answer a while (the
 * server's session cache, which must still refuse the session once `expiresAt` ≤ now).
 */
export async function sessionUserUntil(db: Db, token: string, now: Date | string = new Date()): Promise<{ user: User; expiresAt: string } | null> {
  const [row] = await db
    .select({ ...userColumns, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sessionTokenId(token)),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, iso(now)),
        eq(users.disabled, false),
      ),
    );
  if (!row) return null;
  const { expiresAt, ...user } = row;
  return { user: toUser(user), expiresAt };
}

/** Revokes a session (logout). False when it is unknown or already revoked. */
export async function revokeSession(db: Db, token: string, at: Date | string = new Date()): Promise<boolean> {
  const result = await writeStatement(db, (d) =>
    d
      .update(sessions)
      .set({ revokedAt: iso(at) })
      .where(and(eq(sessions.id, sessionTokenId(token)), isNull(sessions.revokedAt))),
  );
  return result.rowsAffected === 1;
}

/** Revokes every open session of a user (password change, disabling). Returns how many. */
export async function revokeUserSessions(db: Db, userId: number, at: Date | string = new Date()): Promise<number> {
  const result = await writeStatement(db, (d) =>
    d
      .update(sessions)
      .set({ revokedAt: iso(at) })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))),
  );
  return result.rowsAffected;
}

export interface AccessLogEntry {
  id: number;
  userId: number | null;
  at: string;
  action: string;
  upn: string | null;
  detail: string | null;
}

/**
 * Records who did what (`action` such as `case.view`, `login.failed`), and to whose record. On the database,
 * rows logged at the same time share one write (db/accessLogWriter.ts); either way it resolves only once the
 * row is committed (inside a transaction: written in it, committed with it).
 */
export async function logAccess(
  db: Db,
  entry: { userId?: number | null; action: string; upn?: string | null; detail?: string | null; at?: string },
): Promise<void> {
  const row = {
    userId: entry.userId ?? null,
    action: entry.action,
    upn: entry.upn ?? null,
    detail: entry.detail ?? null,
    at: entry.at ?? new Date().toISOString(),
  };
  if (!isTransaction(db)) return appendAccessLog(db, [row.userId, row.at, row.action, row.upn, row.detail]);
  await insertAccessLogRows(db, [[row.userId, row.at, row.action, row.upn, row.detail]]);
}

/** The access log, newest first (default the last 1,000 entries), optionally for one pupil or one user. */
export async function accessLog(db: Db, query: { upn?: string; userId?: number; limit?: number } = {}): Promise<AccessLogEntry[]> {
  const conditions: SQL[] = [];
  if (query.upn !== undefined) conditions.push(eq(accessLogTable.upn, query.upn));
  if (query.userId !== undefined) conditions.push(eq(accessLogTable.userId, query.userId));
  return db
    .select()
    .from(accessLogTable)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(accessLogTable.at), desc(accessLogTable.id))
    .limit(query.limit ?? 1000);
}


