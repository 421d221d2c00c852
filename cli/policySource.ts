import { readFile } from "node:fs/promises";
import { presetPolicy, PRESET_IDS } from "../machines/presets/index.ts";
import { CliError, EXIT_BAD_INPUT } from "./io.ts";

/**
 * A policy named on the command line: a preset id (`all-saints`) or a JSON file. JSON syntax errors name the
 * file and line.
 */
export async function loadPolicySource(arg: string): Promise<{ input: unknown; source: string }> {
  const preset = presetPolicy(arg);
  if (preset) return { input: preset, source: arg };
  let text: string;
  try {
    text = await readFile(arg, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === "ENOENT"
        ? `rollcall: "${arg}" is neither a preset (${PRESET_IDS.join(", ")}) nor a file`
        : `rollcall: cannot read the policy file "${arg}": ${(error as Error).message}`,
      EXIT_BAD_INPUT,
    );
  }
  try {
    return { input: JSON.parse(text), source: arg };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split("\n").length : 1;
    throw new CliError(`${arg}:${line}: (file): not valid JSON: ${message}`, EXIT_BAD_INPUT);
  }
}
