import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createActor, createMachine } from "xstate";
import { describe, expect, it } from "vitest";
import { readRegisterFiles } from "../attendance/registerFiles.ts";
import { type ScriptedEvent, simulateCohort } from "../case/simulate.ts";
import { casePupil } from "../case/simulationReport.ts";
import { openCase, statePath } from "../case/stepCase.ts";
import { PRESET_IDS, PRESETS } from "../presets/index.ts";
import { compilePolicy } from "./compilePolicy.ts";
import { exportXStateConfig } from "./exportXStateConfig.ts";

const school = (f: string) => readFileSync(fileURLToPath(new URL(`../../examples/small-school/${f}`, import.meta.url)), "utf8");
const read = readRegisterFiles({
  marks: { text: school("marks.csv"), file: "marks.csv" },
  pupils: { text: school("pupils.csv"), file: "pupils.csv" },
  calendar: { text: school("calendar.csv"), file: "calendar.csv" },
});
if (!read.ok) throw new Error("the example school does not read");
const register = read.register;
const pupils = new Map(read.pupils.map((p) => [p.upn, casePupil(p)]));

/** Every function anywhere in a value, by its path. */
function functionsIn(value: unknown, path = "config"): string[] {
  if (typeof value === "function") return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => functionsIn(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => functionsIn(v, `${path}.${k}`));
  return [];
}

/** Every state node's id, depth first. */
function stateIds(node: { id: string; states: Record<string, unknown> }): string[] {
  return [node.id, ...Object.values(node.states).flatMap((s) => stateIds(s as typeof node))];
}

/** Each state's transitions as (event, target, guarded) lines, from a machine config: the shape to compare. */
function transitionShape(config: any, path = ""): string[] {
  const lines: string[] = [];
  for (const [event, list] of Object.entries(config.on ?? {})) {
    for (const t of [list].flat() as any[]) lines.push(`${path} ${event} -> ${t.target ?? "(stays)"}${t.reenter ? " reenter" : ""}${t.guard ? " guarded" : ""}`);
  }
  for (const [name, child] of Object.entries(config.states ?? {})) lines.push(...transitionShape(child, path ? `${path}.${name}` : name));
  return lines;
}

/** The exported config as XState's own `createMachine` loads it, with stubs: a rule's guard holds when the event names it. */
function stubMachine(config: unknown) {
  return createMachine(config as never, {
    guards: { policyRule: ({ event }: { event: { rule?: string } }, params: { rule: string }) => params.rule === event.rule } as never,
  });
}

let manualMovesWalked = 0;

describe("exportXStateConfig", () => {
  for (const id of PRESET_IDS) {
    const compiled = compilePolicy(PRESETS[id], id);
    const config = exportXStateConfig(compiled);

    it(`${id}: is plain JSON (no functions) that createMachine accepts, with the compiled machine's state ids`, () => {
      expect(functionsIn(config)).toEqual([]);
      expect(JSON.parse(JSON.stringify(config))).toEqual(config);
      // A control for the check above: the compiled machine's own config does hold functions.
      expect(functionsIn(compiled.machine.config).length).toBeGreaterThan(0);
      const machine = stubMachine(JSON.parse(JSON.stringify(config)));
      expect(stateIds(machine.root as never)).toEqual(stateIds(compiled.machine.root as never));
      // Every state has the compiled machine's transitions, in order, to the same targets, guarded the same.
      expect(transitionShape(config)).toEqual(transitionShape(compiled.machine.config));
      // Guards and actions are named, with their parameters as data.
      const guards = JSON.stringify(config).match(/"guard":\{"type":"policyRule","params":\{"rule":"[^"]+"/g) ?? [];
      expect(guards.length).toBeGreaterThan(0);
    });

    it(`${id}: walks the same states as the compiled machine, for every example pupil's path with meetings recorded`, () => {
      // The paths the engine took: the example school simulated, with support and SAP meetings recorded as cases reach them.
      const plain = simulateCohort(compiled, register, { pupils });
      const events: ScriptedEvent[] = plain.flatMap((c) => {
        const meeting = c.transitions.find((t) => /sap|meeting|panel/i.test(t.to));
        return [
          ...(c.transitions[0] ? [{ upn: c.upn, date: c.transitions[0].date, type: "supportOffered" as const, payload: { support: "Breakfast club" } }] : []),
          ...(meeting ? [{ upn: c.upn, date: meeting.date, type: "sapMeetingHeld" as const, payload: { attendees: ["Lead"], reviewDate: "2025-06-30", targetAttendancePct: 95 } }] : []),
        ];
      });
      const results = simulateCohort(compiled, register, { pupils, events });
      const walked = results.filter((r) => r.transitions.length > 0);
      expect(walked.length).toBeGreaterThan(0);
      manualMovesWalked += walked.reduce((n, r) => n + r.transitions.filter((t) => t.event !== "schoolDayClosed").length, 0);
      const machine = stubMachine(JSON.parse(JSON.stringify(config)));
      for (const r of walked) {
        const actor = createActor(machine).start();
        const initial = statePath(openCase(compiled, { upn: r.upn, pupil: pupils.get(r.upn)!, openedOn: { date: "2024-09-04", dayIndex: -1, attendancePct: null, possibleSessions: 0, attendedSessions: 0, unauthorisedSessions: 0 } }));
        expect(statePath(actor.getSnapshot()), r.upn).toBe(initial);
        // A control: an event whose rule is not this case's leaves the exported machine where it was.
        actor.send({ type: r.transitions[0]!.event, rule: "no-such-rule" } as never);
        expect(statePath(actor.getSnapshot())).toBe(initial);
        for (const t of r.transitions) {
          expect(statePath(actor.getSnapshot()), `${r.upn} ${t.date} before ${t.rule}`).toBe(t.from);
          actor.send({ type: t.event, rule: t.rule } as never);
          expect(statePath(actor.getSnapshot()), `${r.upn} ${t.date} ${t.rule}`).toBe(t.to);
        }
        actor.stop();
      }
    });
  }

  it("walked moves made by a person's event too (a SAP meeting), not only by school days", () => {
    expect(manualMovesWalked).toBeGreaterThan(0);
  });
});
