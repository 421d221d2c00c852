import type { PupilCaseResult } from "../../machines/case/simulate.ts";
import { runSimulation } from "../../machines/case/runSimulation.ts";
import { simulationJson } from "../../machines/case/simulationReport.ts";
import { STAGES } from "../../machines/policy/schema.ts";
import type { Command } from "../command.ts";
import { EXIT_BAD_INPUT, EXIT_OK, INVOCATION, parseOptions, printProblems, readInputFiles, UsageError, writeErr, writeOut } from "../io.ts";
import { loadPolicySource } from "../policySource.ts";
import { type Column, formatTable } from "../table.ts";

const count = (r: PupilCaseResult, kind: string) => String(r.tasks.filter((t) => t.kind === kind).length);
const COLUMNS: readonly Column<PupilCaseResult>[] = [
  { header: "UPN", cell: (r) => r.upn },
  { header: "Stage", cell: (r) => r.stage },
  { header: "State", cell: (r) => r.state },
  { header: "Moves", align: "right", cell: (r) => String(r.transitions.length) },
  { header: "Letters", align: "right", cell: (r) => count(r, "letter") },
  { header: "Meetings", align: "right", cell: (r) => count(r, "meeting") },
  { header: "Visits", align: "right", cell: (r) => count(r, "home-visit") },
  { header: "Calls", align: "right", cell: (r) => count(r, "first-day-call") },
  { header: "PN", align: "right", cell: (r) => count(r, "penalty-notice") },
  { header: "Last move", cell: (r) => (r.transitions.length ? `${r.transitions.at(-1)!.date} ${r.transitions.at(-1)!.rule}` : "") },
];

export const simulate: Command = {
  name: "simulate",
  summary: "run a policy over a register: every pupil's case, its transitions and tasks",
  usage: `Usage: ${INVOCATION} simulate --policy PRESET_OR_FILE --marks FILE [--pupils FILE] [--events FILE]
         [--calendar FILE] [--json] [--dense]

Runs every pupil's case through the policy, one school day at a time, and reports where each case ends,
every transition (date, from, to, event, reason) and every task raised (first-day calls, letters,
meetings, home visits, referrals, notifications, penalty-notice decisions).

Options:
  --policy PRESET_OR_FILE  a preset (${"`"}${INVOCATION} policy list${"`"}) or a policy JSON file (required)
  --marks FILE             register marks: upn,date,session,mark (required)
  --pupils FILE            pupils: upn,forename,surname,year_group[,date_of_birth,...flags] (flags such as
                           social_worker change what the policy does)
  --events FILE            scripted manual events: upn,date,event,payload_json (SAP meetings, contracts...);
                           an event dated D is applied after the close of the last school day on or before D
  --calendar FILE          the school calendar (default: days on which any pupil had a possible session)
  --json                   one JSON array sorted by UPN: { upn, stage, state, transitions, tasks }
  --dense                  step the machine on every school day instead of only on days something can
                           happen (same result, slower; for checking)
  -h, --help               show this help

Scripted events that no rule accepts are reported on stderr. Identical input gives identical output.`,

  async run(argv) {
    const o = parseOptions("simulate", argv, {
      policy: { type: "string" },
      marks: { type: "string" },
      pupils: { type: "string" },
      events: { type: "string" },
      calendar: { type: "string" },
      json: { type: "boolean" },
      dense: { type: "boolean" },
    });
    if (!o.policy) throw new UsageError("simulate", "--policy PRESET_OR_FILE is required");
    if (!o.marks) throw new UsageError("simulate", "--marks FILE is required");
    const { input, source } = await loadPolicySource(o.policy);
    const texts = await readInputFiles({
      marks: { path: o.marks, what: "marks file" },
      pupils: o.pupils === undefined ? undefined : { path: o.pupils, what: "pupils file" },
      events: o.events === undefined ? undefined : { path: o.events, what: "events file" },
      calendar: o.calendar === undefined ? undefined : { path: o.calendar, what: "calendar file" },
    });
    const run = runSimulation(
      input,
      source,
      {
        marks: { text: texts.marks!, file: o.marks },
        ...(texts.pupils !== undefined ? { pupils: { text: texts.pupils, file: o.pupils! } } : {}),
        ...(texts.events !== undefined ? { events: { text: texts.events, file: o.events! } } : {}),
        ...(texts.calendar !== undefined ? { calendar: { text: texts.calendar, file: o.calendar! } } : {}),
      },
      o.dense ? "dense" : "sparse",
    );
    if (!run.ok) {
      if (run.policyProblems.length > 0) writeErr(run.policyProblems.map((p) => `${source}: ${p.path || "(policy)"}: ${p.message}`).join("\n"));
      printProblems(run.inputProblems);
      return EXIT_BAD_INPUT;
    }
    const { results, compiled, register } = run;
    for (const r of results) {
      for (const e of r.rejectedEvents) writeErr(`${o.events}: ${r.upn} ${e.date} ${e.event}: not accepted in state ${e.state}`);
    }
    if (o.json) {
      writeOut(results.length === 0 ? "[]" : `[\n${results.map((r) => `  ${JSON.stringify(simulationJson(r))}`).join(",\n")}\n]`);
      return EXIT_OK;
    }
    const byStage = [...STAGES, "closed"].map((s) => `${s} ${results.filter((r) => r.stage === s).length}`).join(", ");
    const tasks = results.flatMap((r) => r.tasks);
    writeOut(
      [
        `Policy ${compiled.policy.id} v${compiled.policy.version} over ${results.length} pupils and ${register.calendar.days.length} school days`,
        "",
        formatTable(COLUMNS, results),
        "",
        `Cases by stage: ${byStage}.`,
        `Tasks: ${tasks.length} (${tasks.filter((t) => t.kind === "letter").length} letters, ${tasks.filter((t) => t.kind === "meeting").length} meetings, ${tasks.filter((t) => t.kind === "penalty-notice").length} penalty-notice decisions).`,
      ].join("\n"),
    );
    return EXIT_OK;
  },
};
