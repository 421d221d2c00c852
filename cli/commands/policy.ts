import { checkPolicy } from "../../machines/policy/checkPolicy.ts";
import { PRESET_IDS, PRESETS } from "../../machines/presets/index.ts";
import type { Command } from "../command.ts";
import { EXIT_BAD_INPUT, EXIT_OK, INVOCATION, UsageError, writeErr, writeOut } from "../io.ts";
import { loadPolicySource } from "../policySource.ts";

export const policy: Command = {
  name: "policy",
  summary: "check a policy (preset or JSON file), list the presets, or print one as JSON",
  usage: `Usage: ${INVOCATION} policy check PRESET_OR_FILE
       ${INVOCATION} policy list
       ${INVOCATION} policy show PRESET_OR_FILE

check   validates the policy against the schema, resolves its parameters, targets and letters, compiles it
        to its state machine and proves on the machine's graph (xstate/graph) that every state can be
        reached and every state can be left by one of the school's rules. Exit 0 when it passes; otherwise
        one line per problem on stderr (SOURCE: PATH: message) and exit 1.
list    the built-in presets, one per line: id, version, name.
show    the policy as JSON (a starting point for your own: copy, edit, check).

Writing a policy: docs/policies.md.`,

  async run(argv) {
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
        throw new UsageError("policy", sub ? `unknown subcommand "${sub}"` : "say check, list or show");
    }
  },
};
