/**
 * A pupil's parents and carers: who letters go to, who a notice is addressed to, who to phone. Kept as versioned
 * rows, append-only (migration 0010): adding a person writes version 1, every change a new version, a removal a
 * version marked removed, each saying who made it, when, and how (`by hand` or `import <id>`). What is held now
 * is each person's newest version unless it is a removal. (`contacts.ts` is something else: the log of calls
 * and visits.)
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { parentsCarers, parentsCarersImports } from "./schema.ts";
import { chunks, writeTransaction, type Db } from "./tx.ts";

/** What the school holds about one parent or carer. */
export interface ParentCarerDetails {
  readonly name: string;
  /** As the school words it: Mother, Father, Grandparent, Foster carer, … */
  readonly relationship: string;
  readonly parentalResponsibility: boolean;
  readonly livesWithPupil: boolean;
  /** The address without its postcode, one line each (may be empty). */
  readonly addressLines: readonly string[];
  readonly postcode: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  /** 1 is contacted first. */
  readonly priority: number;
  /** Letters go to them. */
  readonly correspondence: boolean;
  /** Liable for notices (notice to improve, penalty notice); null: the school has not said. */
  readonly liableForNotices: boolean | null;
}

/** One version of a parent or carer, as stored. */
export interface ParentCarerVersion extends ParentCarerDetails {
  readonly id: number;
  /** The person: the same through every version. */
  readonly parentId: number;
  readonly version: number;
  readonly upn: string;
  readonly removed: boolean;
  readonly changedBy: string;
  readonly changedAt: string;
  /** `by hand`, or `import <id>` (a parents file). */
  readonly source: string;
  /** Why it was removed (or changed), when someone said. */
  readonly reason: string | null;
}

/** Who makes a change, when, and how. */
export interface ParentCarerChange {
  readonly by: string;
  readonly source?: string;
  readonly at?: string;
  readonly reason?: string | null;
}

type Row = typeof parentsCarers.$inferSelect;

function fromRow(r: Row): ParentCarerVersion {
  let lines: string[] = [];
  try {
    const parsed: unknown = JSON.parse(r.addressLines);
    if (Array.isArray(parsed)) lines = parsed.filter((l): l is string => typeof l === "string");
  } catch {
    lines = [];
  }
  return {
    id: r.id,
    parentId: r.parentId,
    version: r.version,
    upn: r.upn,
    name: r.name,
    relationship: r.relationship,
    parentalResponsibility: r.parentalResponsibility,
    livesWithPupil: r.livesWithPupil,
    addressLines: lines,
    postcode: r.postcode,
    phone: r.phone,
    email: r.email,
    priority: r.priority,
    correspondence: r.correspondence,
    liableForNotices: r.liableForNotices,
    removed: r.removed,
    changedBy: r.changedBy,
    changedAt: r.changedAt,
    source: r.source,
    reason: r.reason,
  };
}

function toValues(upn: string, d: ParentCarerDetails, parentId: number, version: number, removed: boolean, who: ParentCarerChange, at: string) {
  return {
    parentId,
    version,
    upn,
    name: d.name,
    relationship: d.relationship,
    parentalResponsibility: d.parentalResponsibility,
    livesWithPupil: d.livesWithPupil,
    addressLines: JSON.stringify(d.addressLines),
    postcode: d.postcode,
    phone: d.phone,
    email: d.email,
    priority: d.priority,
    correspondence: d.correspondence,
    liableForNotices: d.liableForNotices,
    removed,
    changedBy: who.by,
    changedAt: at,
    source: who.source ?? "by hand",
    reason: who.reason ?? null,
  };
}

/** Only the details (no version, who or when): what an edit compares. */
export function detailsOf(p: ParentCarerDetails): ParentCarerDetails {
  return {
    name: p.name,
    relationship: p.relationship,
    parentalResponsibility: p.parentalResponsibility,
    livesWithPupil: p.livesWithPupil,
    addressLines: [...p.addressLines],
    postcode: p.postcode,
    phone: p.phone,
    email: p.email,
    priority: p.priority,
    correspondence: p.correspondence,
    liableForNotices: p.liableForNotices,
  };
}

