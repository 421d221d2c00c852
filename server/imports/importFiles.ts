import { createHash } from "node:crypto";
import * as store from "../../db/index.ts";
import type { InputProblem } from "../../machines/attendance/inputProblem.ts";
import { parseMarksCsv } from "../../machines/attendance/marksCsv.ts";
import { parsePupilsCsv } from "../../machines/attendance/pupilsCsv.ts";
import { upnProblem } from "../../machines/attendance/upn.ts";
import type { ServerDeps } from "../deps.ts";

export type ImportResult =
  | { status: "invalid"; errors: { line: number; field: string; message: string }[] }
  | { status: "already-imported"; importId: number }
  | { status: "imported"; importId: number; rows: number; changed: number; detail: Record<string, unknown> };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const asErrors = (problems: readonly InputProblem[]) => problems.map(({ line, field, message }) => ({ line, field, message }));

/**
 * Imports a pupils file: every row checked first; on any problem nothing is written. The same file imported
 * again changes nothing. Flags that changed for a pupil with a case are recorded in the case's history.
 */
export async function importPupils(deps: ServerDeps, text: string, fileName: string, actor: string): Promise<ImportResult> {
  const parsed = parsePupilsCsv(text, fileName, { validateUpn: upnProblem });
  if (parsed.problems.length > 0) return { status: "invalid", errors: asErrors(parsed.problems) };
  const hash = sha256(text);
  const earlier = await store.findImportByHash(deps.rdb.orm, "pupils", hash);
  if (earlier) return { status: "already-imported", importId: earlier.id };
  const result = await store.inTransaction(deps.rdb, async (tx) => {
    const counts = await store.upsertPupils(tx, parsed.pupils);
    const importId = (await store.recordImport(tx, { kind: "pupils", sha256: hash, fileName, rows: parsed.pupils.length, changed: counts.inserted + counts.updated, recordedAt: new Date().toISOString(), actor })).id;
    return { importId, counts };
  });
  await deps.cases.recordPupilChanges(parsed.pupils, actor);
  return { status: "imported", importId: result.importId, rows: parsed.pupils.length, changed: result.counts.inserted + result.counts.updated, detail: result.counts };
}

/**
 * Imports register marks: every row checked (codes, dates, sessions, UPNs known as pupils, conflicting
 * duplicates); on any problem nothing is written. Applied in one transaction; then every case advances through
 * the school days it has not seen, and marks changed on days a case has already seen are recorded as
 * amendments in its history (the decisions stand; the corrected marks count from now on).
 */
export async function importMarks(deps: ServerDeps, text: string, fileName: string, actor: string): Promise<ImportResult> {
  const parsed = parseMarksCsv(text, fileName, { validateUpn: upnProblem });
  const problems = [...parsed.problems];
  if (problems.length === 0) {
    // Only the file's own UPNs are looked up: a day's file for a local authority names 100,000 pupils, and
    // reading every pupil to check them took longer than the check.
    const unknown = await store.upnsNotOnRoll(deps.rdb.orm, parsed.rows.map((r) => r.upn));
    const reported = new Set<string>();
    for (const row of parsed.rows) {
      if (unknown.has(row.upn) && !reported.has(row.upn)) {
        reported.add(row.upn);
        problems.push({ file: fileName, line: row.line, field: "upn", message: `no pupil ${row.upn} on roll: import the pupils file first` });
      }
    }
  }
  if (problems.length > 0) return { status: "invalid", errors: asErrors(problems) };
  const hash = sha256(text);
  const earlier = await store.findImportByHash(deps.rdb.orm, "marks", hash);
  if (earlier) return { status: "already-imported", importId: earlier.id };
  const recordedAt = new Date().toISOString();
  const daysBefore = await store.listSchoolDays(deps.rdb.orm);
  const { importId, applied } = await store.inTransaction(deps.rdb, async (tx) => {
    const importId = (await store.recordImport(tx, { kind: "marks", sha256: hash, fileName, rows: parsed.rows.length, changed: 0, recordedAt, actor })).id;
    const applied = await store.applyMarks(tx, parsed.rows, importId, recordedAt);
    return { importId, applied };
  });
  await deps.cases.recordAmendments(applied.amendments, importId, actor);
  const lastBefore = daysBefore.at(-1);
  const calendarChanges = [...applied.newDays.filter((d) => lastBefore !== undefined && d < lastBefore), ...applied.removedDays];
  if (calendarChanges.length > 0) await deps.cases.recordCalendarChange(daysBefore, await store.listSchoolDays(deps.rdb.orm), calendarChanges, actor);
  const advanced = await deps.cases.advanceCases(actor);
  return {
    status: "imported",
    importId,
    rows: parsed.rows.length,
    changed: applied.changedUpns.length,
    detail: { newSchoolDays: applied.newDays.length, amendments: applied.amendments.length, unchanged: applied.unchanged, casesAdvanced: advanced.cases, caseSteps: advanced.steps, tasksRaised: advanced.tasks },
  };
}
