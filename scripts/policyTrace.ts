/**
 * Prints the traceability section of docs/policies.md: every preset's rules with the words of the seed each
 * implements and the choices made. `npx tsx scripts/policyTrace.ts > /tmp/trace.md`; docs/policies.md embeds it
 * between the TRACE markers, and `test/docs/policiesTrace.test.ts` fails when it drifts from the presets.
 */
import { compilePolicy } from "../machines/policy/compilePolicy.ts";
import { describeGuard } from "../machines/policy/describeGuard.ts";
import { PRESET_IDS, PRESETS } from "../machines/presets/index.ts";

export function policyTrace(): string {
  const out: string[] = [];
  for (const id of PRESET_IDS) {
    const compiled = compilePolicy(PRESETS[id], id);
    const { policy } = compiled;
    out.push(`### \`${id}\`: ${policy.name}`, "", `Source: ${policy.source.school}, *${policy.source.document}*${policy.source.file ? ` (\`${policy.source.file}\`)` : ""}.`, "");
    const params = Object.entries(policy.parameters);
    if (params.length) {
      out.push("| parameter | value | meaning | seed / choice |", "|---|---|---|---|");
      for (const [name, p] of params) out.push(`| \`${name}\` | ${p.value} | ${cell(p.description)} | ${cell([p.seed && `"${p.seed}"`, p.choice && `Choice: ${p.choice}`].filter(Boolean).join(" "))} |`);
      out.push("");
    }
    out.push("| rule | from → to | when | seed | choice |", "|---|---|---|---|---|");
    for (const r of compiled.rules.filter((r) => !r.builtIn)) {
      out.push(`| \`${r.id}\` | ${r.from || "(any)"} → ${r.to ?? "(stays)"} on ${r.on} | ${cell(describeGuard(r.guard))} | ${cell(`"${r.seed}"`)} | ${cell(r.choice ?? "")} |`);
    }
    for (const r of compiled.daily) out.push(`| \`${r.id}\` | daily | ${cell(describeGuard(r.guard))} | ${cell(`"${r.seed}"`)} | |`);
    out.push("");
  }
  return out.join("\n");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(policyTrace());
