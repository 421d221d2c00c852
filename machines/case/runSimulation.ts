import type { InputProblem } from "../attendance/inputProblem.ts";
import { readRegisterFiles } from "../attendance/registerFiles.ts";
import type { Register } from "../attendance/register.ts";
import { upnProblem } from "../attendance/upn.ts";
import { checkPolicy } from "../policy/checkPolicy.ts";
import type { CompiledPolicy, PolicyProblem } from "../policy/compilePolicy.ts";
import { parseEventsCsv } from "./eventsCsv.ts";
import { type PupilCaseResult, simulateCohort } from "./simulate.ts";
import { casePupil } from "./simulationReport.ts";

export interface SimulationFiles {
  readonly marks: { readonly text: string; readonly file: string };
  readonly pupils?: { readonly text: string; readonly file: string };
  readonly events?: { readonly text: string; readonly file: string };
  readonly calendar?: { readonly text: string; readonly file: string };
}

export type SimulationRun =
  | { ok: false; policyProblems: readonly PolicyProblem[]; inputProblems: readonly InputProblem[] }
  | { ok: true; compiled: CompiledPolicy; register: Register; results: PupilCaseResult[] };

/**
 * A whole simulation from a policy document and the text of the register files: the policy is checked, every
 * file is read completely, and every pupil's case is run. Shared by `rollcall simulate`, `POST /api/simulate`
 * and the policy lab, so they cannot disagree.
 */
export function runSimulation(policy: unknown, source: string, files: SimulationFiles, mode: "sparse" | "dense" = "sparse"): SimulationRun {
  const check = checkPolicy(policy, source);
  if (!check.ok || !check.compiled) return { ok: false, policyProblems: check.problems, inputProblems: [] };
  const read = readRegisterFiles(files);
  const events = files.events ? parseEventsCsv(files.events.text, files.events.file, { validateUpn: upnProblem }) : undefined;
  const inputProblems = [...(read.ok ? [] : read.problems), ...(events?.problems ?? [])];
  if (!read.ok || inputProblems.length > 0) return { ok: false, policyProblems: [], inputProblems };
  const results = simulateCohort(check.compiled, read.register, {
    pupils: new Map(read.pupils.map((p) => [p.upn, casePupil(p)])),
    events: events?.events ?? [],
    mode,
  });
  return { ok: true, compiled: check.compiled, register: read.register, results };
}
