import type { PolicyProblem } from "./compilePolicy.ts";
import type { Policy } from "./schema.ts";

/**
 * Replaces every `$name` in the policy with the value of its parameter, so the compiled machine (and the
 * chart) shows concrete numbers. Unknown names are problems, named by their path in the document.
 */
export function resolveParameters(policy: Policy, problems: PolicyProblem[]): Policy {
  const visit = (value: unknown, path: string): unknown => {
    if (typeof value === "string" && /^\$[A-Za-z][A-Za-z0-9]*$/.test(value) && !path.endsWith(".seed") && !path.endsWith(".reason")) {
      const name = value.slice(1);
      const parameter = policy.parameters[name];
      if (!parameter) {
        problems.push({ path, message: `no parameter "${name}"; parameters are ${Object.keys(policy.parameters).join(", ") || "(none)"}` });
        return 0;
      }
      return parameter.value;
    }
    if (Array.isArray(value)) return value.map((v, i) => visit(v, `${path}.${i}`));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, path ? `${path}.${k}` : k)]));
    }
    return value;
  };
  return {
    ...policy,
    stages: visit(policy.stages, "stages") as Policy["stages"], anywhere: visit(policy.anywhere, "anywhere") as Policy["anywhere"],
    daily: visit(policy.daily, "daily") as Policy["daily"],
  };
}
