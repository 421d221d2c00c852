import { checkPolicy } from "../../machines/policy/checkPolicy.ts";
import { exportXStateConfig } from "../../machines/policy/exportXStateConfig.ts";
import { PRESET_IDS, PRESETS } from "../../machines/presets/index.ts";
import type { Command } from "../command.ts";
import { EXIT_BAD_INPUT, EXIT_OK, INVOCATION, parseOptions, UsageError, writeErr, writeOut } from "../io.ts";
import { loadPolicySource } from "../policySource.ts";

export const policy: Command = {
  name: "policy",
  summary: "check a policy (preset or JSON file), list the presets, print one as JSON, or export its state machine",
  usage: `Usage: ${INVOCATION} policy check PRESET_OR_FILE
       ${INVOCATION} policy list
       ${INVOCATION} policy show PRESET_OR_FILE
       ${INVOCATION} policy export --policy PRESET_OR_FILE [--format xstate]

check   validates the policy against the schema, resolves its parameters, targets and letters, compiles it
        to its state machine and proves on the machine's graph (xstate/graph) that every state can be
        reached and every state can be left by one of the school's rules. Exit 0 when it passes; otherwise
        one line per problem on stderr (SOURCE: PATH: message) and exit 1.
list    the built-in presets, one per line: id, version, name.
show    the policy as JSON (a starting point for your own: copy, edit, check).
export  the policy's compiled state machine as an XState machine config in JSON (--format xstate, the only
        format): states, transitions, guards and actions by name with their parameters as data, no
        functions. Stately's editor imports it (docs/policies.md, "Opening a policy in Stately's editor").

Writing a policy: docs/policies.md.`,

  async run(argv) {
    if (argv[0] === "export") return exportPolicy(argv.slice(1));
    const [sub, target, ...rest] = argv;
    if (rest.length > 0) throw new UsageError("policy", `unexpected argument "${rest[0]}"`);
    switch (sub) {
      case "list":
        writeOut(PRESET_IDS.map((id) => `${id}\tv${PRESETS[id]!.version}\t${PRESETS[id]!.name}`).join("\n"));
        return EXIT_OK;
      case "show": {
        if (!target) throw new UsageError("policy", "name a preset or a policy file to show");
        const { input } = await loadPolicySource(target);
        writeOut(JSON.stringify(input, null, 2));
        return EXIT_OK;
      }
      case "check": {
        if (!target) throw new UsageError("policy", "name a preset or a policy file to check");
        const { input, source } = await loadPolicySource(target);
        const result = checkPolicy(input, source);
        if (!result.ok) {
          writeErr(result.problems.map((p) => `${source}: ${p.path || "(policy)"}: ${p.message}`).join("\n"));
          return EXIT_BAD_INPUT;
        }
        writeOut(`${source}: ok: policy ${result.policyId}, ${result.states} states, ${result.rules} rules; every state reachable and every state can be left`);
        return EXIT_OK;
      }
      default:
        throw new UsageError("policy", sub ? `unknown subcommand "${sub}"` : "say check, list, show or export");
    }
  },
};

/** `policy export --policy X --format xstate`: the compiled machine as JSON for Stately's editor. */
async function exportPolicy(argv: string[]): Promise<number> {
  const o = parseOptions("policy", argv, { policy: { type: "string" }, format: { type: "string" } });
  if (!o.policy) throw new UsageError("policy", "export needs --policy PRESET_OR_FILE");
  const format = o.format ?? "xstate";
  if (format !== "xstate") throw new UsageError("policy", `--format "${format}" is not one Rollcall exports; the format is xstate`);
  const { input, source } = await loadPolicySource(o.policy);
  const result = checkPolicy(input, source);
  if (!result.ok || !result.compiled) {
    writeErr(result.problems.map((p) => `${source}: ${p.path || "(policy)"}: ${p.message}`).join("\n"));
    return EXIT_BAD_INPUT;
  }
  writeOut(JSON.stringify(exportXStateConfig(result.compiled), null, 2));
  return EXIT_OK;
}
