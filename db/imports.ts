import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { imports } from "./schema.ts";
import { writeStatement, type Db } from "./tx.ts";

export type ImportKind = "pupils" | "marks";

export interface ImportRecord {
  id: number;
  kind: ImportKind;
  sha256: string;
  fileName: string;
  rows: number;
  changed: number;
  recordedAt: string;
  actor: string;
}

export type NewImport = Omit<ImportRecord, "id" | "changed"> & { changed?: number };

/** SHA-256 (hex) of a file's bytes or text (UTF-8), for `imports.sha256`. */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * Records an import. The same file (kind + SHA-256) can be recorded once: a second time fails on the unique
 * index, so check with findImportByHash first and do both in one transaction with the import itself.
 */
export async function recordImport(db: Db, input: NewImport): Promise<ImportRecord> {
  const [row] = await writeStatement(db, (d) =>
    d.insert(imports).values({ ...input, changed: input.changed ?? 0 }).returning(),
  );
  return row as ImportRecord;
}

/** Sets how many rows of an import changed something (known only after applying it). */
export async function setImportChanged(db: Db, id: number, changed: number): Promise<void> {
  await writeStatement(db, (d) => d.update(imports).set({ changed }).where(eq(imports.id, id)));
}

export async function findImportByHash(db: Db, kind: ImportKind, sha256: string): Promise<ImportRecord | undefined> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.kind, kind), eq(imports.sha256, sha256)));
  return row as ImportRecord | undefined;
}

/** Imports, newest first. */
export async function listImports(db: Db, options: { kind?: ImportKind; limit?: number } = {}): Promise<ImportRecord[]> {
  const rows = await db
    .select()
    .from(imports)
    .where(options.kind ? eq(imports.kind, options.kind) : undefined)
    .orderBy(desc(imports.id))
    .limit(options.limit ?? 100);
  return rows as ImportRecord[];
}
