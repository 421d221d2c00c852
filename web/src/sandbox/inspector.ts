/**
 * The sandbox's opt-in stream to Stately's inspector (`@statelyai/inspect`), for developers, on synthetic data only
 * (docs/security.md, "The sandbox's inspector"). It is loaded only when turned on; what it sends has every pupil
 * field redacted, and the free text of recorded events too.
 */
import type { InspectionEvent, Observer } from "xstate";

/** Where the sandbox's pupil came from: only the first two are synthetic by construction. */
export type SandboxSource = "example" | "empty" | "file";

/** The inspector is offered only for the example school (bundled, invented) and an empty pupil; never a loaded register. */
export function inspectorAllowed(source: SandboxSource): boolean {
  return source === "example" || source === "empty";
}

/**
 * Keys that name, identify or describe a pupil or their family, or carry what a person typed (a support record's
 * summary quotes the meeting's attendees; a notice names the parent): never sent, whatever the data.
 */
const PUPIL_KEYS = new Set(["upn", "pupil", "forename", "surname", "name", "dateOfBirth", "date_of_birth", "yearGroup", "class", "parent", "summary", "actor"]);
/** The sandbox's engine and the pupil's register marks (the inspector may hand them over already turned into plain objects). */
const ENGINE_KEYS = new Set(["sandbox", "setup", "marks", "series"]);
export const REDACTED = "[redacted]";

/**
 * A deep copy with pupil fields and typed words replaced by "[redacted]". The sandbox's engine (a class holding the
 * register marks) is not data: it is replaced by a note. Cycles are cut.
 */
export function redactForInspector(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return REDACTED;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactForInspector(v, seen));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return "[not sent]";
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (PUPIL_KEYS.has(k)) out[k] = REDACTED;
    else if (ENGINE_KEYS.has(k)) out[k] = "[the sandbox's engine: not sent]";
    // What a person typed when recording an event: its fields are named, their words are not sent.
    else if (k === "payload") out[k] = v && typeof v === "object" ? Object.fromEntries(Object.keys(v).map((f) => [f, REDACTED])) : REDACTED;
    else out[k] = redactForInspector(v, seen);
  }
  return out;
}

/** What every inspector the sandbox opens is given: contexts and events pass through the redaction first. */
export const REDACTING = {
  sanitizeContext: <T>(context: T): T => redactForInspector(context) as T,
  sanitizeEvent: <T>(event: T): T => redactForInspector(event) as T,
};

export interface SandboxInspector {
  readonly inspect: Observer<InspectionEvent>;
  stop(): void;
}

/**
 * Opens Stately's inspector in a new window and streams the sandbox actor to it, redacted. Refuses unless the data
 * is synthetic: the page offers the switch only then, and this checks again.
 */
export async function openInspector(source: SandboxSource): Promise<SandboxInspector> {
  if (!inspectorAllowed(source)) throw new Error("The inspector is only for the example school or an empty pupil: never for a register you loaded.");
  const { createBrowserInspector } = await import("@statelyai/inspect");
  const inspector = createBrowserInspector(REDACTING);
  return { inspect: inspector.inspect as Observer<InspectionEvent>, stop: () => inspector.stop() };
}
