/**
 * A case's path through its policy's chart, from its history: the states it entered, in order, each with the date
 * it entered and left, and the rule that moved it there. The case page's chart highlights it.
 */

/** What the path reads of a history entry (db/history.ts's HistoryEntry has these and more). */
export interface PathEntry {
  readonly schoolDate: string;
  readonly eventType: string;
  readonly fromState: string;
  readonly toState: string;
  readonly rule: string | null;
}

/** One stay in a state. */
export interface PathVisit {
  /** Dotted state id entered: `formalise.sapInvited`. */
  readonly state: string;
  readonly enteredOn: string;
  /** When it moved on; null for where the case is now. */
  readonly leftOn: string | null;
  /** The state it came from ("" when the case was opened). */
  readonly from: string;
  /** The rule that moved it here (null when opened, or moved by a person without a rule). */
  readonly rule: string | null;
  /** What moved it: `schoolDayClosed`, `sapMeeting`, `caseOpened`… */
  readonly event: string;
}

/** The visits in order, oldest first: each entry that moved the case (or opened it) starts one. */
export function casePath(entries: readonly PathEntry[]): PathVisit[] {
  const visits: { -readonly [K in keyof PathVisit]: PathVisit[K] }[] = [];
  for (const e of entries) {
    if (!e.toState || e.toState === e.fromState) continue;
    const last = visits.at(-1);
    if (last) last.leftOn = e.schoolDate;
    visits.push({ state: e.toState, enteredOn: e.schoolDate, leftOn: null, from: e.fromState, rule: e.rule, event: e.eventType });
  }
  return visits;
}
