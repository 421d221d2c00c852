import type { PupilCaseResult } from "../../../machines/case/simulate.ts";

/** One thing that happened on a pupil's case on one day: a move between states, or a task raised. */
export interface Happening {
  readonly date: string;
  readonly kind: "move" | "task";
  /** The rule that did it (a task of the national baselines: `statutory:<name>`). */
  readonly rule: string;
  /** Moves: the dotted states before and after. */
  readonly from?: string;
  readonly to?: string;
  /** Tasks: the task kind and its title. */
  readonly taskKind?: string;
  readonly title?: string;
  /** What makes two happenings the same under two policies (the date aside). */
  readonly key: string;
}

/** A pupil's case as a list of happenings, by date (moves before the tasks they raise on the same day). */
export function timelineOf(r: PupilCaseResult): Happening[] {
  const out: Happening[] = [];
  for (const t of r.transitions) out.push({ date: t.date, kind: "move", rule: t.rule, from: t.from, to: t.to, key: `move ${t.from}>${t.to} ${t.rule}` });
  for (const t of r.tasks) out.push({ date: t.date, kind: "task", rule: t.rule, taskKind: t.kind, title: t.title, key: `task ${t.kind} ${t.title} ${t.rule}` });
  // A stable sort: the engine's own order is kept within a day.
  return out.map((h, i) => ({ h, i, move: h.kind === "move" ? 0 : 1 })).sort((x, y) => (x.h.date < y.h.date ? -1 : x.h.date > y.h.date ? 1 : x.move - y.move || x.i - y.i)).map((x) => x.h);
}

const byDate = (list: readonly Happening[]) => {
  const out = new Map<string, Happening[]>();
  for (const h of list) {
    const day = out.get(h.date);
    if (day) day.push(h);
    else out.set(h.date, [h]);
  }
  return out;
};

/** The happenings of `a` with no match in `b` (as multisets of keys), in `a`'s order. */
function unmatched(a: readonly Happening[], b: readonly Happening[]): Happening[] {
  const left = new Map<string, number>();
  for (const h of b) left.set(h.key, (left.get(h.key) ?? 0) + 1);
  const out: Happening[] = [];
  for (const h of a) {
    const n = left.get(h.key) ?? 0;
    if (n > 0) left.set(h.key, n - 1);
    else out.push(h);
  }
  return out;
}

/** One school day of a pupil's case under both policies. */
export interface TimelineRow {
  readonly date: string;
  readonly tried: readonly Happening[];
  readonly against: readonly Happening[];
  /** Whether the two policies did something different that day. */
  readonly differs: boolean;
}

/** The days on which anything happened under either policy, side by side, in date order. */
export function sideBySideTimeline(tried: PupilCaseResult | null, against: PupilCaseResult | null): TimelineRow[] {
  const a = byDate(tried ? timelineOf(tried) : []);
  const b = byDate(against ? timelineOf(against) : []);
  const dates = [...new Set([...a.keys(), ...b.keys()])].sort();
  return dates.map((date) => {
    const x = a.get(date) ?? [];
    const y = b.get(date) ?? [];
    return { date, tried: x, against: y, differs: unmatched(x, y).length > 0 || unmatched(y, x).length > 0 };
  });
}

/** The first school day on which the two policies did something different for a pupil, and why. */
export interface Divergence {
  readonly upn: string;
  readonly date: string;
  /** What happened that day under the policy being tried and not under the other (empty: nothing did). */
  readonly tried: readonly Happening[];
  readonly against: readonly Happening[];
  /** The rule behind the first of those under each policy; null when nothing happened under it that day. */
  readonly triedRule: string | null;
  readonly againstRule: string | null;
}

/**
 * The first day the two policies diverge for one pupil: the earliest date on which one of them moved the case or
 * raised a task the other did not (the same move or task on the same day is no difference). Null when the two
 * cases went exactly the same way.
 */
export function firstDivergence(tried: PupilCaseResult | null, against: PupilCaseResult | null): Divergence | null {
  const upn = (tried ?? against)?.upn;
  if (!upn) return null;
  for (const row of sideBySideTimeline(tried, against)) {
    if (!row.differs) continue;
    const x = unmatched(row.tried, row.against);
    const y = unmatched(row.against, row.tried);
    return { upn, date: row.date, tried: x, against: y, triedRule: x[0]?.rule ?? null, againstRule: y[0]?.rule ?? null };
  }
  return null;
}

/** Every pupil's first divergence between two runs over the same register, by UPN (pupils who went the same way are absent). */
export function divergences(tried: readonly PupilCaseResult[], against: readonly PupilCaseResult[]): Map<string, Divergence> {
  const b = new Map(against.map((r) => [r.upn, r]));
  const a = new Map(tried.map((r) => [r.upn, r]));
  const out = new Map<string, Divergence>();
  for (const upn of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const d = firstDivergence(a.get(upn) ?? null, b.get(upn) ?? null);
    if (d) out.set(upn, d);
  }
  return out;
}
