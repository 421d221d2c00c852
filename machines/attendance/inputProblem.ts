/** One problem with an input file, named so a school office can find and fix it. The header is line 1. */
export interface InputProblem {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export function formatProblem(p: InputProblem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}`;
}

/** Thrown when a whole input is rejected; carries every problem found, not just the first. */
export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(problems: readonly InputProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "InputError";
    this.problems = problems;
  }
}
