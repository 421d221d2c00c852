import { and, asc, desc, eq, sql } from "drizzle-orm";
import { canonicalJson, parseJson } from "./json.ts";
import { policies } from "./schema.ts";
import { writeTransaction, type Db } from "./tx.ts";

/** A policy as published: validated elsewhere (machines/policy/schema.ts); here it needs an id and a version. */
export interface PolicyDocument {
  readonly id: string;
  readonly version: number;
  readonly name?: string;
}

export interface PolicySummary {
  id: string;
  version: number;
  name: string;
  publishedAt: string;
  publishedBy: string;
}

export interface PolicyRecord extends PolicySummary {
  /** The document as published (parsed JSON). */
  document: unknown;
}

/** Publishing a different document under an id and version that already exist. */
export class PolicyConflictError extends Error {
  constructor(
    readonly id: string,
    readonly version: number,
  ) {
    super(`policy ${id} version ${version} is already published with a different document; publish a new version`);
    this.name = "PolicyConflictError";
  }
}

/**
 * Publishes a policy version. Published versions are immutable (a trigger refuses UPDATE and DELETE):
 * publishing the identical document again is a no-op; a different document under the same id and version
 * throws PolicyConflictError. Documents are compared as canonical JSON (key order does not matter).
 */
export async function publishPolicy(
  db: Db,
  document: PolicyDocument,
  actor: string,
  at: string = new Date().toISOString(),
): Promise<{ id: string; version: number }> {
  const { id, version } = document;
  if (typeof id !== "string" || id === "") throw new TypeError("a policy needs an id");
  if (!Number.isInteger(version) || version < 1) throw new TypeError("a policy's version is a whole number from 1");
  const canonical = canonicalJson(document);
  return writeTransaction(db, async (tx) => {
    const [existing] = await tx
      .select({ document: policies.document })
      .from(policies)
      .where(and(eq(policies.id, id), eq(policies.version, version)));
    if (existing) {
      if (canonicalJson(parseJson(existing.document, "policy document")) !== canonical) {
        throw new PolicyConflictError(id, version);
      }
      return { id, version };
    }
    await tx.insert(policies).values({
      id,
      version,
      name: typeof document.name === "string" ? document.name : id,
      document: JSON.stringify(document),
      publishedAt: at,
      publishedBy: actor,
    });
    return { id, version };
  });
}

/** A published version, or the latest when `version` is omitted. */
export async function getPolicy(db: Db, id: string, version?: number): Promise<PolicyRecord | undefined> {
  const [row] = await db
    .select()
    .from(policies)
    .where(version === undefined ? eq(policies.id, id) : and(eq(policies.id, id), eq(policies.version, version)))
    .orderBy(desc(policies.version))
    .limit(1);
  if (!row) return undefined;
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    document: parseJson(row.document, "policy document"),
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
  };
}

const summary = {
  id: policies.id,
  version: policies.version,
  name: policies.name,
  publishedAt: policies.publishedAt,
  publishedBy: policies.publishedBy,
};

/** The latest version of each published policy, by id. */
export async function listPolicies(db: Db): Promise<PolicySummary[]> {
  return db
    .select(summary)
    .from(policies)
    .where(sql`${policies.version} = (SELECT max(p2.version) FROM policies p2 WHERE p2.id = ${policies.id})`)
    .orderBy(asc(policies.id));
}

/** Every published version of one policy, oldest first. */
export async function policyVersions(db: Db, id: string): Promise<PolicySummary[]> {
  return db.select(summary).from(policies).where(eq(policies.id, id)).orderBy(asc(policies.version));
}
