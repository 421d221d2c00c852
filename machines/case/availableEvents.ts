import { describeGuard } from "../policy/describeGuard.ts";
import type { CompiledPolicy } from "../policy/compilePolicy.ts";
import { MANUAL_EVENT_LABELS, MANUAL_EVENT_TYPES, type ManualEventType } from "../policy/events.ts";
import { activePaths, stageOf, statePath } from "./stepCase.ts";

/** An event a person can record on the case now, and the school's rules for it from the current state. */
export interface AvailableEvent {
  readonly type: ManualEventType;
  readonly label: string;
  /** The school's rules for this event from the current state: where each leads, and when. */
  readonly rules: { id: string; to: string | null; when: string; reason: string }[];
}

/**
 * The events a person can record on the case now, innermost state's rules first: the case page's list, the
 * sandbox's, and what the server accepts.
 */
export function availableEvents(compiled: CompiledPolicy, snapshot: { value: unknown }): AvailableEvent[] {
  const path = statePath(snapshot);
  if (stageOf(path) === "closed") {
    return [
      { type: "reopenCase", label: MANUAL_EVENT_LABELS.reopenCase, rules: [{ id: "reopen-case", to: compiled.policy.initial, when: "always", reason: "Case reopened" }] },
      { type: "note", label: MANUAL_EVENT_LABELS.note, rules: [] },
    ];
  }
  return MANUAL_EVENT_TYPES.filter((t) => t !== "reopenCase").map((type) => ({
    type,
    label: MANUAL_EVENT_LABELS[type],
    rules: activePaths(path).flatMap((p) =>
      (compiled.rulesByState.get(p) ?? [])
        .filter((r) => r.on === type && !(r.builtIn && r.to === undefined))
        .map((r) => ({ id: r.id, to: r.to ?? null, when: describeGuard(r.guard), reason: r.reason })),
    ),
  }));
}

/** Why an event is not accepted from the case's state (`path`), in words: what each of its rules needs. */
export function whyNotAccepted(compiled: CompiledPolicy, path: string, type: ManualEventType): string {
  const rules = activePaths(path).flatMap((p) => (compiled.rulesByState.get(p) ?? []).filter((r) => r.on === type));
  if (rules.length === 0) return `${MANUAL_EVENT_LABELS[type]} is not allowed while the case is in ${path}`;
  return `${MANUAL_EVENT_LABELS[type]} is not allowed now: ${rules.map((r) => `${r.id} needs ${describeGuard(r.guard)}`).join("; ")}`;
}
