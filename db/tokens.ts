/**
 * API tokens for machine clients (db/schema.ts `api_tokens`). A token is 32 random bytes (base64url) after the
 * prefix `rct_` (so secret scanners and people can tell one when they see it); only its SHA-256 is stored.
 *
 * Each token acts as a user row of its own (`token:<name>`, the token's role, disabled so it can never sign in):
 * everything the server records about a request (access log, import actor, case history actor) then names the
 * token, through the same code, and the same sealed access-log path (db/accessLogWriter.ts), as a person's.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { apiTokens, users } from "./schema.ts";
import { writeTransaction, writeStatement, type Db } from "./tx.ts";
import type { User } from "./users.ts";

export const TOKEN_PREFIX = "rct_";
/** The username of a token's user row: `token:` cannot start a person's username (letters, digits, `._-`). */
export const TOKEN_USER_PREFIX = "token:";
/** Never a valid scrypt hash (db/users.ts `verifyPassword` is false for it): a token's user cannot sign in. */
const NO_PASSWORD = "!api-token";

export interface ApiToken {
  id: number;
  name: string;
  role: string;
  createdAt: string;
  /** Who created it (a username). */
  createdBy: string;
  /** The last day it works (`YYYY-MM-DD`, UTC), or null for no end. */
  expiresOn: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** SHA-256 (hex) of a token: what `api_tokens.token_hash` holds. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether a username is a token's user row (not a person). */
export function isTokenUsername(username: string): boolean {
  return username.startsWith(TOKEN_USER_PREFIX);
}

export class TokenNameTaken extends Error {
  constructor(name: string) {
    super(`a token named "${name}" exists (names are not reused, even after revoking)`);
  }
}

/**
 * Creates a token: its user row and its row, in one transaction. Returns the token (shown once: only its hash is
 * kept). Throws TokenNameTaken when the name was ever used.
 */
export async function createApiToken(
  db: Db,
  input: { name: string; role: string; expiresOn?: string | null; createdBy: number },
  now: string = new Date().toISOString(),
): Promise<{ token: string; apiToken: ApiToken }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const id = await writeTransaction(db, async (tx) => {
    const [taken] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, input.name));
    const [takenUser] = await tx.select({ id: users.id }).from(users).where(eq(users.username, `${TOKEN_USER_PREFIX}${input.name}`));
    if (taken || takenUser) throw new TokenNameTaken(input.name);
    const [user] = await tx
      .insert(users)
      .values({ username: `${TOKEN_USER_PREFIX}${input.name}`, passwordHash: NO_PASSWORD, role: input.role, createdAt: now, disabled: true })
      .returning({ id: users.id });
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: input.name, role: input.role, tokenHash: tokenHash(token), userId: user!.id, createdBy: input.createdBy, createdAt: now, expiresOn: input.expiresOn ?? null })
      .returning({ id: apiTokens.id });
    return row!.id;
  });
  return { token, apiToken: (await getApiToken(db, id))! };
}

const creator = alias(users, "creator");
const revoker = alias(users, "revoker");

function tokenQuery(db: Db) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      createdAt: apiTokens.createdAt,
      createdBy: creator.username,
      expiresOn: apiTokens.expiresOn,
      revokedAt: apiTokens.revokedAt,
      revokedBy: revoker.username,
    })
    .from(apiTokens)
    .innerJoin(creator, eq(creator.id, apiTokens.createdBy))
    .leftJoin(revoker, eq(revoker.id, apiTokens.revokedBy));
}

/** Every token, oldest first (never the secret: it is not stored). */
export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  return tokenQuery(db).orderBy(asc(apiTokens.id));
}

export async function getApiToken(db: Db, id: number): Promise<ApiToken | undefined> {
  const [row] = await tokenQuery(db).where(eq(apiTokens.id, id));
  return row;
}

/** Revokes a token. "unknown" when there is no such token, "already" when it was revoked before. */
export async function revokeApiToken(db: Db, id: number, by: number, at: string = new Date().toISOString()): Promise<"revoked" | "already" | "unknown"> {
  const result = await writeStatement(db, (d) =>
    d.update(apiTokens).set({ revokedAt: at, revokedBy: by }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))),
  );
  if (result.rowsAffected === 1) return "revoked";
  return (await getApiToken(db, id)) ? "already" : "unknown";
}

export type TokenLookup =
  | { readonly ok: true; readonly user: User; readonly tokenId: number; readonly name: string; readonly expiresOn: string | null }
  | { readonly ok: false; readonly why: "unknown" | "revoked" | "expired"; readonly userId?: number; readonly name?: string };

/**
 * What a presented token is: its user (the token's role, no classes) when it is known, not revoked and not past
 * its last day (`today`, `YYYY-MM-DD` UTC, after `expiresOn` → expired); else why not.
 */
export async function lookupApiToken(db: Db, token: string, today: string): Promise<TokenLookup> {
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, userId: apiTokens.userId, username: users.username, createdAt: users.createdAt, expiresOn: apiTokens.expiresOn, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash(token)));
  if (!row) return { ok: false, why: "unknown" };
  if (row.revokedAt !== null) return { ok: false, why: "revoked", userId: row.userId, name: row.name };
  if (row.expiresOn !== null && today > row.expiresOn) return { ok: false, why: "expired", userId: row.userId, name: row.name };
  return {
    ok: true,
    tokenId: row.id,
    name: row.name,
    expiresOn: row.expiresOn,
    // The token's role is the token row's (what the administrator chose), whatever its user row says.
    user: { id: row.userId, username: row.username, role: row.role, scope: [], createdAt: row.createdAt, disabled: false },
  };
}
