/**
 * The Rollcall command line: `npm run --silent cli -- <command> [options]` (`--help` for the list).
 *
 * To add a command, write `cli/commands/<name>.ts` exporting a `Command` (`cli/command.ts`) and add it to
 * the table below.
 */
import type { Command } from "./command.ts";
import { metrics } from "./commands/metrics.ts";
import { policy } from "./commands/policy.ts";
import { simulate } from "./commands/simulate.ts";
import { dispatch } from "./dispatch.ts";

const COMMANDS: readonly Command[] = [
  metrics,
  simulate,
  policy,
];

// A reader that stops early (`| head`) closes the pipe; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await dispatch(process.argv.slice(2), COMMANDS);
