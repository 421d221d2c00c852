import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createActor } from "xstate";
import { describe, expect, it } from "vitest";
import { readRegisterFiles } from "../../../machines/attendance/registerFiles.ts";
import { casePupil } from "../../../machines/case/simulationReport.ts";
import { compilePolicy } from "../../../machines/policy/compilePolicy.ts";
import { PRESETS } from "../../../machines/presets/index.ts";
import { blankPupil, emptyMarks, SandboxCase } from "./driver.ts";
import { sandboxMachine, sandboxStatePath } from "./sandboxMachine.ts";

const school = (f: string) => readFileSync(fileURLToPath(new URL(`../../../examples/small-school/${f}`, import.meta.url)), "utf8");
const read = readRegisterFiles({
  marks: { text: school("marks.csv"), file: "marks.csv" },
  pupils: { text: school("pupils.csv"), file: "pupils.csv" },
  calendar: { text: school("calendar.csv"), file: "calendar.csv" },
});
if (!read.ok) throw new Error("the example school does not read");
const compiled = compilePolicy(PRESETS["all-saints"], "all-saints");
// The example school's pupil whose all-saints case reaches a School Attendance Panel invitation in October.
const UPN = "A999314722004";

describe("the sandbox actor", () => {
  it("advances day by day and to a date, raises the SAP meeting task, and records the meeting through the same schema", () => {
    const sandbox = SandboxCase.fromRegister(compiled, read.register, UPN, casePupil(read.pupils.find((p) => p.upn === UPN)!));
    const actor = createActor(sandboxMachine, { input: { sandbox } }).start();
    actor.send({ type: "advance.days", count: 1 });
    expect(actor.getSnapshot().context.state.closedThrough).toBe(0);
    let guard = 0;
    while (!actor.getSnapshot().context.state.tasks.some((t) => t.kind === "meeting" && /Attendance Panel/.test(t.title)) && guard++ < 200) actor.send({ type: "advance.days", count: 1 });
    const invited = actor.getSnapshot().context;
    expect(sandboxStatePath(invited)).toBe("formalise.sapInvited");
    // Refused: a payload without the attendees, named by field; nothing moves.
    actor.send({ type: "record", event: { type: "sapMeetingHeld", payload: { reviewDate: "2024-12-01" } } });
    expect(actor.getSnapshot().context.problems.map((p) => p.field)).toContain("attendees");
    expect(sandboxStatePath(actor.getSnapshot().context)).toBe("formalise.sapInvited");
    // Refused: dated after the sandbox's today.
    actor.send({ type: "record", event: { type: "sapMeetingHeld", payload: { attendees: ["Lead"], reviewDate: "2024-12-01" }, date: "2025-06-01" } });
    expect(actor.getSnapshot().context.problems.map((p) => p.field)).toEqual(["date"]);
    actor.send({ type: "record", event: { type: "sapMeetingHeld", payload: { attendees: ["Lead", "Parent"], reviewDate: "2024-12-01", targetAttendancePct: 95 } } });
    const met = actor.getSnapshot().context;
    expect(met.problems).toEqual([]);
    expect(sandboxStatePath(met)).toBe("formalise.sapTarget");
    expect(met.state.history.at(-1)).toMatchObject({ event: "sapMeetingHeld", from: "formalise.sapInvited", to: "formalise.sapTarget" });
    actor.send({ type: "advance.to", date: "2024-12-20" });
    expect(actor.getSnapshot().context.sandbox.today(actor.getSnapshot().context.state)).toBe("2024-12-20");
    actor.send({ type: "advance.end" });
    expect(actor.getSnapshot().value).toBe("endOfRegister");
  });

  it("an empty pupil present every day stays in Expect; absent without reason every day, the case moves", () => {
    const calendar = read.register.calendar;
    const run = (code: string) => {
      const sandbox = new SandboxCase({ compiled, calendar, upn: "SANDBOX", pupil: { ...blankPupil("SANDBOX"), yearGroup: "4" }, marks: emptyMarks(calendar) });
      const actor = createActor(sandboxMachine, { input: { sandbox, fill: code } }).start();
      actor.send({ type: "advance.days", count: 30 });
      return actor.getSnapshot().context;
    };
    const present = run("/");
    expect(sandboxStatePath(present).split(".")[0]).toBe("expect");
    expect(present.state.transitions).toEqual([]);
    const absent = run("O");
    expect(absent.state.transitions.length).toBeGreaterThan(0);
    expect(absent.sandbox.metricsOn(29).unauthorisedAbsenceSessions).toBe(60);
  });
});
