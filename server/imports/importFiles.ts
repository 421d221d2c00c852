import * as store from "../../db/index.ts";
import { dataVersion } from "../../db/readCache.ts";
import type { InputProblem } from "../../machines/attendance/inputProblem.ts";
import { parsePupilsCsv } from "../../machines/attendance/pupilsCsv.ts";
import { upnProblem } from "../../machines/attendance/upn.ts";
import type { ServerDeps } from "../deps.ts";
import { killPoint } from "./progress.ts";
import { checkMarkDates, readMarksFile, sha256OfText } from "./readMarks.ts";

export type ImportResult =
  | { status: "invalid"; errors: { line: number; field: string; message: string }[] }
  | { status: "already-imported"; importId: number }
  | { status: "imported"; importId: number; rows: number; changed: number; detail: Record<string, unknown> };

/** How many times a marks import works out its register writes before its transaction (see `importMarks`). */
const OPTIMISTIC_TRIES = 3;

const asErrors = (problems: readonly InputProblem[]) => problems.map(({ line, field, message }) => ({ line, field, message }));

/**
 * Imports a pupils file: every row checked first; on any problem nothing is written. The same file imported
 * again changes nothing. Flags that changed for a pupil with a case are recorded in the case's history, in
 * the same transaction as the pupils themselves: both commit or neither does (a process killed in between
 * leaves the file not imported, and importing it again applies it).
 */
export async function importPupils(deps: ServerDeps, text: string, fileName: string, actor: string): Promise<ImportResult> {
  const parsed = parsePupilsCsv(text, fileName, { validateUpn: upnProblem });
  if (parsed.problems.length > 0) return { status: "invalid", errors: asErrors(parsed.problems) };
  const hash = await sha256OfText(text);
  const earlier = await store.findImportByHash(deps.rdb.orm, "pupils", hash);
  if (earlier) return { status: "already-imported", importId: earlier.id };
  const result = await store.inTransaction(deps.rdb, async (tx) => {
    // Checked again inside: the same file posted twice at once is imported once.
    const again = await store.findImportByHash(tx, "pupils", hash);
    if (again) return { importId: again.id, again: true as const };
    const counts = await store.upsertPupils(tx, parsed.pupils);
    killPoint("pupils:upserted");
    const importId = (await store.recordImport(tx, { kind: "pupils", sha256: hash, fileName, rows: parsed.pupils.length, changed: counts.inserted + counts.updated, recordedAt: new Date().toISOString(), actor })).id;
    const casesChanged = await deps.cases.recordPupilChanges(tx, parsed.pupils, actor);
    killPoint("pupils:beforeCommit");
    return { importId, counts, casesChanged };
  });
  if ("again" in result) return { status: "already-imported", importId: result.importId };
  killPoint("pupils:committed");
  return {
    status: "imported",
    importId: result.importId,
    rows: parsed.pupils.length,
    changed: result.counts.inserted + result.counts.updated,
    detail: { ...result.counts, casesChanged: result.casesChanged },
  };
}

/**
 * Imports register marks: every row checked (codes, sessions, UPNs known as pupils, conflicting duplicates, and
 * dates: no day after today, none the term dates in force do not plan as a school day, none far outside the
 * school year: `checkMarkDates`); on any problem nothing is written. The marks, the amendments of marks a case
 * has already seen (recorded in its history: the decisions stand; the corrected marks count from now on) and
 * the re-counted day indexes of a school day added or removed before days already seen are written in one
 * transaction: all of them commit or none does. Then every case advances through the school days it has not
 * seen, in batches, each all-or-nothing; a run cut short is caught up on the next start (server/main.ts).
 *
 * The work gives the request loop back between pieces (parsing, checks, writes, each batch of cases), so
 * reads are served while a school year imports. The register work (reading the stored registers, changing
 * them, sealing the changed chunks) is done before the write transaction, which then holds only the checks
 * and the writes: every other writer, and so every case read's access-log row, waits for that transaction
 * (db/accessLogWriter.ts), and a school year's took most of a second when the work was inside it.
 */
