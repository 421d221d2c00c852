/**
 * The sandbox and `rollcall simulate` agree: for every preset and every pupil of the example school, stepping the
 * sandbox's driver day by day (and recording the same events through it) ends in the same state with the same
 * transitions, tasks and refused events as the CLI's `--json` output. The CLI's own command runs here, in this
 * process, with its output captured: nothing below is a hard-coded expectation.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { simulate } from "../../../cli/commands/simulate.ts";
import { readRegisterFiles } from "../../../machines/attendance/registerFiles.ts";
import { casePupil, simulationJson } from "../../../machines/case/simulationReport.ts";
import { compilePolicy } from "../../../machines/policy/compilePolicy.ts";
import { PRESET_IDS, PRESETS } from "../../../machines/presets/index.ts";
import { SandboxCase, type SandboxState } from "./driver.ts";

const SCHOOL = fileURLToPath(new URL("../../../examples/small-school/", import.meta.url));
const files = {
  marks: { text: readFileSync(join(SCHOOL, "marks.csv"), "utf8"), file: "marks.csv" },
  pupils: { text: readFileSync(join(SCHOOL, "pupils.csv"), "utf8"), file: "pupils.csv" },
  calendar: { text: readFileSync(join(SCHOOL, "calendar.csv"), "utf8"), file: "calendar.csv" },
};
const read = readRegisterFiles(files);
if (!read.ok) throw new Error(`the example school does not read: ${JSON.stringify(read.problems.slice(0, 3))}`);
const { register } = read;
const pupils = new Map(read.pupils.map((p) => [p.upn, casePupil(p)]));
const dir = mkdtempSync(join(tmpdir(), "rollcall-sandbox-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type CliCase = ReturnType<typeof simulationJson>;

/** `rollcall simulate … --json` run in this process: its exit code, its JSON and its stderr lines. */
async function cliSimulate(preset: string, events?: string): Promise<{ cases: CliCase[]; stderr: string[] }> {
  let out = "";
  let err = "";
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    const code = await simulate.run([
      "--policy", preset,
      "--marks", join(SCHOOL, "marks.csv"),
      "--pupils", join(SCHOOL, "pupils.csv"),
      "--calendar", join(SCHOOL, "calendar.csv"),
      ...(events ? ["--events", events] : []),
      "--json",
    ]);
    expect(code, err).toBe(0);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return { cases: JSON.parse(out) as CliCase[], stderr: err.split("\n").filter(Boolean) };
}

interface Scripted {
  readonly upn: string;
  readonly date: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/** Drives one pupil's sandbox as a person would: advance to each event's date, record it, then to the end. */
function drive(preset: string, upn: string, script: readonly Scripted[]): { result: CliCase; refused: string[] } {
  const sandbox = SandboxCase.fromRegister(compilePolicy(PRESETS[preset], preset), register, upn, pupils.get(upn));
  let state: SandboxState = sandbox.start();
  const refused: string[] = [];
  for (const e of script) {
    state = sandbox.advanceTo(state, e.date);
    const recorded = sandbox.record(state, { type: e.type, payload: e.payload, date: e.date });
    if (!recorded.ok) refused.push(`${upn} ${e.date} ${e.type}`);
    state = recorded.state;
  }
  // Day by day for the first school weeks (the way a person steps it), then the rest in one go.
  for (let i = 0; i < 15; i++) state = sandbox.advanceDay(state);
  state = sandbox.advanceToEnd(state);
  return { result: simulationJson(sandbox.result(state)), refused };
}

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

describe("the sandbox agrees with rollcall simulate on the example school", () => {
  it("has pupils to compare (a control: an empty register would agree trivially)", () => {
    expect(register.upns.length).toBeGreaterThan(20);
  });

  for (const preset of PRESET_IDS) {
    it(`${preset}: every pupil ends in the same state with the same transitions and tasks`, async () => {
      const { cases } = await cliSimulate(preset);
      expect(cases.map((c) => c.upn)).toEqual([...register.upns]);
      for (const expected of cases) expect(drive(preset, expected.upn, []).result, expected.upn).toEqual(expected);
      // The comparison has something in it: some pupil's case moved.
      expect(cases.some((c) => c.transitions.length > 0)).toBe(true);
    });

    it(`${preset}: with SAP meetings and support recorded where the cases reached them, the same again`, async () => {
      const plain = (await cliSimulate(preset)).cases;
      // For each case that moved: support offered on the day of its first move, and a SAP meeting recorded on
      // the day it entered any state whose name speaks of the meeting (a second event on the same day, too).
      const script: Scripted[] = [];
      for (const c of plain) {
        const first = c.transitions[0];
        if (!first) continue;
        script.push({ upn: c.upn, date: first.date, type: "supportOffered", payload: { support: "Breakfast club place" } });
        const meeting = c.transitions.find((t) => /sap|meeting|panel/i.test(t.to));
        if (meeting) {
          script.push({ upn: c.upn, date: meeting.date, type: "sapMeetingHeld", payload: { attendees: ["Attendance lead", "Parent"], reviewDate: "2025-06-30", targetAttendancePct: 95 } });
          script.push({ upn: c.upn, date: meeting.date, type: "note", payload: { text: "Meeting notes filed" } });
        }
      }
      expect(script.length).toBeGreaterThan(0);
      const eventsFile = join(dir, `${preset}-events.csv`);
      writeFileSync(eventsFile, `upn,date,event,payload_json\n${script.map((e) => `${e.upn},${e.date},${e.type},${csvField(JSON.stringify(e.payload))}`).join("\n")}\n`);
      const { cases, stderr } = await cliSimulate(preset, eventsFile);
      const refused: string[] = [];
      for (const expected of cases) {
        const driven = drive(preset, expected.upn, script.filter((e) => e.upn === expected.upn));
        expect(driven.result, expected.upn).toEqual(expected);
        refused.push(...driven.refused);
      }
      // The events no rule accepted are the same ones the CLI reports on stderr.
      expect(refused.sort()).toEqual(stderr.map((l) => /: (\S+ \S+ \S+): not accepted/.exec(l)?.[1] ?? l).sort());
      // Recording changed something, so the comparison is not of two identical plain runs.
      expect(JSON.stringify(cases)).not.toBe(JSON.stringify(plain));
    });
  }
});
