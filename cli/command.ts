/**
 * One CLI command: `npm run cli -- <name> [options]`. Each lives in `cli/commands/<name>.ts` and is listed in
 * the command table in `cli/index.ts`.
 */
export interface Command {
  /** The word after `npm run cli --`. */
  readonly name: string;
  /** One line for the top-level `--help`. */
  readonly summary: string;
  /** The full text printed by `npm run cli -- <name> --help`. */
  readonly usage: string;
  /**
   * Runs with the arguments after the command's name and resolves to the exit code: 0 done, 1 bad input
   * (problems printed on stderr, nothing on stdout), 2 bad usage. It may instead throw a `CliError`
   * (`cli/io.ts`) or an `InputError` (`machines/attendance`), which the dispatcher prints and turns into the
   * exit code.
   */
  run(argv: string[]): Promise<number>;
}
