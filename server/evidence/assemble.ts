/**
 * The evidence bundle a local authority asks for before a penalty notice or a prosecution, assembled from the
 * case's hash-chained history, its tasks and contacts, and the register: who the pupil is, the attendance
 * summary and the record week by week, every stage change with its reason and figures, the support offered
 * and the meetings held, the letters sent, and whether the case's audit chain holds.
 */
import * as store from "../../db/index.ts";
import { auditCheckpoint, verifyCaseHeads, verifyRegisterSeals, type Checkpoint } from "../../db/auditSeals.ts";
import type { PupilMetrics } from "../../machines/attendance/metrics.ts";
import { REGISTER_CODES } from "../../machines/attendance/codes.ts";
import { restoreCase, type CaseSnapshot } from "../../machines/case/stepCase.ts";
import { historyEntryLabel } from "../../machines/case/historyWords.ts";
import type { SupportRecord } from "../../machines/case/types.ts";
import { supportRecords } from "../../machines/gates/supportFirst.ts";
import { metricsAsOf, pupilRegister, weeklyRecord, type RegisterWeek } from "../attendance/series.ts";
import type { ServerDeps } from "../deps.ts";
import { noticeAddressees, type NoticeAddressee } from "../parents/notices.ts";

/** Events that are support offered, meetings held or formal steps, as the bundle groups them. */
export const SUPPORT_EVENTS = [
  "sapMeetingHeld",
  "parentDidNotAttend",
  "contractSigned",
  "supportOffered",
  "supportDeclined",
  "supportNotAppropriate",
  "homeVisitMade",
  "referralMade",
  "medicalEvidenceReceived",
  "noticeToImproveIssued",
  "penaltyNoticeIssued",
] as const;

export interface EvidenceEntry {
  readonly seq: number;
  readonly date: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly eventType: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
  readonly rule: string | null;
  readonly reason: string | null;
  readonly payload: Record<string, unknown> | null;
  readonly metrics: Record<string, unknown> | null;
  readonly hash: string;
}

export interface EvidenceBundle {
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly schoolDate: string;
  readonly school: string;
  readonly pupil: NonNullable<Awaited<ReturnType<typeof store.getPupil>>> | null;
  readonly upn: string;
  readonly case: { stage: string; state: string; openedOn: string; processedThrough: string | null; policy: { id: string; version: number; name: string }; target: CaseSnapshot["context"]["target"]; reviewDate: string | null };
  readonly metrics: PupilMetrics | null;
  readonly weeks: readonly RegisterWeek[];
  readonly codesUsed: readonly { code: string; meaning: string }[];
  readonly stageChanges: readonly EvidenceEntry[];
  readonly support: readonly EvidenceEntry[];
  /**
   * The support a person recorded that the "support first" gate counts (machines/gates/supportFirst.ts): the same
   * records a move into Enforce names in its reason. A letter sent or a stage entered is not among them.
   */
  readonly supportFirst: readonly SupportRecord[];
  readonly notes: readonly EvidenceEntry[];
  /** Each letter task, with its copy as first printed (text frozen, its digest) and when it was sent, if it was. */
  readonly letters: readonly EvidenceLetter[];
  readonly actions: readonly store.TaskRecord[];
  /** Casework still to do (open tasks other than letters): a follow-up raised by a call or a visit among them. */
  readonly stillToDo: readonly store.TaskRecord[];
  readonly contacts: readonly store.ContactRecord[];
  /** The parents and carers held now (server/parents/). */
  readonly parentsCarers: readonly store.ParentCarerVersion[];
  /** Each notice to improve and penalty notice, and the parent(s) it was addressed to as held on the day. */
  readonly notices: readonly NoticeAddressee[];
  readonly audit: {
    ok: boolean;
    checked: number;
    firstBrokenSeq: number | null;
    lastHash: string | null;
    /** The case's chain ends at its head sealed with the audit key (db/auditSeals.ts), or why not. */
    headSealed: boolean;
    headProblem: string | null;
    /** The pupil's register matches its seals, or what does not. */
    registerSealed: boolean;
    registerProblem: string | null;
    /**
     * The signed checkpoint of the whole audit trail this bundle was built from: an auditor keeps it and can later
     * ask whether the trail still extends it (POST /api/audit/checkpoint/verify).
     */
    checkpoint: Checkpoint;
  };
}

