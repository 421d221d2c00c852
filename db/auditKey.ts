/**
 * The audit key: a secret kept outside the database that seals the audit trail (docs/security.md, ADR 007).
 *
 * Each key is 32 random bytes (a seed) with an id. From the seed, with HKDF-SHA-256 (node:crypto):
 * - an HMAC-SHA-256 key that seals what is stored (case heads, table counts, register chunks);
 * - an Ed25519 key pair that signs exported checkpoints, so an auditor can check them with the public key alone.
 * The id is the first 16 hex digits of the SHA-256 of the Ed25519 public key (it says nothing about the secret).
 *
 * Where the keys come from, in order:
 * 1. `ROLLCALL_AUDIT_KEY`: the current seed, base64 (44 characters); `ROLLCALL_AUDIT_OLD_KEYS`: earlier seeds,
 *    comma-separated, still used to check what they sealed.
 * 2. The key file next to an embedded database file, `<database file>.audit-key` (or `ROLLCALL_AUDIT_KEY_FILE`),
 *    JSON `{ "current": id, "keys": { id: base64 seed, … } }`, mode 0600, created on first start.
 * 3. An in-memory database gets a key that lives as long as the process (tests).
 *
 * Rotation (`rotateAuditKeyFile`) adds a new current key and keeps the old ones in the file: what an old key
 * sealed stays verifiable, and from then on every seal is written with the new key.
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, hkdfSync, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Client } from "@libsql/client";
import type { Db } from "./tx.ts";

export interface AuditKey {
  readonly id: string;
  /** HMAC-SHA-256 key for seals. */
  readonly hmacKey: Buffer;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public key, base64 SPKI DER: what an auditor keeps to check signed checkpoints. */
  readonly publicKeyBase64: string;
}

export interface AuditKeyRing {
  readonly current: AuditKey;
  /** Every key by id, the current one included. */
  readonly keys: ReadonlyMap<string, AuditKey>;
  /** Where the keys came from: "file", "environment" or "process" (an in-memory database's throwaway key). */
  readonly source: "file" | "environment" | "process";
  /** The key file, when there is one. */
  readonly file?: string;
  /** True when the key was made by this open (a new key file or a throwaway key). */
  readonly created: boolean;
}

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410): the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function auditKeyFromSeed(seed: Buffer): AuditKey {
  if (seed.length !== 32) throw new Error("an audit key is 32 bytes");
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", seed, Buffer.alloc(0), info, 32));
  const hmacKey = derive("rollcall audit hmac v1");
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, derive("rollcall audit ed25519 v1")]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ format: "der", type: "spki" });
  const id = createHash("sha256").update(spki).digest("hex").slice(0, 16);
  return { id, hmacKey, privateKey, publicKey, publicKeyBase64: spki.toString("base64") };
}

function ringOf(seeds: readonly Buffer[], source: AuditKeyRing["source"], created: boolean, file?: string): AuditKeyRing {
  const keys = seeds.map(auditKeyFromSeed);
  return { current: keys[0]!, keys: new Map(keys.map((k) => [k.id, k])), source, created, ...(file ? { file } : {}) };
}

interface KeyFile {
  current: string;
  keys: Record<string, string>;
}

function readKeyFile(file: string): Buffer[] {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as KeyFile;
  const current = parsed.keys[parsed.current];
  if (!current) throw new Error(`audit key file ${file}: its current key ${parsed.current} is missing`);
  const seeds = [Buffer.from(current, "base64")];
  for (const [id, seed] of Object.entries(parsed.keys)) if (id !== parsed.current) seeds.push(Buffer.from(seed, "base64"));
  return seeds;
}

function writeKeyFile(file: string, seeds: readonly Buffer[]): void {
  const keys = seeds.map((s) => [auditKeyFromSeed(s).id, s.toString("base64")] as const);
  const text = `${JSON.stringify({ current: keys[0]![0], keys: Object.fromEntries(keys) }, null, 2)}\n`;
  // Written whole, then renamed into place, owner-only.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o600, flag: "w" });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** The key file for a database file: `<file>.audit-key`. */
export function keyFileFor(databaseFile: string): string {
  return `${databaseFile}.audit-key`;
}

export interface LoadAuditKeysOptions {
  /** The embedded database's file path (undefined for in-memory or remote). */
  readonly databaseFile?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Reads the audit keys (environment, key file, or a throwaway key), creating the key file on first start. */
export function loadAuditKeys(options: LoadAuditKeysOptions = {}): AuditKeyRing {
  const env = options.env ?? process.env;
  if (env.ROLLCALL_AUDIT_KEY) {
    const seeds = [env.ROLLCALL_AUDIT_KEY, ...(env.ROLLCALL_AUDIT_OLD_KEYS ?? "").split(",")].map((s) => s.trim()).filter(Boolean).map((s) => Buffer.from(s, "base64"));
    return ringOf(seeds, "environment", false);
  }
  const file = env.ROLLCALL_AUDIT_KEY_FILE ?? (options.databaseFile ? keyFileFor(options.databaseFile) : undefined);
  if (!file) return ringOf([randomBytes(32)], "process", true);
  if (existsSync(file)) return ringOf(readKeyFile(file), "file", false, file);
  const seed = randomBytes(32);
  writeKeyFile(file, [seed]);
  return ringOf([seed], "file", true, file);
}

/** Adds a new current key to a key file, keeping every old one (so what they sealed stays verifiable). */
export function rotateAuditKeyFile(file: string): { previous: string; current: string } {
  const seeds = readKeyFile(file);
  const previous = auditKeyFromSeed(seeds[0]!).id;
  const next = randomBytes(32);
  writeKeyFile(file, [next, ...seeds]);
  return { previous, current: auditKeyFromSeed(next).id };
}

/** Keys by the libSQL client they belong to (a transaction's drizzle session still holds its client). */
const rings = new WeakMap<object, AuditKeyRing>();

function clientOf(db: Db | Client): object {
  const session = (db as unknown as { session?: { client?: object } }).session;
  return session?.client ?? db;
}

export function useAuditKeys(client: Client, ring: AuditKeyRing): void {
  rings.set(client, ring);
}

/** The keys of the database `db` (the database, a transaction on it, or its libSQL client). */
export function auditKeysOf(db: Db | Client): AuditKeyRing {
  const ring = rings.get(clientOf(db));
  if (!ring) throw new Error("db/: no audit key for this database (open it with openDatabase)");
  return ring;
}

/** HMAC-SHA-256, hex, of `text` under `key`. */
export function seal(key: AuditKey, text: string | Buffer): string {
  return createHmac("sha256", key.hmacKey).update(text).digest("hex");
}

/** Whether `mac` is the seal of `text` under the key `keyId` of the ring (false for an unknown key). */
export function sealHolds(ring: AuditKeyRing, keyId: string | null, text: string | Buffer, mac: string | null): boolean {
  const key = keyId ? ring.keys.get(keyId) : undefined;
  return key !== undefined && mac !== null && seal(key, text) === mac;
}

export function signText(key: AuditKey, text: string): string {
  return sign(null, Buffer.from(text, "utf8"), key.privateKey).toString("base64");
}

/** Checks an Ed25519 signature with a public key given as base64 SPKI DER. */
export function signatureHolds(publicKeyBase64: string, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, "base64"), format: "der", type: "spki" });
    return verify(null, Buffer.from(text, "utf8"), key, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
