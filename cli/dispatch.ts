import { InputError } from "../machines/attendance/inputProblem.ts";
import type { Command } from "./command.ts";
import { CliError, EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, INVOCATION, PROGRAM, printProblems, UsageError, wantsHelp, writeErr, writeOut } from "./io.ts";

export function topLevelHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${INVOCATION} <command> [options]`,
    "",
    "Rollcall: attendance case management for schools in England.",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    `Run "${INVOCATION} <command> --help" for a command's options.`,
    "Exit codes: 0 done, 1 problems with the input files (listed on stderr), 2 bad usage.",
  ].join("\n");
}

/**
 * Runs the command named by the first argument and resolves to the process exit code. Handles `--help` (top
 * level, `help <command>`, and `<command> --help` for every command) and turns the errors commands throw into
 * lines on stderr: no stack traces for anything the user can fix.
 */
export async function dispatch(argv: readonly string[], commands: readonly Command[]): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      writeErr(topLevelHelp(commands));
      return EXIT_USAGE;
    }
    if (first === "--help" || first === "-h" || (first === "help" && rest.length === 0)) {
      writeOut(topLevelHelp(commands));
      return EXIT_OK;
    }
    const helpFor = first === "help" ? rest[0] : undefined;
    const name = helpFor ?? first;
    const command = commands.find((c) => c.name === name);
    if (!command) {
      const known = commands.map((c) => c.name).join(", ");
      throw new UsageError(undefined, `unknown command "${name}"; the commands are ${known}`);
    }
    if (helpFor !== undefined || wantsHelp(rest)) {
      writeOut(command.usage);
      return EXIT_OK;
    }
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      writeErr(error.lines.join("\n"));
      return error.exitCode;
    }
    if (error instanceof InputError) {
      printProblems(error.problems);
      return EXIT_BAD_INPUT;
    }
    // A bug, not a user mistake: say so in one line; the stack only when asked for.
    const message = error instanceof Error ? error.message : String(error);
    writeErr(`${PROGRAM}: internal error: ${message}${process.env.ROLLCALL_DEBUG ? "" : " (set ROLLCALL_DEBUG=1 for details)"}`);
    if (process.env.ROLLCALL_DEBUG && error instanceof Error && error.stack) writeErr(error.stack);
    return 70; // EX_SOFTWARE
  }
}
