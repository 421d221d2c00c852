import * as store from "../../db/index.ts";
import { upnProblem } from "../../machines/attendance/upn.ts";
import type { ServerDeps } from "../deps.ts";
import type { ImportResult } from "../imports/importFiles.ts";
import { sha256OfText } from "../imports/readMarks.ts";
import { parseParentsCsv } from "./parentsCsv.ts";

/**
 * Imports a parents and carers file: every row checked first (the details, UPNs on roll, a person named twice);
 * on any problem nothing is written. For each pupil it names, the file becomes what the school holds (added,
 * changed and removed people as new versions naming this import), in one transaction with the import's record:
 * all of it commits or none does. The same file imported again changes nothing.
 */
export async function importParents(deps: ServerDeps, text: string, fileName: string, actor: string): Promise<ImportResult> {
  const parsed = parseParentsCsv(text, fileName, { validateUpn: upnProblem });
  const problems = [...parsed.problems];
  if (problems.length === 0) {
    const unknown = await store.upnsNotOnRoll(deps.rdb.orm, parsed.rows.map((r) => r.upn));
    for (const row of parsed.rows) {
      if (unknown.has(row.upn)) problems.push({ file: fileName, line: row.line, field: "upn", message: `no pupil ${row.upn} on roll: import the pupils file first` });
    }
  }
  if (problems.length > 0) return { status: "invalid", errors: problems.map(({ line, field, message }) => ({ line, field, message })) };
  const hash = await sha256OfText(text);
  const earlier = await store.findParentsImportByHash(deps.rdb.orm, hash);
  if (earlier) return { status: "already-imported", importId: earlier.id };
  const result = await store.inTransaction(deps.rdb, async (tx) => {
    const again = await store.findParentsImportByHash(tx, hash);
    if (again) return { importId: again.id, again: true as const };
    const importId = await store.nextParentsImportId(tx);
    const recordedAt = new Date().toISOString();
    const counts = await store.applyParentsFile(tx, parsed.rows, { by: actor, source: `import ${importId}`, at: recordedAt });
    const changed = counts.added + counts.changed + counts.removed;
    await store.recordParentsImport(tx, { id: importId, sha256: hash, fileName, rows: parsed.rows.length, changed, recordedAt, actor });
    return { importId, counts, changed };
  });
  if ("again" in result) return { status: "already-imported", importId: result.importId };
  return { status: "imported", importId: result.importId, rows: parsed.rows.length, changed: result.changed, detail: { ...result.counts } };
}
