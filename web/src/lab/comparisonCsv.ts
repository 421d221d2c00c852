import type { PupilCaseResult } from "../../../machines/case/simulate.ts";
import { humanise } from "../chart/chartModel.ts";
import { stageName, TASK_KIND_WORDS } from "../words.ts";
import { changedPupils, outcomeOf } from "./compare.ts";
import { type CsvValue, toCsv } from "./csv.ts";
import { divergences, type Happening } from "./divergence.ts";

/** A dotted state in words: "Listen and understand · Letter 1 monitoring". */
export const stateWords = (state: string) => `${stageName(state.split(".")[0]!)}${state.includes(".") ? ` · ${humanise(state.split(".").slice(-1)[0]!)}` : ""}`;

/** One happening in words: "moved to Listen and understand · Letter 1 monitoring", "Letter to send: Letter 1". */
export function happeningWords(h: Happening): string {
  if (h.kind === "move") return `moved to ${stateWords(h.to!)}`;
  const kind = TASK_KIND_WORDS[h.taskKind!] ?? h.taskKind!;
  // "Home visit: 5 days continuous absence", not "Home visit: Home visit: 5 days…".
  return h.title!.toLowerCase().startsWith(kind.toLowerCase()) ? h.title! : `${kind}: ${h.title}`;
}

/**
 * The comparison of two runs over the same register as CSV: one row per pupil (by UPN) with what each policy did
 * (stage at the end, moves into Enforce, letters, penalty-notice decisions), whether the outcome differs, and the
 * first day the two diverge with what each did that day and the rule behind it.
 */
export function comparisonCsv({ triedLabel, againstLabel, tried, against }: { triedLabel: string; againstLabel: string; tried: readonly PupilCaseResult[]; against: readonly PupilCaseResult[] }): string {
  const a = new Map(tried.map((r) => [r.upn, r]));
  const b = new Map(against.map((r) => [r.upn, r]));
  const changed = new Set(changedPupils(tried, against).map((c) => c.upn));
  const diverged = divergences(tried, against);
  const both = (name: string) => [`${name} under ${triedLabel}`, `${name} under ${againstLabel}`];
  const rows: CsvValue[][] = [
    [
      "UPN",
      "Outcome differs",
      ...both("Stage at the end"),
      ...both("Moves into Enforce"),
      ...both("Letters"),
      ...both("Penalty-notice decisions"),
      "First day they differ",
      `What happened under ${triedLabel}`,
      `Rule under ${triedLabel}`,
      `What happened under ${againstLabel}`,
      `Rule under ${againstLabel}`,
    ],
  ];
  for (const upn of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(upn) ? outcomeOf(a.get(upn)!) : null;
    const y = b.get(upn) ? outcomeOf(b.get(upn)!) : null;
    const d = diverged.get(upn);
    rows.push([
      upn,
      changed.has(upn) ? "yes" : "no",
      x ? stateWords(x.state) : null,
      y ? stateWords(y.state) : null,
      x?.enforceMoves,
      y?.enforceMoves,
      x?.letters,
      y?.letters,
      x?.penaltyNoticeDecisions,
      y?.penaltyNoticeDecisions,
      d?.date,
      d ? (d.tried.length ? d.tried.map(happeningWords).join("; ") : "nothing") : null,
      d?.triedRule,
      d ? (d.against.length ? d.against.map(happeningWords).join("; ") : "nothing") : null,
      d?.againstRule,
    ]);
  }
  return toCsv(rows);
}
