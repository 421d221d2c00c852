import { describe, expect, it } from "vitest";
import { inspectorAllowed, REDACTED, redactForInspector } from "./inspector.ts";

describe("the sandbox inspector's redaction", () => {
  it("replaces every pupil field and the words typed in an event, at any depth, and keeps the case's shape", () => {
    const context = {
      sandbox: new (class SandboxCase {
        marks = new Uint8Array(4);
      })(),
      state: {
        closedThrough: 3,
        stored: { value: { formalise: "sapInvited" }, context: { upn: "A999314722004", pupil: { upn: "A999314722004", dateOfBirth: "2017-01-02", send: true }, statePath: "formalise.sapInvited" } },
        history: [{ date: "2024-10-04", event: "sapMeetingHeld", to: "formalise.sapTarget" }],
      },
    };
    const out = redactForInspector(context) as any;
    const text = JSON.stringify(out);
    expect(text).not.toContain("A999314722004");
    expect(text).not.toContain("2017-01-02");
    expect(out.state.stored.context.pupil).toBe(REDACTED);
    expect(out.sandbox).toBe("[the sandbox's engine: not sent]");
    // A control: what is not a pupil's stays, so the inspector still shows where the case is.
    expect(out.state.stored.value).toEqual({ formalise: "sapInvited" });
    expect(out.state.history[0]).toEqual({ date: "2024-10-04", event: "sapMeetingHeld", to: "formalise.sapTarget" });
    const event = redactForInspector({ type: "record", event: { type: "sapMeetingHeld", payload: { attendees: ["Mrs Smith"], notes: "Mum said…" }, date: "2024-10-04" } }) as any;
    expect(JSON.stringify(event)).not.toMatch(/Smith|Mum/);
    expect(event.event).toMatchObject({ type: "sapMeetingHeld", date: "2024-10-04", payload: { attendees: REDACTED, notes: REDACTED } });
  });

  it("is offered for the example school and an empty pupil, never for a register someone loaded", () => {
    expect(inspectorAllowed("example")).toBe(true);
    expect(inspectorAllowed("empty")).toBe(true);
    expect(inspectorAllowed("file")).toBe(false);
  });
});

describe("what the inspector is sent", () => {
  it("carries no pupil's UPN, date of birth or typed words, through @statelyai/inspect's own pipeline (a control without redaction does)", async () => {
    const { readFileSync } = await import("node:fs");
    const { fileURLToPath } = await import("node:url");
    const { createActor } = await import("xstate");
    const { createInspector } = await import("@statelyai/inspect");
    const { readRegisterFiles } = await import("../../../machines/attendance/registerFiles.ts");
    const { casePupil } = await import("../../../machines/case/simulationReport.ts");
    const { compilePolicy } = await import("../../../machines/policy/compilePolicy.ts");
    const { PRESETS } = await import("../../../machines/presets/index.ts");
    const { SandboxCase } = await import("./driver.ts");
    const { sandboxMachine } = await import("./sandboxMachine.ts");
    const { REDACTING } = await import("./inspector.ts");
    const school = (f: string) => readFileSync(fileURLToPath(new URL(`../../../examples/small-school/${f}`, import.meta.url)), "utf8");
    const read = readRegisterFiles({ marks: { text: school("marks.csv"), file: "marks.csv" }, pupils: { text: school("pupils.csv"), file: "pupils.csv" }, calendar: { text: school("calendar.csv"), file: "calendar.csv" } });
    if (!read.ok) throw new Error("the example school does not read");
    const upn = "A999314722004";
    const pupil = read.pupils.find((p) => p.upn === upn)!;
    const stream = async (options: object) => {
      const sent: unknown[] = [];
      const inspector = createInspector({ send: (e) => void sent.push(e), start() {}, stop() {} }, options);
      const sandbox = SandboxCase.fromRegister(compilePolicy(PRESETS["all-saints"], "all-saints"), read.register, upn, casePupil(pupil));
      const actor = createActor(sandboxMachine, { input: { sandbox }, inspect: inspector.inspect }).start();
      actor.send({ type: "advance.to", date: "2024-10-04" });
      actor.send({ type: "record", event: { type: "sapMeetingHeld", payload: { attendees: ["Mrs Quill-Wetherby"], reviewDate: "2024-12-01" } } });
      actor.send({ type: "record", event: { type: "noticeToImproveIssued", payload: { parent: "Ms Quill-Wetherby", improvementPeriodSchoolDays: 15 } } });
      await new Promise((r) => setTimeout(r, 50));
      actor.stop();
      return JSON.stringify(sent, (_k, v) => (ArrayBuffer.isView(v) ? "[bytes]" : v));
    };
    const redacted = await stream(REDACTING);
    expect(redacted).toContain("formalise");
    for (const secret of [upn, pupil.dateOfBirth!, "Quill-Wetherby", "epochDays"]) expect(redacted).not.toContain(secret);
    const raw = await stream({});
    expect(raw).toContain(upn);
    expect(raw).toContain("Quill-Wetherby");
  });
});
