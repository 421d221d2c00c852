/**
 * Who a notice to improve or a penalty notice was addressed to, as the school held its parents and carers on the
 * day it was recorded: the parent the event names (matched by name), or, when it names none, the parents held
 * liable for notices with parental responsibility. The versions make it provable: what was held then, not now.
 */
import { nameKey, type ParentCarerVersion } from "../../db/parentsCarers.ts";

export const NOTICE_EVENTS = ["noticeToImproveIssued", "penaltyNoticeIssued"] as const;

export interface NoticeAddressee {
  readonly seq: number;
  readonly date: string;
  readonly recordedAt: string;
  readonly eventType: string;
  /** The parent the event names, as the person recording it wrote it ("" when none). */
  readonly named: string;
  /** The parents and carers it was addressed to, as held when it was recorded. */
  readonly addressees: readonly ParentCarerVersion[];
  /** How they were found: the name on the event, or the liable parents with parental responsibility. */
  readonly how: "named" | "liable";
  /** Words when something does not hold: the name matches nobody held then, or nobody is held liable. */
  readonly problem: string | null;
}

/** The parents and carers as held at an instant: each person's newest version recorded by then, unless removed. */
export function heldAt(history: readonly ParentCarerVersion[], at: string): ParentCarerVersion[] {
  const latest = new Map<number, ParentCarerVersion>();
  for (const v of history) {
    if (v.changedAt > at) continue;
    const before = latest.get(v.parentId);
    if (!before || v.version > before.version) latest.set(v.parentId, v);
  }
  return [...latest.values()].filter((v) => !v.removed).sort((a, b) => a.priority - b.priority || a.parentId - b.parentId);
}

interface NoticeEntry {
  readonly seq: number;
  readonly date: string;
  readonly recordedAt: string;
  readonly eventType: string;
  readonly payload: Record<string, unknown> | null;
}

export function noticeAddressees(entries: readonly NoticeEntry[], history: readonly ParentCarerVersion[]): NoticeAddressee[] {
  return entries
    .filter((e) => (NOTICE_EVENTS as readonly string[]).includes(e.eventType))
    .map((e) => {
      const held = heldAt(history, e.recordedAt);
      const named = typeof e.payload?.parent === "string" ? e.payload.parent.trim() : "";
      const addressees = named
        ? held.filter((p) => nameKey(p.name) === nameKey(named))
        : held.filter((p) => p.parentalResponsibility && p.liableForNotices === true);
      const problem = addressees.length
        ? null
        : named
          ? `${named} was not among the parents and carers held for this pupil when it was recorded`
          : "no parent was named, and nobody with parental responsibility was held liable for notices when it was recorded";
      return { seq: e.seq, date: e.date, recordedAt: e.recordedAt, eventType: e.eventType, named, addressees, how: named ? ("named" as const) : ("liable" as const), problem };
    });
}
