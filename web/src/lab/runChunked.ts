import { readRegisterFiles } from "../../../machines/attendance/registerFiles.ts";
import { runSimulation, type SimulationFiles } from "../../../machines/case/runSimulation.ts";
import type { PupilCaseResult } from "../../../machines/case/simulate.ts";
import { checkPolicy } from "../../../machines/policy/checkPolicy.ts";

export type LabOutcome =
  | { ok: true; results: PupilCaseResult[]; pupils: number; schoolDays: number; days: string[] }
  | { ok: false; problems: string[] };

/** Splits a marks file into files of whole pupils (every line of a pupil in the same file), header kept. */
export function splitMarksByPupil(text: string, pupilsPerFile: number): string[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0] ?? "";
  const column = header.split(",").map((h) => h.trim().replace(/^"|"$/g, "").toLowerCase()).indexOf("upn");
  if (column < 0) return [text];
  const byPupil = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const upn = (line.split(",")[column] ?? "").trim().replace(/^"|"$/g, "");
    const list = byPupil.get(upn);
    if (list) list.push(line);
    else byPupil.set(upn, [line]);
  }
  const groups = [...byPupil.values()];
  const out: string[] = [];
  for (let i = 0; i < groups.length; i += pupilsPerFile) out.push([header, ...groups.slice(i, i + pupilsPerFile).flat()].join("\n"));
  return out.length > 0 ? out : [text];
}

const problemWords = (p: { file: string; line: number; field: string; message: string }) => `${p.file}, line ${p.line}, ${p.field}: ${p.message}`;

/**
 * Runs a policy over a register with `runSimulation` (the same function as the CLI and the API), a few pupils
 * at a time so a page can show progress. The files are read whole first, so every problem is reported with
 * its own line; the chunks share the calendar, and if a chunk's school days differ from the whole register's
 * (no calendar file, and days some pupils have no marks), the whole register runs at once instead.
 */
export function runChunked(policy: unknown, source: string, files: SimulationFiles, onProgress?: (done: number, total: number) => void): LabOutcome {
  const check = checkPolicy(policy, source);
  if (!check.ok) return { ok: false, problems: check.problems.map((p) => `Policy ${p.path || "(policy)"}: ${p.message}`) };
  const read = readRegisterFiles(files);
  if (!read.ok) return { ok: false, problems: read.problems.map(problemWords) };
  const total = read.register.upns.length;
  const schoolDays = read.register.calendar.days.length;
  const days = [...read.register.calendar.days];
  const perChunk = Math.max(20, Math.ceil(total / 20));
  const chunks = total > perChunk ? splitMarksByPupil(files.marks.text, perChunk) : [files.marks.text];
  const results: PupilCaseResult[] = [];
  let done = 0;
  onProgress?.(0, total);
  for (const marks of chunks) {
    const run = runSimulation(policy, source, { ...files, marks: { text: marks, file: files.marks.file } });
    if (!run.ok) return { ok: false, problems: [...run.policyProblems.map((p) => `Policy ${p.path}: ${p.message}`), ...run.inputProblems.map(problemWords)] };
    if (run.register.calendar.days.length !== schoolDays || run.register.calendar.days[0] !== read.register.calendar.days[0]) {
      const whole = runSimulation(policy, source, files);
      if (!whole.ok) return { ok: false, problems: whole.inputProblems.map(problemWords) };
      onProgress?.(total, total);
      return { ok: true, results: whole.results, pupils: total, schoolDays, days };
    }
    results.push(...run.results);
    done += run.results.length;
    onProgress?.(done, total);
  }
  results.sort((a, b) => (a.upn < b.upn ? -1 : a.upn > b.upn ? 1 : 0));
  return { ok: true, results, pupils: total, schoolDays, days };
}
