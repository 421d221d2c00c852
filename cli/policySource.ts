import { readFile } from "node:fs/promises";
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
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
  const errors: ParseError[] = [];
  const input = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    throw new CliError(
      errors.map((e) => `${arg}:${text.slice(0, e.offset).split("\n").length}: (file): not valid JSON: ${printParseErrorCode(e.error)}`),
      EXIT_BAD_INPUT,
    );
  }
  return { input, source: arg };
}
