/**
 * What every CLI command shares: exit codes, errors that become one clear line on stderr, reading input files,
 * printing input problems, and parsing options.
 */
import { readFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { formatProblem, type InputProblem } from "../machines/attendance/inputProblem.ts";

export const PROGRAM = "rollcall";
/** How to run the CLI, for usage lines. */
export const INVOCATION = "npm run --silent cli --";

export const EXIT_OK = 0;
/** The input files have problems (each printed on stderr). */
export const EXIT_BAD_INPUT = 1;
/** The command line itself is wrong. */
export const EXIT_USAGE = 2;

/** A failure to report as it is, one line each, with no stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly lines: readonly string[];
  constructor(lines: string | readonly string[], exitCode: number = EXIT_BAD_INPUT) {
    const list = typeof lines === "string" ? [lines] : lines;
    super(list.join("\n"));
    this.name = "CliError";
    this.lines = list;
    this.exitCode = exitCode;
  }
}

/** A mistake on the command line: exit code 2, with a pointer to `--help`. */
export class UsageError extends CliError {
  constructor(command: string | undefined, message: string) {
    const help = command ? `${INVOCATION} ${command} --help` : `${INVOCATION} --help`;
    super(`${PROGRAM}${command ? ` ${command}` : ""}: ${message} (see ${help})`, EXIT_USAGE);
    this.name = "UsageError";
  }
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Prints each problem as `FILE:LINE: FIELD: message`, one per line, on stderr. */
export function printProblems(problems: readonly InputProblem[]): void {
  if (problems.length > 0) writeErr(problems.map(formatProblem).join("\n"));
}

function readFailure(path: string, what: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  const reason =
    code === "ENOENT"
      ? "no such file"
      : code === "EISDIR"
        ? "it is a directory, not a file"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : ((error as Error).message ?? String(error));
  return `${PROGRAM}: cannot read the ${what} "${path}": ${reason}`;
}

/**
 * Reads text files given on the command line (UTF-8). Every file that cannot be read is reported, one clear
 * line each, in a single `CliError` (exit code 1).
 */
export async function readInputFiles<K extends string>(
  files: Record<K, { path: string; what: string } | undefined>,
): Promise<Record<K, string | undefined>> {
  const texts = {} as Record<K, string | undefined>;
  const failures: string[] = [];
  for (const [key, file] of Object.entries(files) as [K, { path: string; what: string } | undefined][]) {
    if (!file) continue;
    try {
      texts[key] = await readFile(file.path, "utf8");
    } catch (error) {
      failures.push(readFailure(file.path, file.what, error));
    }
  }
  if (failures.length > 0) throw new CliError(failures, EXIT_BAD_INPUT);
  return texts;
}

/** `parseArgs` in strict mode, its errors turned into a `UsageError` for `command`. */
export function parseOptions<O extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split("\n").join(" ");
    throw new UsageError(command, message);
  }
}

/** True when the arguments ask for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
}
