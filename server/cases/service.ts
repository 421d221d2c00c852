import type { RollcallDb } from "../../db/index.ts";
import * as store from "../../db/index.ts";
import { VersionedReads } from "../../db/readCache.ts";
import type { Pupil } from "../../machines/attendance/pupilsCsv.ts";
import { casePupil as casePupilOf } from "../../machines/case/simulationReport.ts";
import type { Register } from "../../machines/attendance/register.ts";
import { sql } from "drizzle-orm";
import { allocatePupilSeries, computePupilSeries, fillPupilSeries, type PupilSeriesStorage } from "../../machines/attendance/metrics.ts";
import { dailyTasks } from "../../machines/case/dailyTasks.ts";
import { caseMetricsOnDay } from "../../machines/case/dayMetrics.ts";
import { compulsoryAgeDays } from "../../machines/gates/compulsorySchoolAge.ts";
import { DayOutcome, LookAhead, SeriesDay } from "../../machines/case/lookAhead.ts";
import { type CaseSnapshot, openCase, restoreCase, stageOf, statePath, stepCase, storeCase, type StoredCase } from "../../machines/case/stepCase.ts";
import type { CaseEvent, CaseInput, CasePupil, CaseTask } from "../../machines/case/types.ts";
import { compilePolicy, type CompiledPolicy } from "../../machines/policy/compilePolicy.ts";
import { availableEvents, whyNotAccepted } from "../../machines/case/availableEvents.ts";
import { checkEventPayload, MANUAL_EVENT_LABELS, type ManualEventType } from "../../machines/policy/events.ts";
import type { Band } from "../../machines/policy/schema.ts";
import { giveWayIfDue, killPoint, yieldToLoop } from "../imports/progress.ts";
export { availableEvents, type AvailableEvent } from "../../machines/case/availableEvents.ts";
import { isTaskEntryType } from "../../machines/tasks/index.ts";
import { isMeetingEntryType } from "../../machines/meetings/meetingScheduled.ts";
import { eventAnswers, type WorkflowEntry } from "../tasks/workflow.ts";

/** History entries that are not machine events: replay handles each on its own. */
export const CASE_OPENED = "caseOpened";
export const REGISTER_AMENDED = "registerAmended";
export const PUPIL_DETAILS_CHANGED = "pupilDetailsChanged";
export const POLICY_MIGRATED = "policyMigrated";
export const CALENDAR_CHANGED = "calendarChanged";

/**
 * Compiled policies by id and version. Policies are immutable once published, so a compiled machine never
 * goes stale.
 */
export class PolicyCache {
  readonly #compiled = new Map<string, CompiledPolicy>();
  constructor(private readonly rdb: RollcallDb) {}
  async get(id: string, version: number): Promise<CompiledPolicy> {
    const key = `${id}@${version}`;
    const hit = this.#compiled.get(key);
    if (hit) return hit;
    const row = await store.getPolicy(this.rdb.orm, id, version);
    if (!row) throw new Error(`policy ${key} is not published`);
    const compiled = compilePolicy(typeof row.document === "string" ? JSON.parse(row.document) : row.document, key);
    this.#compiled.set(key, compiled);
    return compiled;
  }
}

export interface CaseServiceOptions {
  readonly rdb: RollcallDb;
  readonly policies: PolicyCache;
  /** The policy new cases follow: the latest published version of this id. */
  readonly schoolPolicyId: string;
  /** Today's date (YYYY-MM-DD); injected so tests and replays control time. */
  readonly today: () => string;
}

interface PendingEntry {
  readonly schoolDate: string;
  readonly eventType: string;
  readonly event: unknown;
  readonly fromState: string;
  readonly toState: string;
  readonly rule: string | null;
  readonly reason: string | null;
  readonly tasks: readonly CaseTask[];
}

/** A case as `advanceCases` reads it: the snapshot still as stored JSON. */
interface StoredCaseRow {
  readonly upn: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly value: string;
  readonly context: string;
  readonly revision: number;
  readonly processedThrough: string | null;
}

/** What the days a case had not seen did to it, to be written. */
interface Advance {
  readonly upn: string;
  /** Null: the case is new. */
  readonly expectedRevision: number | null;
  readonly compiled: CompiledPolicy;
  readonly snapshot: StoredCase;
  readonly processedThrough: string | null;
  readonly pending: readonly PendingEntry[];
}

function dueOn(register: Register, task: CaseTask): string | null {
  if (task.dueOn) return task.dueOn;
  if (task.dueInSchoolDays === undefined) return null;
  const d = register.calendar.lastDayOnOrBefore(task.date);
  const due = register.calendar.days[Math.min(register.calendar.days.length - 1, d + task.dueInSchoolDays)];
  // Past the last known school day: count calendar weekdays on from the task's date.
  return due && d + task.dueInSchoolDays < register.calendar.days.length ? due : task.date;
}

/**
 * The attendance lead's case work over the database: cases open and advance through closed school days,
 * people record events on them, and every step is appended to the case's hash-chained history in the same
 * transaction as the case's new state and the tasks it produced.
 */
export class CaseService {
  constructor(private readonly o: CaseServiceOptions) {}

  /** The school's policy as last read, for one data version (publishing a version is a write). */
  readonly #current = new VersionedReads<CompiledPolicy>(1);

  currentPolicy(): Promise<CompiledPolicy> {
    return this.#current.read(this.o.rdb, this.o.schoolPolicyId, () => this.#readCurrentPolicy());
  }

