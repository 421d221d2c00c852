import { type CompiledPolicy, compilePolicy } from "../../../machines/policy/compilePolicy.ts";
import { presetPolicy } from "../../../machines/presets/index.ts";
import { api } from "../api/client.ts";

const cache = new Map<string, Promise<{ compiled: CompiledPolicy; note: string | null }>>();

/**
 * The compiled policy a case runs under, for its chart: the published document when the server gives it
 * (GET /api/policies/{id}/versions), otherwise the preset of that id.
 */
export function compiledFor(policy: { id: string; version: number }): Promise<{ compiled: CompiledPolicy; note: string | null }> {
  const key = `${policy.id}@${policy.version}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = (async () => {
      const versions = await api.policyVersions(policy.id).catch(() => null);
      const published = versions?.versions.find((v) => v.version === policy.version && v.document);
      if (published) return { compiled: compilePolicy(typeof published.document === "string" ? JSON.parse(published.document) : published.document, key), note: null };
      const preset = presetPolicy(policy.id);
      if (!preset) throw new Error(`The chart for policy "${policy.id}" version ${policy.version} is not available in the browser yet.`);
      const compiled = compilePolicy(preset, policy.id);
      const note = compiled.policy.version === policy.version ? null : `The chart shows ${policy.id} version ${compiled.policy.version}; this case runs under version ${policy.version}.`;
      return { compiled, note };
    })();
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return hit;
}