export async function importMarks(deps: ServerDeps, text: string, fileName: string, actor: string): Promise<ImportResult> {
  const parsed = await readMarksFile(text, fileName);
  const problems = [...parsed.problems];
  if (problems.length === 0) {
    // Only the file's own UPNs are looked up: a day's file for a local authority names 100,000 pupils, and
    // reading every pupil to check them took longer than the check.
    const unknown = await store.upnsNotOnRoll(deps.rdb.orm, [...new Set(parsed.rows.map((r) => r.upn))]);
    const reported = new Set<string>();
    for (const row of parsed.rows) {
      if (unknown.has(row.upn) && !reported.has(row.upn)) {
        reported.add(row.upn);
        problems.push({ file: fileName, line: row.line, field: "upn", message: `no pupil ${row.upn} on roll: import the pupils file first` });
      }
    }
    const plan = await store.termDatesInForce(deps.rdb.orm);
    const registerYears = [...new Set((await store.listSchoolDays(deps.rdb.orm)).map(store.schoolYearOf))];
    problems.push(...(await checkMarkDates(parsed.rows, fileName, { today: deps.today(), termDays: plan?.schoolDays, registerYears })));
    problems.sort((a, b) => a.line - b.line);
  }
  if (problems.length > 0) return { status: "invalid", errors: asErrors(problems) };
  const hash = await sha256OfText(text);
  const earlier = await store.findImportByHash(deps.rdb.orm, "marks", hash);
  if (earlier) return { status: "already-imported", importId: earlier.id };
  const recordedAt = new Date().toISOString();
  // The rows placed in the registers' terms, and the registers' new bytes and seals worked out, before the
  // transaction: other writers (the access log of every case read) need not wait for that work. Inside, the
  // registers are checked to be as they were read (at once when nothing at all has been committed since: the
  // data version, db/readCache.ts; otherwise by comparing what was read); if another import wrote them
  // meanwhile, the work is done again, and after OPTIMISTIC_TRIES such misses inside the transaction, where
  // nobody else can write.
  const placed = await store.placeMarks(parsed.rows);
  const committed = async () => {
    for (let attempt = 1; attempt <= OPTIMISTIC_TRIES; attempt++) {
      const version = await dataVersion(deps.rdb);
      const result = await commitMarks(await store.prepareMarks(deps.rdb.orm, placed), version);
      if (!("stale" in result)) return result;
    }
    const result = await commitMarks(null, null);
    if ("stale" in result) throw new Error("unreachable: prepared inside the transaction");
    return result;
  };
  const done = await committed();
  async function commitMarks(prepared: store.PreparedMarks | null, preparedAt: string | null) {
    return store.inTransaction(deps.rdb, async (tx) => {
      const again = await store.findImportByHash(tx, "marks", hash);
      if (again) return { importId: again.id, again: true as const };
      if (prepared) {
        const untouched = preparedAt !== null && (await dataVersion(deps.rdb)) === preparedAt;
        if (!untouched && !(await store.preparedMarksHold(tx, prepared))) return { stale: true as const };
      }
      const marks = prepared ?? (await store.prepareMarks(tx, placed));
      const daysBefore = await store.listSchoolDays(tx);
      const importId = (await store.recordImport(tx, { kind: "marks", sha256: hash, fileName, rows: parsed.rows.length, changed: 0, recordedAt, actor })).id;
      const applied = await store.writePreparedMarks(tx, marks, importId, recordedAt);
      killPoint("marks:applied");
      const amended = await deps.cases.recordAmendments(tx, applied.amendments, importId, actor);
      const lastBefore = daysBefore.at(-1);
      const calendarChanges = [...applied.newDays.filter((d) => lastBefore !== undefined && d < lastBefore), ...applied.removedDays];
      const recounted = calendarChanges.length > 0 ? await deps.cases.recordCalendarChange(tx, daysBefore, await store.listSchoolDays(tx), calendarChanges, actor) : 0;
      killPoint("marks:beforeCommit");
      return { importId, applied, amended, recounted };
    });
  }
  if ("again" in done) return { status: "already-imported", importId: done.importId };
  killPoint("marks:committed");
  const { importId, applied } = done;
  const advanced = await deps.cases.advanceCases(actor);
  return {
    status: "imported",
    importId,
    rows: parsed.rows.length,
    changed: applied.changedUpns.length,
    detail: {
      newSchoolDays: applied.newDays.length,
      amendments: applied.amendments.length,
      casesAmended: done.amended,
      casesRecounted: done.recounted,
      unchanged: applied.unchanged,
      casesAdvanced: advanced.cases,
      caseSteps: advanced.steps,
      tasksRaised: advanced.tasks,
    },
  };
}