export function sameDetails(a: ParentCarerDetails, b: ParentCarerDetails): boolean {
  return JSON.stringify(detailsOf(a)) === JSON.stringify(detailsOf(b));
}

/** How a name is matched between a file and what is held: case, spaces and full stops do not matter. */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[.]/g, "").replace(/\s+/g, " ").trim();
}

const newest = sql`${parentsCarers.version} = (SELECT max(q.version) FROM parents_carers q WHERE q.parent_id = ${parentsCarers.parentId})`;

const byPriority = (a: ParentCarerVersion, b: ParentCarerVersion) => a.priority - b.priority || a.name.localeCompare(b.name) || a.parentId - b.parentId;

/** The parents and carers held now for a pupil, first contact first. */
export async function listParentsCarers(db: Db, upn: string): Promise<ParentCarerVersion[]> {
  const rows = await db.select().from(parentsCarers).where(and(eq(parentsCarers.upn, upn), newest));
  return rows.map(fromRow).filter((p) => !p.removed).sort(byPriority);
}

/** Every version ever recorded for a pupil's parents and carers, oldest first. */
export async function parentsCarersHistory(db: Db, upn: string): Promise<ParentCarerVersion[]> {
  const rows = await db.select().from(parentsCarers).where(eq(parentsCarers.upn, upn)).orderBy(asc(parentsCarers.id));
  return rows.map(fromRow);
}

/** One person's newest version (removed or not), or undefined. */
export async function getParentCarer(db: Db, parentId: number): Promise<ParentCarerVersion | undefined> {
  const [row] = await db.select().from(parentsCarers).where(and(eq(parentsCarers.parentId, parentId), newest));
  return row ? fromRow(row) : undefined;
}

async function nextParentId(db: Db): Promise<number> {
  const [row] = await db.select({ max: sql<number | null>`max(${parentsCarers.parentId})` }).from(parentsCarers);
  return (row?.max ?? 0) + 1;
}

/** Adds a parent or carer to a pupil (version 1). */
export async function addParentCarer(db: Db, upn: string, details: ParentCarerDetails, who: ParentCarerChange): Promise<ParentCarerVersion> {
  return writeTransaction(db, async (tx) => {
    const parentId = await nextParentId(tx);
    const [row] = await tx.insert(parentsCarers).values(toValues(upn, details, parentId, 1, false, who, who.at ?? new Date().toISOString())).returning();
    return fromRow(row!);
  });
}

export type ParentCarerWrite =
  | { readonly status: "ok"; readonly parent: ParentCarerVersion; readonly changed: boolean }
  | { readonly status: "not-found" }
  | { readonly status: "conflict"; readonly current: ParentCarerVersion };

/**
 * A new version of a person, made from the version the caller saw (`expectedVersion`): a conflict, writing
 * nothing, when someone else changed them since; no new version when nothing changed. `upn` must be theirs.
 */
export async function changeParentCarer(db: Db, upn: string, parentId: number, expectedVersion: number, details: ParentCarerDetails, who: ParentCarerChange): Promise<ParentCarerWrite> {
  return writeTransaction(db, async (tx) => {
    const current = await getParentCarer(tx, parentId);
    if (!current || current.upn !== upn || current.removed) return { status: "not-found" };
    if (current.version !== expectedVersion) return { status: "conflict", current };
    if (sameDetails(current, details)) return { status: "ok", parent: current, changed: false };
    const [row] = await tx.insert(parentsCarers).values(toValues(upn, details, parentId, current.version + 1, false, who, who.at ?? new Date().toISOString())).returning();
    return { status: "ok", parent: fromRow(row!), changed: true };
  });
}

/** Removes a person (a version marked removed, keeping their details as they were): the history keeps them. */
export async function removeParentCarer(db: Db, upn: string, parentId: number, expectedVersion: number, who: ParentCarerChange): Promise<ParentCarerWrite> {
  return writeTransaction(db, async (tx) => {
    const current = await getParentCarer(tx, parentId);
    if (!current || current.upn !== upn || current.removed) return { status: "not-found" };
    if (current.version !== expectedVersion) return { status: "conflict", current };
    const [row] = await tx.insert(parentsCarers).values(toValues(upn, current, parentId, current.version + 1, true, who, who.at ?? new Date().toISOString())).returning();
    return { status: "ok", parent: fromRow(row!), changed: true };
  });
}