export async function assembleEvidence(deps: ServerDeps, upn: string, by: string): Promise<EvidenceBundle | null> {
  const row = await store.getCase(deps.rdb.orm, upn);
  if (!row) return null;
  const pupil = (await store.getPupil(deps.rdb.orm, upn)) ?? null;
  const compiled = await deps.policies.get(row.policyId, row.policyVersion);
  const context = restoreCase(compiled, { value: row.value, context: row.context as CaseSnapshot["context"] }).context;
  const reg = await pupilRegister(deps, upn);
  const entries: EvidenceEntry[] = (await store.caseHistory(deps.rdb.orm, upn)).map((e) => {
    const event = (typeof e.event === "string" ? JSON.parse(e.event) : e.event) as { payload?: Record<string, unknown>; metrics?: Record<string, unknown> } | null;
    return {
      seq: e.seq,
      date: e.schoolDate,
      recordedAt: e.recordedAt,
      actor: e.actor,
      eventType: e.eventType,
      label: historyEntryLabel(e.eventType),
      from: e.fromState,
      to: e.toState,
      rule: e.rule,
      reason: e.reason,
      payload: event?.payload ?? null,
      metrics: event?.metrics ?? null,
      hash: e.hash,
    };
  });
  const tasks = await store.listTasks(deps.rdb.orm, { upn });
  const chain = await store.verifyHistoryChains(deps.rdb.orm, { upn });
  const head = await verifyCaseHeads(deps.rdb.orm, { upn });
  const register = await verifyRegisterSeals(deps.rdb.orm, { upn });
  const checkpoint = await auditCheckpoint(deps.rdb.orm);
  const used = new Set<string>();
  const weeks = weeklyRecord(reg);
  for (const w of weeks) for (const d of w.days) for (const c of [d.am, d.pm]) if (c) used.add(c);
  return {
    generatedAt: new Date().toISOString(),
    generatedBy: by,
    schoolDate: deps.today(),
    school: compiled.policy.source.school,
    pupil,
    upn,
    case: {
      stage: row.stage,
      state: row.state,
      openedOn: row.openedOn,
      processedThrough: row.processedThrough,
      policy: { id: row.policyId, version: row.policyVersion, name: compiled.policy.name },
      target: context.target,
      reviewDate: context.reviewDate,
    },
    metrics: reg.calendar.days.length ? metricsAsOf(reg) : null,
    weeks,
    codesUsed: REGISTER_CODES.filter((c) => used.has(c.code)).map((c) => ({ code: c.code, meaning: c.meaning })),
    stageChanges: entries.filter((e) => e.eventType === "caseOpened" || (e.from !== e.to && e.from !== "")),
    support: entries.filter((e) => (SUPPORT_EVENTS as readonly string[]).includes(e.eventType)),
    supportFirst: supportRecords(context),
    notes: entries.filter((e) => e.eventType === "note"),
    letters: await lettersWithCopies(deps, tasks.filter((t) => t.kind === "letter")),
    actions: tasks.filter((t) => t.kind !== "letter" && t.status === "done"),
    stillToDo: tasks.filter((t) => t.kind !== "letter" && t.status === "open").sort((x, y) => (x.dueOn ?? "9999").localeCompare(y.dueOn ?? "9999") || x.id - y.id),
    contacts: await store.listContacts(deps.rdb.orm, upn),
    parentsCarers: await store.listParentsCarers(deps.rdb.orm, upn),
    notices: noticeAddressees(entries, await store.parentsCarersHistory(deps.rdb.orm, upn)),
    audit: {
      ok: chain.ok && head.ok && register.ok,
      checked: chain.checked,
      firstBrokenSeq: chain.firstBrokenAt?.seq ?? null,
      lastHash: entries.at(-1)?.hash ?? null,
      headSealed: head.ok,
      headProblem: head.firstBroken?.what ?? null,
      registerSealed: register.ok,
      registerProblem: register.firstBroken?.what ?? null,
      checkpoint,
    },
  };
}

/** A letter task as the bundle shows it: when it was first printed (and the digest of what was printed), and sent. */
export type EvidenceLetter = store.TaskRecord & {
  readonly printed: { readonly on: string; readonly by: string; readonly digest: string } | null;
  readonly sending: { readonly on: string; readonly by: string; readonly how: string } | null;
};

async function lettersWithCopies(deps: ServerDeps, letters: readonly store.TaskRecord[]): Promise<EvidenceLetter[]> {
  const ids = letters.map((l) => l.id);
  const [copies, sendings] = await Promise.all([store.letterCopiesOf(deps.rdb.orm, ids), store.letterSendingsOf(deps.rdb.orm, ids)]);
  return letters.map((l) => {
    const copy = copies.get(l.id);
    const sending = sendings.get(l.id);
    return {
      ...l,
      printed: copy ? { on: copy.printedOn, by: copy.printedBy, digest: copy.digest } : null,
      sending: sending ? { on: sending.sentOn, by: sending.sentBy, how: sending.how } : null,
    };
  });
}
