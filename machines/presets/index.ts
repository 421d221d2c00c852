import type { PolicyInput } from "../policy/schema.ts";
import { allSaints } from "./allSaints.ts";
import { dfe2024 } from "./dfe2024.ts";

/** The built-in policies: one per seed school, and the national framework on its own. */
export const PRESETS: Readonly<Record<string, PolicyInput>> = {
  "dfe-2024": dfe2024,
  "all-saints": allSaints,
};

export const PRESET_IDS = Object.keys(PRESETS);

export function presetPolicy(id: string): PolicyInput | undefined {
  return Object.hasOwn(PRESETS, id) ? PRESETS[id] : undefined;
}