export interface ParentsFileCounts {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly unchanged: number;
}

/**
 * A parents file applied, in one transaction: for each pupil the file names, the file is what the school holds.
 * A person is matched by name (`nameKey`): one not held yet is added, one whose details differ gets a new
 * version, one held but not in the file is removed (a version marked removed). Pupils the file does not name
 * keep what they have.
 */
export async function applyParentsFile(db: Db, rows: readonly { upn: string; details: ParentCarerDetails }[], who: ParentCarerChange): Promise<ParentsFileCounts> {
  return writeTransaction(db, async (tx) => {
    const at = who.at ?? new Date().toISOString();
    const upns = [...new Set(rows.map((r) => r.upn))];
    const held = new Map<string, ParentCarerVersion[]>();
    for (const part of chunks(upns, 5_000)) {
      const found = await tx
        .select()
        .from(parentsCarers)
        .where(and(sql`${parentsCarers.upn} IN (SELECT value FROM json_each(${JSON.stringify(part)}))`, newest));
      for (const r of found.map(fromRow)) {
        if (r.removed) continue;
        const list = held.get(r.upn) ?? [];
        list.push(r);
        held.set(r.upn, list);
      }
    }
    let nextId = await nextParentId(tx);
    let added = 0;
    let changed = 0;
    let removed = 0;
    let unchanged = 0;
    const writes: ReturnType<typeof toValues>[] = [];
    const byUpn = new Map<string, { upn: string; details: ParentCarerDetails }[]>();
    for (const r of rows) byUpn.set(r.upn, [...(byUpn.get(r.upn) ?? []), r]);
    for (const [upn, wanted] of byUpn) {
      const now = new Map((held.get(upn) ?? []).map((p) => [nameKey(p.name), p]));
      for (const w of wanted) {
        const before = now.get(nameKey(w.details.name));
        now.delete(nameKey(w.details.name));
        if (!before) {
          writes.push(toValues(upn, w.details, nextId++, 1, false, who, at));
          added++;
        } else if (sameDetails(before, w.details)) unchanged++;
        else {
          writes.push(toValues(upn, w.details, before.parentId, before.version + 1, false, who, at));
          changed++;
        }
      }
      for (const gone of now.values()) {
        writes.push(toValues(upn, gone, gone.parentId, gone.version + 1, true, { ...who, reason: "not in the parents file" }, at));
        removed++;
      }
    }
    for (const part of chunks(writes, 400)) await tx.insert(parentsCarers).values(part);
    return { added, changed, removed, unchanged };
  });
}

export interface ParentsImportRecord {
  readonly id: number;
  readonly sha256: string;
  readonly fileName: string;
  readonly rows: number;
  readonly changed: number;
  readonly recordedAt: string;
  readonly actor: string;
}

export async function findParentsImportByHash(db: Db, sha256: string): Promise<ParentsImportRecord | undefined> {
  const [row] = await db.select().from(parentsCarersImports).where(eq(parentsCarersImports.sha256, sha256));
  return row;
}

/**
 * Records a parents file imported, with the id its versions name (`nextParentsImportId`): apply the file, then
 * record it, in one transaction.
 */
export async function recordParentsImport(db: Db, input: ParentsImportRecord): Promise<ParentsImportRecord> {
  return writeTransaction(db, async (tx) => {
    const [row] = await tx.insert(parentsCarersImports).values(input).returning();
    return row!;
  });
}

/** The id the next parents import will get (its versions name it as their source before it is recorded). */
export async function nextParentsImportId(db: Db): Promise<number> {
  const [row] = await db.select({ max: sql<number | null>`max(${parentsCarersImports.id})` }).from(parentsCarersImports);
  return (row?.max ?? 0) + 1;
}
