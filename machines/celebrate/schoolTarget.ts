import type { Policy } from "../policy/schema.ts";

export interface SchoolTarget {
  /** The school's attendance target, a percentage. */
  readonly pct: number;
  /** Where in the school's policy it comes from, in words. */
  readonly from: string;
}

/**
 * The attendance target the school's own policy sets, for the weekly celebration: the policy's `targetPct`
 * parameter where it has one (Highfield Farm: "the school attendance target of 96%"), otherwise the lower edge of
 * the policy's top band, the band that reaches 100% (All Saints: "At or above target (95%+)").
 */
export function schoolTarget(policy: Pick<Policy, "name" | "parameters" | "bands">): SchoolTarget {
  const parameter = policy.parameters["targetPct"];
  if (parameter && typeof parameter.value === "number") return { pct: parameter.value, from: `${policy.name}: the school attendance target` };
  const top = [...policy.bands].filter((b) => b.max >= 100).sort((a, b) => b.min - a.min)[0] ?? [...policy.bands].sort((a, b) => b.max - a.max)[0]!;
  return { pct: top.min, from: `${policy.name}: the top band, "${top.label}"` };
}