  async #readCurrentPolicy(): Promise<CompiledPolicy> {
    const row = await store.getPolicy(this.o.rdb.orm, this.o.schoolPolicyId);
    if (!row) throw new Error(`the school's policy "${this.o.schoolPolicyId}" is not published`);
    return this.o.policies.get(row.id, row.version);
  }

  /**
   * Opens a case for every pupil without one and steps every case through the school days it has not seen.
   *
   * At a local authority's scale (100,000 cases every school day) the work is arranged so that nothing is
   * done per pupil that can be done once: the register and every case are read in one pass each (pupils only
   * when a case must be opened); the compiled look-ahead (machines/case/lookAhead.ts) decides each day from
   * the prefix sums, and a stored case is rebuilt as a machine snapshot only on a day a rule fires; the writes
   * go in transactions of many pupils, where a case whose only change is the day it has seen through is moved
   * on by one statement for the whole batch. Each pupil's writes stay all-or-nothing (the batch is), and
   * every write is still checked against the revision read: a case changed meanwhile by a person is re-read
   * and retried on its own.
   */
  async advanceCases(actor: string, upns?: readonly string[]): Promise<{ cases: number; steps: number; tasks: number }> {
    const orm = this.o.rdb.orm;
    // The day close never runs past today, nor past the last day of the term dates in force: a school day beyond
    // them (stored before imports refused such dates) would take every case's day close there for good.
    const through = await this.closeThrough();
    const register = await store.loadRegister(orm, { ...(upns ? { upns: [...upns] } : {}), through });
    const policy = await this.currentPolicy();
    await yieldToLoop();
    const rows = await this.readCases(upns);
    await yieldToLoop();
    // Pupils are needed only to open cases: on an ordinary day every pupil already has one.
    const pupils = new Map<string, Pupil>();
    if (register.upns.some((upn) => !rows.has(upn))) for (const p of await store.listPupils(orm)) pupils.set(p.upn, p);

    const storage = allocatePupilSeries(register.calendar.days.length);
    const retry: number[] = [];
    let steps = 0;
    let tasks = 0;
    let cases = 0;
    // Pupils per write transaction. Work is done outside it, giving the request loop back every few
    // milliseconds (db/eventLoop.ts); inside, some 15 µs a pupil plus some 0.1 ms per history entry written
    // (hashed, sealed, inserted, its tasks), as one block of the request loop: every request waiting (a health
    // check included) and every other writer (a person recording an event, the access log of every case read)
    // waits for it. The batch grows or shrinks to keep each transaction at 8–20 ms (smaller, 4–12 ms, made the
    // day close of a school year's import a third slower: each transaction has its own lookups and statements):
    // a school year's first import (many entries a pupil) writes ten or twenty pupils at a time, an ordinary day
    // close hundreds to thousands. In an import worker (server/imports/offLoop.ts) a transaction blocks no loop,
    // only the server's writers, every case read's access-log row among them: 4–10 ms there (a writer waited
    // p99 21–25 ms against 28–34 ms, for an import some 10% slower: docs/performance.md, sixth round).
    const [shortest, longest] = store.writesHandedOver() ? [4, 10] : [8, 20];
    let batchSize = 20;
    for (let start = 0, end = Math.min(register.upns.length, batchSize); start < register.upns.length; start = end, end = Math.min(register.upns.length, start + batchSize)) {
      const batch: Advance[] = [];
      for (let p = start; p < end; p++) {
        // The engine's stepping, outside the transaction: the request loop is given back every few milliseconds.
        await giveWayIfDue();
        const upn = register.upns[p]!;
        const row = rows.get(upn);
        if (!row && !pupils.has(upn)) continue;
        cases++;
        const work = await this.advanceOne(register, p, pupils.get(upn), policy, actor, { row: row ?? null, storage });
        if (work === "conflict" || !("upn" in work)) continue;
        steps += work.pending.length;
        tasks += work.pending.reduce((n, e) => n + e.tasks.length, 0);
        batch.push(work);
      }
      if (batch.length === 0) continue;
      const now = new Date().toISOString();
      // Timed from inside: waiting for the writer (behind other writers, or handed over to an import worker,
      // server/imports/offLoop.ts) says nothing about the batch's size.
      let began = performance.now();
      const conflicts = await store.inTransaction(this.o.rdb, async (tx) => {
        began = performance.now();
        const lost = new Set<string>();
        // Cases that only saw more days: one statement moves them all on, each checked against its revision.
        const touched = batch.filter((w) => w.pending.length === 0 && w.expectedRevision !== null);
        const byThrough = new Map<string | null, Advance[]>();
        for (const w of touched) {
          const list = byThrough.get(w.processedThrough);
          if (list) list.push(w);
          else byThrough.set(w.processedThrough, [w]);
        }
        for (const [through, list] of byThrough) {
          const moved = await store.advanceCasesThrough(tx, through, list.map((w) => ({ upn: w.upn, expectedRevision: w.expectedRevision! })), now);
          for (const w of list) if (!moved.has(w.upn)) lost.add(w.upn);
        }
        // The rest: the cases written whole (new ones inserted), their history appended and their tasks
        // inserted, each kind of write in multi-row statements for the whole batch.
        const rest = batch.filter((w) => !(w.pending.length === 0 && w.expectedRevision !== null));
        for (const upn of await this.writeAdvances(tx, rest, actor, register, now)) lost.add(upn);
        return lost;
      });
      const took = performance.now() - began;
      batchSize = took > longest ? Math.max(4, batchSize >> 1) : took < shortest ? Math.min(2000, batchSize * 2) : batchSize;
      killPoint("advance:batch");
      await yieldToLoop();
      for (const w of batch) {
        if (!conflicts.has(w.upn)) continue;
        steps -= w.pending.length;
        tasks -= w.pending.reduce((n, e) => n + e.tasks.length, 0);
        cases--;
        retry.push(register.pupilIndex.get(w.upn)!);
      }
    }
    // Cases a person changed while the batch was worked out: re-read and retried one at a time.
    for (const p of retry) {
      const upn = register.upns[p]!;
      for (let attempt = 0; attempt < 3; attempt++) {
        const result = await this.advanceOne(register, p, pupils.get(upn) ?? (await store.getPupil(orm, upn)), policy, actor);
        if (result === "conflict") continue;
        cases++;
        if (!("upn" in result)) {
          steps += result.steps;
          tasks += result.tasks;
        }
        break;
      }
    }
    return { cases, steps, tasks };
  }

  /**
   * Every case (or those of `upns`) in one pass, a page at a time, each page as one JSON text: libSQL builds a
   * JavaScript object per row and column, which costs more than the parsing (at 100,000 cases, 1.5 s against 0.5 s).
   */
  private async readCases(upns?: readonly string[], orm: store.Db = this.o.rdb.orm): Promise<Map<string, StoredCaseRow>> {
    const rows = new Map<string, StoredCaseRow>();
    const wanted = upns ? JSON.stringify([...new Set(upns)]) : null;
    for (let after = ""; ; ) {
      const result = (await orm.values(sql`SELECT json_group_array(json_array(upn, policy_id, policy_version, value, context, revision, processed_through))
        FROM (SELECT * FROM cases WHERE upn > ${after} ${wanted === null ? sql`` : sql`AND upn IN (SELECT value FROM json_each(${wanted}))`}
              ORDER BY upn LIMIT 20000)`)) as unknown as ArrayLike<ArrayLike<string>>;
      const list = JSON.parse(result[0]![0]!) as [string, string, number, string, string, number, string | null][];
      for (const [upn, policyId, policyVersion, value, context, revision, processedThrough] of list) {
        rows.set(upn, { upn, policyId, policyVersion, value, context, revision, processedThrough });
        if (upn > after) after = upn; // the page is the next 20,000 by UPN, whatever order the array keeps
      }
      if (list.length < 20000) break;
    }
    return rows;
  }

  /**
   * Works out what the school days a case has not seen do to it. With `prefetched` (the case as read by
   * `advanceCases`, or null when the pupil has none) the work is returned for a batched write; without, the
   * case is read and the work committed here (a retry after a conflict).
   */
  private async advanceOne(
    register: Register,
    p: number,
    pupil: Pupil | undefined,
    schoolPolicy: CompiledPolicy,
    actor: string,
    prefetched?: { row: StoredCaseRow | null; storage: PupilSeriesStorage },
  ): Promise<"conflict" | { steps: number; tasks: number } | Advance> {
    const upn = register.upns[p]!;
    const { calendar } = register;
    let existing: StoredCaseRow | null;
    if (prefetched) existing = prefetched.row;
    else {
      const full = await store.getCase(this.o.rdb.orm, upn);
      existing = full ? { ...full, value: JSON.stringify(full.value), context: JSON.stringify(full.context) } : null;
    }
    const pending: PendingEntry[] = [];
    const from = existing?.processedThrough ? calendar.lastDayOnOrBefore(existing.processedThrough) + 1 : 0;
    if (existing && from >= calendar.days.length) return { steps: 0, tasks: 0 };
    let compiled: CompiledPolicy;
    // The case as stored; rebuilt as a machine snapshot only when a rule is to be stepped.
    let stored: StoredCase;
    let snapshot: CaseSnapshot | null = null;
    if (existing) {
      compiled = await this.o.policies.get(existing.policyId, existing.policyVersion);
      stored = { value: JSON.parse(existing.value), context: JSON.parse(existing.context) as CaseSnapshot["context"] };
    } else {
      if (!pupil) return { steps: 0, tasks: 0 };
      compiled = schoolPolicy;
      const input: CaseInput = {
        upn,
        pupil: casePupilOf(pupil),
        openedOn: { date: calendar.days[0] ?? this.o.today(), dayIndex: -1, attendancePct: null, possibleSessions: 0, attendedSessions: 0, unauthorisedSessions: 0 },
      };
      snapshot = openCase(compiled, input);
      stored = storeCase(snapshot);
      pending.push({ schoolDate: input.openedOn.date, eventType: CASE_OPENED, event: input, fromState: "", toState: statePath(snapshot), rule: null, reason: `Case opened under ${compiled.policy.id} v${compiled.policy.version}`, tasks: [] });
    }
    const marks = register.marks[p]!;
    const series = fillPupilSeries(prefetched?.storage ?? allocatePupilSeries(calendar.days.length), marks, calendar);
    const look = LookAhead.for(compiled);
    const age = compulsoryAgeDays(stored.context.pupil, calendar);
    const day = new SeriesDay(series, marks, calendar, compiled.windows, age);
    let plan = look.forCase(stored);
    let last = existing?.processedThrough ?? null;
    for (let d = from; d < calendar.days.length; d++) {
      last = calendar.days[d]!;
      day.d = d;
      const outcome = plan.outcome(day);
      if (outcome === DayOutcome.Nothing) continue;
      const event: CaseEvent = { type: "schoolDayClosed", date: calendar.days[d]!, dayIndex: d, metrics: caseMetricsOnDay(series, marks, calendar, d, compiled.windows, age) };
      const path = statePath(stored);
      if (outcome === DayOutcome.TasksOnly) {
        // No rule fires: stepping would only run the machine's root handler, the day's tasks (ADR 003).
        const dayTasks = dailyTasks(compiled.daily, stored.context, event);
        pending.push({ schoolDate: event.date, eventType: event.type, event, fromState: path, toState: path, rule: dayTasks[0]?.rule ?? null, reason: dayTasks.map((t) => t.title).join("; "), tasks: dayTasks });
        continue;
      }
      snapshot ??= restoreCase(compiled, stored);
      const step = stepCase(compiled, snapshot, event);
      snapshot = step.snapshot;
      stored = storeCase(snapshot);
      plan = look.forCase(stored);
      if (!step.transition && step.tasks.length === 0) continue;
      pending.push({
        schoolDate: event.date,
        eventType: event.type,
        event,
        fromState: path,
        toState: statePath(stored),
        rule: step.transition?.rule ?? step.rulesFired[0]?.rule ?? step.tasks[0]?.rule ?? null,
        reason: step.transition?.reason ?? (step.tasks.length ? step.tasks.map((t) => t.title).join("; ") : null),
        tasks: step.tasks,
      });
    }
    if (existing && pending.length === 0 && last === existing.processedThrough) return { steps: 0, tasks: 0 };
    const work: Advance = { upn, expectedRevision: existing ? existing.revision : null, compiled, snapshot: stored, processedThrough: last, pending };
    if (prefetched) return work;
    const ok = await this.commit(upn, work.expectedRevision, compiled, stored, last, pending, actor, register);
    if (!ok) return "conflict";
    return { steps: pending.length, tasks: pending.reduce((n, e) => n + e.tasks.length, 0) };
  }

  /** Writes a case's new state, its history entries and their tasks atomically; false when the revision moved. */
  private async commit(
    upn: string,
    expectedRevision: number | null,
    compiled: CompiledPolicy,
    snapshot: CaseSnapshot | StoredCase,
    processedThrough: string | null,
    pending: readonly PendingEntry[],
    actor: string,
    register: Register,
    policyVersion?: number,
    alsoInTransaction?: (tx: store.Db) => Promise<boolean>,
  ): Promise<boolean> {
    const work: Advance = { upn, expectedRevision, compiled, snapshot: { value: snapshot.value, context: snapshot.context }, processedThrough, pending };
    const now = new Date().toISOString();
    const lost = await store.inTransaction(this.o.rdb, async (tx) => {
      const notWritten = await this.writeAdvances(tx, [work], actor, register, now, policyVersion);
      // Throwing rolls the transaction back: the event is not recorded either.
      if (!notWritten.has(upn) && alsoInTransaction && !(await alsoInTransaction(tx))) throw new RefusedWith();
      return notWritten;
    });
    return !lost.has(upn);
  }

  /**
   * Writes cases' new states, their history entries and the tasks those raised, inside `tx`: new cases
   * inserted, the others written whole if still at the revision read, in multi-row statements; the history of
   * every case written appended (one lookup of the chains' last links), then the tasks. Returns the UPNs not
   * written: a case that moved on meanwhile, or one another advance opened meanwhile (two imports at once),
   * which the caller re-reads and retries. Nothing is written for those.
   */
  private async writeAdvances(
    tx: store.Tx,
    works: readonly Advance[],
    actor: string,
    /** For the tasks' due dates (null when no entry raises a task). */
    register: Register | null,
    now: string,
    policyVersion?: number,
  ): Promise<Set<string>> {
    const lost = new Set<string>();
    if (works.length === 0) return lost;
    const row = (w: Advance) => {
      const path = statePath(w.snapshot);
      return { stage: stageOf(path), state: path, value: w.snapshot.value, context: w.snapshot.context, processedThrough: w.processedThrough };
    };
    const fresh = works.filter((w) => w.expectedRevision === null);
    const opened = await store.insertCases(
      tx,
      fresh.map((w) => ({
        upn: w.upn,
        policyId: w.compiled.policy.id,
        policyVersion: w.compiled.policy.version,
        ...row(w),
        openedOn: w.pending[0]?.schoolDate ?? this.o.today(),
        updatedAt: now,
      })),
    );
    for (const w of fresh) if (!opened.has(w.upn)) lost.add(w.upn);
    const known = works.filter((w) => w.expectedRevision !== null);
    const written = await store.updateCasesIfRevision(
      tx,
      known.map((w) => ({
        upn: w.upn,
        expectedRevision: w.expectedRevision!,
        next: { ...row(w), ...(policyVersion !== undefined ? { policyVersion } : {}), updatedAt: now },
      })),
    );
    for (const w of known) if (!written.has(w.upn)) lost.add(w.upn);

    const withHistory = works.filter((w) => w.pending.length > 0 && !lost.has(w.upn));
    const links = await store.appendHistories(
      tx,
      withHistory.map((w) => ({
        upn: w.upn,
        entries: w.pending.map((e) => ({
          schoolDate: e.schoolDate,
          recordedAt: now,
          actor,
          eventType: e.eventType,
          event: e.event,
          fromState: e.fromState,
          toState: e.toState,
          rule: e.rule,
          reason: e.reason,
          tasks: e.tasks,
          policyId: w.compiled.policy.id,
          policyVersion: w.compiled.policy.version,
          revisionAfter: w.expectedRevision === null ? 1 : w.expectedRevision + 1,
        })),
      })),
      { links: true },
    );
    const tasks: store.NewTask[] = [];
    for (const w of withHistory) {
      const entries = links.get(w.upn)!;
      w.pending.forEach((e, i) => {
        for (const t of e.tasks) {
          tasks.push({
            upn: w.upn,
            kind: t.kind,
            title: t.title,
            rule: t.rule,
            template: t.template ?? null,
            createdOn: t.date,
            dueOn: (register && dueOn(register, t)) ?? t.date,
            historySeq: entries[i]!.seq,
          });
        }
      });
    }
    await store.addTasks(tx, tasks);
    return lost;
  }

  /**
   * Moves the cases running an older version of a policy to a new version. The case keeps its state when the
   * new version has it, otherwise it goes to the nearest enclosing state that exists (its stage). With
   * `dryRun`, nothing is written and the report says what would change.
   */
  async migrateCases(policyId: string, toVersion: number, dryRun: boolean, actor: string) {
    const target = await this.o.policies.get(policyId, toVersion);
    const known = new Set(target.statePaths);
    const rows = (await store.listCases(this.o.rdb.orm, { limit: 1_000_000, offset: 0 })).rows.filter((r) => r.policyId === policyId && r.policyVersion !== toVersion);
    const report: { upn: string; fromVersion: number; fromState: string; toState: string; moved: boolean }[] = [];
    for (const row of rows) {
      const parts = row.state.split(".");
      while (parts.length > 1 && !known.has(parts.join("."))) parts.pop();
      const toState = parts.join(".");
      report.push({ upn: row.upn, fromVersion: row.policyVersion, fromState: row.state, toState, moved: toState !== row.state });
      if (dryRun) continue;
      const full = await store.getCase(this.o.rdb.orm, row.upn);
      if (!full) continue;
      const context = full.context as CaseSnapshot["context"];
      const value = toState === row.state ? full.value : toState.split(".").reduceRight<unknown>((inner, key) => (inner === null ? key : { [key]: inner }), null);
      const snapshot = restoreCase(target, { value, context });
      const register = await store.loadRegister(this.o.rdb.orm, { upns: [row.upn] });
      await this.commit(row.upn, full.revision, target, snapshot, full.processedThrough, [
        { schoolDate: full.processedThrough ?? this.o.today(), eventType: POLICY_MIGRATED, event: { from: { id: policyId, version: full.policyVersion }, to: { id: policyId, version: toVersion }, value }, fromState: row.state, toState: statePath(snapshot), rule: null, reason: `Moved to ${policyId} v${toVersion}`, tasks: [] },
      ], actor, register, toVersion);
    }
    return { policyId, toVersion, dryRun, cases: report.length, moved: report.filter((r) => r.moved).length, report };
  }

  /**
   * The last day a day close may take a case through: today, or the last school day of the term dates in force
   * when that is earlier.
   */
  async closeThrough(db: store.Db = this.o.rdb.orm): Promise<string> {
    const today = this.o.today();
    const plan = await store.termDatesInForce(db);
    return plan && plan.lastDay < today ? plan.lastDay : today;
  }

  /**
   * Writes entries that are not machine events (an amendment, new pupil details, re-counted days) inside the
   * import's own transaction `tx`, so that the register or pupils change and every entry it causes commit
   * together or not at all. Inside it no other writer can move a case (the transaction holds the database's
   * write lock from its start), so a case not written means something is wrong: throwing rolls everything back.
   */
  private async writeInImport(tx: store.Tx, works: readonly Advance[], actor: string, point: string): Promise<void> {
    const now = new Date().toISOString();
    for (let start = 0; start < works.length; start += 500) {
      const lost = await this.writeAdvances(tx, works.slice(start, start + 500), actor, null, now);
      if (lost.size > 0) throw new Error(`${lost.size} case(s) changed inside an import's transaction: nothing was imported`);
      killPoint(point);
      await yieldToLoop();
    }
  }

  /** An entry that leaves the case where it is, for `writeInImport`. */
  private entryWork(
    row: StoredCaseRow,
    compiled: CompiledPolicy,
    snapshot: StoredCase,
    entry: { eventType: string; event: unknown; reason: string },
  ): Advance {
    const path = statePath(snapshot);
    return {
      upn: row.upn,
      expectedRevision: row.revision,
      compiled,
      snapshot,
      processedThrough: row.processedThrough,
      pending: [{ schoolDate: row.processedThrough ?? this.o.today(), ...entry, rule: null, fromState: path, toState: path, tasks: [] }],
    };
  }

  /**
   * A school day was added or removed on or before days a case has already seen (a late register file, a day
   * re-marked as a closure). The school-day indexes kept in the case's context (when each state was entered,
   * targets, medical evidence) are re-counted on the new calendar, so timers in school days stay true; the
   * decisions already made stand, and the history records the change. Written in `tx`, the import's transaction.
   */
  async recordCalendarChange(tx: store.Tx, oldDays: readonly string[], newDays: readonly string[], changed: readonly string[], actor: string): Promise<number> {
    if (changed.length === 0) return 0;
    const earliest = [...changed].sort()[0]!;
    const newIndex = new Map(newDays.map((d, i) => [d, i]));
    const oldSet = new Set(oldDays);
    const reindex = (oldIndex: number | null): number | null => {
      if (oldIndex === null || oldIndex < 0) return oldIndex;
      const date = oldDays[Math.min(oldIndex, oldDays.length - 1)];
      if (date === undefined) return oldIndex;
      const exact = newIndex.get(date);
      if (exact !== undefined) return exact + Math.max(0, oldIndex - (oldDays.length - 1));
      // The day itself was removed: the last school day before it.
      let i = newDays.findIndex((d) => d > date);
      if (i < 0) i = newDays.length;
      return i - 1;
    };
    const works: Advance[] = [];
    let n = 0;
    for (const row of (await this.readCases(undefined, tx)).values()) {
      if (row.processedThrough === null || row.processedThrough < earliest) continue;
      if (++n % 200 === 0) await yieldToLoop();
      const compiled = await this.o.policies.get(row.policyId, row.policyVersion);
      const snapshot = restoreCase(compiled, { value: JSON.parse(row.value), context: JSON.parse(row.context) as CaseSnapshot["context"] });
      const context = storeCase(snapshot).context;
      const entered = Object.fromEntries(Object.entries(context.entered).map(([path, stamp]) => [path, { ...stamp, dayIndex: reindex(stamp.dayIndex)! }]));
      const target = context.target
        ? {
            ...context.target,
            setOnDay: reindex(context.target.setOnDay)!,
            reviewOnDay: context.target.reviewOnDay === null ? null : reindex(context.target.setOnDay)! + (context.target.reviewOnDay - context.target.setOnDay),
          }
        : null;
      const next = { ...context, entered, target, medicalEvidenceDayIndex: reindex(context.medicalEvidenceDayIndex) };
      if (JSON.stringify(canonical(next)) === JSON.stringify(canonical(context))) continue;
      const updated = restoreCase(compiled, { value: snapshot.value, context: next });
      works.push(
        this.entryWork(row, compiled, { value: updated.value, context: updated.context }, {
          eventType: CALENDAR_CHANGED,
          event: { added: changed.filter((d) => !oldSet.has(d)), removed: changed.filter((d) => oldSet.has(d)), context: next },
          reason: `School days changed on or before days already seen (${changed.join(", ")}): day counts re-counted`,
        }),
      );
    }
    await this.writeInImport(tx, works, actor, "import:calendarChanged");
    return works.length;
  }

  /**
   * Pupil details (social worker, looked after, SEND, date of birth...) changed by a pupils import: the case's
   * context takes the new details, and its history says so. Written in `tx`, the import's transaction, so the
   * pupils' new details and every case's entry commit together or not at all.
   */
  async recordPupilChanges(tx: store.Tx, pupils: readonly Pupil[], actor: string): Promise<number> {
    const rows = await this.readCases(pupils.map((p) => p.upn), tx);
    const works: Advance[] = [];
    let n = 0;
    for (const pupil of pupils) {
      const row = rows.get(pupil.upn);
      if (!row) continue;
      if (++n % 500 === 0) await yieldToLoop();
      const next = casePupilOf(pupil);
      const context = JSON.parse(row.context) as CaseSnapshot["context"];
      // Most pupils have not changed: compare before rebuilding the machine's snapshot.
      if (JSON.stringify(canonical(context.pupil)) === JSON.stringify(canonical(next))) continue;
      const compiled = await this.o.policies.get(row.policyId, row.policyVersion);
      const snapshot = restoreCase(compiled, { value: JSON.parse(row.value), context });
      const stored = storeCase(snapshot);
      if (JSON.stringify(canonical(stored.context.pupil)) === JSON.stringify(canonical(next))) continue;
      const updated = restoreCase(compiled, { value: snapshot.value, context: { ...stored.context, pupil: next } });
      works.push(
        this.entryWork(row, compiled, { value: updated.value, context: updated.context }, {
          eventType: PUPIL_DETAILS_CHANGED,
          event: { pupil: next },
          reason: "Pupil details changed by a pupils import",
        }),
      );
    }
    await this.writeInImport(tx, works, actor, "import:pupilChanges");
    return works.length;
  }

  /**
   * Marks changed after a case had already seen their day (an N corrected to I): the case keeps what was decided
   * on the data known then; its history records the amendment; the corrected marks count from now on. Written
   * in `tx`, the import's transaction, so the register's change and every entry it causes commit together.
   */
  async recordAmendments(
    tx: store.Tx,
    amendments: readonly { upn: string; date: string; session: string; oldMark: string | null; newMark: string }[],
    importId: number,
    actor: string,
  ): Promise<number> {
    const byPupil = new Map<string, (typeof amendments)[number][]>();
    for (const a of amendments) {
      const list = byPupil.get(a.upn);
      if (list) list.push(a);
      else byPupil.set(a.upn, [a]);
    }
    const rows = await this.readCases([...byPupil.keys()], tx);
    const works: Advance[] = [];
    for (const [upn, list] of byPupil) {
      const row = rows.get(upn);
      if (!row || row.processedThrough === null) continue;
      const seen = list.filter((a) => a.date <= row.processedThrough!);
      if (seen.length === 0) continue;
      const compiled = await this.o.policies.get(row.policyId, row.policyVersion);
      works.push(
        this.entryWork(row, compiled, { value: JSON.parse(row.value), context: JSON.parse(row.context) as CaseSnapshot["context"] }, {
          eventType: REGISTER_AMENDED,
          event: { importId, amendments: seen },
          reason: `Register amended after the fact: ${seen.map((a) => `${a.date} ${a.session} ${a.oldMark ?? "(none)"} → ${a.newMark}`).join(", ")}`,
        }),
      );
    }
    await this.writeInImport(tx, works, actor, "import:amendments");
    return works.length;
  }

  /**
   * Records what a person did on a case. The revision is checked first (409), then the event and its payload
   * (422 naming why), then the machine decides whether the case accepts it now (422 naming the rules that
   * would). Success returns the new revision.
   */
  async recordEvent(
    upn: string,
    expectedRevision: number,
    body: { type?: unknown; payload?: unknown; date?: unknown },
    actor: string,
    options: {
      /**
       * Another write that must commit with the event or not at all (a letter's task completed with its "Letter
       * sent" note). Runs in the same transaction after the event is written; returning false undoes both.
       */
      alsoInTransaction?: (tx: store.Db) => Promise<boolean>;
    } = {},
  ): Promise<
    | { status: "not-found" }
    | { status: "conflict"; revision: number }
    | { status: "invalid"; errors: { field: string; message: string }[] }
    | { status: "not-allowed"; message: string; rule?: string; allowed: string[] }
    | { status: "refused-with" }
    | { status: "ok"; revision: number }
  > {
    const existing = await store.getCase(this.o.rdb.orm, upn);
    if (!existing) return { status: "not-found" };
    if (existing.revision !== expectedRevision) return { status: "conflict", revision: existing.revision };
    const type = typeof body.type === "string" ? body.type : "";
    const check = checkEventPayload(type, body.payload);
    const date = body.date === undefined ? this.o.today() : body.date;
    const errors = check.ok ? [] : [...check.problems];
    if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.push({ field: "date", message: "a date in the form YYYY-MM-DD" });
    else if (date > this.o.today()) errors.push({ field: "date", message: "an event cannot be recorded in the future" });
    if (errors.length > 0 || !check.ok) return { status: "invalid", errors };

    const compiled = await this.o.policies.get(existing.policyId, existing.policyVersion);
    const snapshot = restoreCase(compiled, { value: existing.value, context: existing.context as CaseSnapshot["context"] });
    const register = await store.loadRegister(this.o.rdb.orm, { upns: [upn] });
    const p = register.pupilIndex.get(upn);
    const d = register.calendar.lastDayOnOrBefore(date as string);
    const marks = p === undefined ? new Uint8Array(register.calendar.days.length * 2) : register.marks[p]!;
    const age = compulsoryAgeDays(snapshot.context.pupil, register.calendar);
    const metrics = caseMetricsOnDay(computePupilSeries(marks, register.calendar), marks, register.calendar, d, compiled.windows, age);
    const event: CaseEvent = { type: type as ManualEventType, date: date as string, dayIndex: d, metrics, payload: check.payload, actor };
    const step = stepCase(compiled, snapshot, event);
    if (!step.accepted) {
      const allowed = availableEvents(compiled, snapshot).map((e) => e.type);
      // A statutory gate's refusal names the rule and says why (machines/gates/); otherwise, where the event is allowed.
      const refused = step.refused;
      return {
        status: "not-allowed",
        message: refused
          ? `${MANUAL_EVENT_LABELS[type as ManualEventType]}: refused by a statutory gate (rule ${refused.rule}): ${refused.why}`
          : whyNotAccepted(compiled, statePath(snapshot), type as ManualEventType),
        ...(refused ? { rule: refused.rule } : {}),
        allowed,
      };
    }
    const pending: PendingEntry = {
      schoolDate: date as string,
      eventType: type,
      event,
      fromState: statePath(snapshot),
      toState: statePath(step.snapshot),
      rule: step.transition?.rule ?? step.rulesFired[0]?.rule ?? null,
      // A legal step recorded by a person (a notice to improve, a penalty notice) quotes what its gates saw.
      reason: step.transition?.reason ?? (step.rulesFired[0] ? [step.rulesFired[0].reason, step.rulesFired[0].figures].filter(Boolean).join(": ") : null),
      tasks: step.tasks,
    };
    // The open tasks the event answers, and the follow-ups it raises (server/tasks/workflow.ts), in the same transaction.
    const answers = await eventAnswers(this.o.rdb.orm, upn, { type, payload: check.payload, date: date as string }, snapshot.context.pupil, actor);
    const entries = answers ? [pending, { ...answers.entry, schoolDate: date as string, fromState: pending.toState, toState: pending.toState, rule: null }] : [pending];
    const also = answers ? async (tx: store.Db) => (await answers.inTransaction(tx)) && (!options.alsoInTransaction || (await options.alsoInTransaction(tx))) : options.alsoInTransaction;
    let ok: boolean;
    try {
      ok = await this.commit(upn, existing.revision, compiled, step.snapshot, existing.processedThrough, entries, actor, register, undefined, also);
    } catch (e) {
      if (e instanceof RefusedWith) return { status: "refused-with" };
      throw e;
    }
    if (!ok) {
      const now = await store.getCase(this.o.rdb.orm, upn);
      return { status: "conflict", revision: now?.revision ?? existing.revision };
    }
    return { status: "ok", revision: existing.revision + 1 };
  }

  /**
   * Writes an entry that leaves the case where it is (a task's outcome, a task reopened: server/tasks/workflow.ts)
   * against the revision read, with its follow-up tasks and `alsoInTransaction` in the same transaction.
   */
  async recordEntry(
    upn: string,
    expectedRevision: number,
    entry: WorkflowEntry & { schoolDate?: string },
    actor: string,
    alsoInTransaction?: (tx: store.Db) => Promise<boolean>,
  ): Promise<{ status: "not-found" } | { status: "conflict"; revision: number } | { status: "refused-with" } | { status: "ok"; revision: number }> {
    const existing = await store.getCase(this.o.rdb.orm, upn);
    if (!existing) return { status: "not-found" };
    if (existing.revision !== expectedRevision) return { status: "conflict", revision: existing.revision };
    const compiled = await this.o.policies.get(existing.policyId, existing.policyVersion);
    const stored: StoredCase = { value: existing.value, context: existing.context as CaseSnapshot["context"] };
    const path = statePath(stored);
    const register = await store.loadRegister(this.o.rdb.orm, { upns: [upn] });
    const pending: PendingEntry = { schoolDate: entry.schoolDate ?? this.o.today(), eventType: entry.eventType, event: entry.event, fromState: path, toState: path, rule: null, reason: entry.reason, tasks: entry.tasks };
    let ok: boolean;
    try {
      ok = await this.commit(upn, existing.revision, compiled, stored, existing.processedThrough, [pending], actor, register, undefined, alsoInTransaction);
    } catch (e) {
      if (e instanceof RefusedWith) return { status: "refused-with" };
      throw e;
    }
    if (!ok) return { status: "conflict", revision: (await store.getCase(this.o.rdb.orm, upn))?.revision ?? existing.revision };
    return { status: "ok", revision: existing.revision + 1 };
  }

  /**
   * Proves the stored cases are what their histories produce: the hash chains are intact, and replaying each
   * case's history from its opening through the machine of the policy version it ran under gives, entry by
   * entry, the recorded states, and at the end exactly the stored state and context.
   */
  async verifyAudit(): Promise<{ ok: boolean; checked: number; firstBrokenAt: { upn: string; seq: number; why: string } | null }> {
    const chains = await store.verifyHistoryChains(this.o.rdb.orm);
    if (!chains.ok) return { ok: false, checked: chains.checked, firstBrokenAt: chains.firstBrokenAt ? { ...chains.firstBrokenAt, why: "hash chain broken" } : null };
    const cases = await store.listCases(this.o.rdb.orm, { limit: 1_000_000, offset: 0 });
    for (const row of cases.rows) {
      const broken = await this.replayCase(row.upn);
      if (broken) return { ok: false, checked: chains.checked, firstBrokenAt: broken };
    }
    return { ok: true, checked: chains.checked, firstBrokenAt: null };
  }

  private async replayCase(upn: string): Promise<{ upn: string; seq: number; why: string } | null> {
    const history = await store.caseHistory(this.o.rdb.orm, upn);
    const stored = await store.getCase(this.o.rdb.orm, upn);
    let snapshot: CaseSnapshot | null = null;
    let lastSeq = 0;
    for (const entry of history) {
      lastSeq = entry.seq;
      const compiled = await this.o.policies.get(entry.policyId, entry.policyVersion);
      const event = entry.event as Record<string, unknown>;
      if (entry.eventType === CASE_OPENED) snapshot = openCase(compiled, event as unknown as CaseInput);
      else if (!snapshot) return { upn, seq: entry.seq, why: "history does not start with the case's opening" };
      else if (entry.eventType === REGISTER_AMENDED || isTaskEntryType(entry.eventType) || isMeetingEntryType(entry.eventType)) continue;
      else if (entry.eventType === CALENDAR_CHANGED) snapshot = restoreCase(compiled, { value: storeCase(snapshot).value, context: event.context as CaseSnapshot["context"] });
      else if (entry.eventType === PUPIL_DETAILS_CHANGED || entry.eventType === POLICY_MIGRATED) {
        const current = storeCase(snapshot);
        const context = entry.eventType === PUPIL_DETAILS_CHANGED ? { ...current.context, pupil: event.pupil as CasePupil } : current.context;
        snapshot = restoreCase(compiled, { value: entry.eventType === POLICY_MIGRATED ? event.value : current.value, context });
      } else snapshot = stepCase(compiled, snapshot, event as unknown as CaseEvent).snapshot;
      if (statePath(snapshot) !== entry.toState) return { upn, seq: entry.seq, why: `replay reaches ${statePath(snapshot)}, history says ${entry.toState}` };
    }
    if (!stored || !snapshot) return stored ? { upn, seq: 0, why: "case has no history" } : null;
    const replayed = storeCase(snapshot);
    if (JSON.stringify(canonical(replayed.value)) !== JSON.stringify(canonical(stored.value)) || JSON.stringify(canonical(replayed.context)) !== JSON.stringify(canonical(stored.context))) {
      return { upn, seq: lastSeq, why: "stored state differs from what the history produces" };
    }
    return null;
  }
}

/** The write that had to commit with an event refused: both were undone. */
class RefusedWith extends Error {}

export function bandOf(bands: readonly Band[], pct: number | null): Band | null {
  if (pct === null) return null;
  return bands.find((b) => pct >= b.min && pct <= b.max) ?? bands.find((b) => pct >= b.min) ?? null;
}


function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}
