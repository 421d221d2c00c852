import type { PolicyInput } from "../policy/schema.ts";
import { allSaints } from "./allSaints.ts";
import { dfe2024 } from "./dfe2024.ts";
import { graduatedApproach } from "./graduatedApproach.ts";
import { halsnead } from "./halsnead.ts";
import { highfieldFarm } from "./highfieldFarm.ts";
import { stStephens } from "./stStephens.ts";

/** The built-in policies: one per seed school, and the national framework on its own. */
export const PRESETS: Readonly<Record<string, PolicyInput>> = {
  "dfe-2024": dfe2024,
  "all-saints": allSaints,
  "st-stephens": stStephens,
  "graduated-approach": graduatedApproach,
  "highfield-farm": highfieldFarm,
  halsnead,
};

export const PRESET_IDS = Object.keys(PRESETS);

export function presetPolicy(id: string): PolicyInput | undefined {
  return Object.hasOwn(PRESETS, id) ? PRESETS[id] : undefined;
}
