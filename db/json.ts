/**
 * Canonical JSON: the same value always gives the same text, so it can be hashed and compared.
 *
 * Like JSON.stringify with no spaces, except that object keys are written in ascending order of their UTF-16
 * code units at every level (JavaScript would put integer-like keys such as "10" first). As with
 * JSON.stringify: `toJSON()` is honoured (a Date becomes its ISO string); object members whose value is
 * undefined, a function or a symbol are left out, and in arrays they become null; non-finite numbers become
 * null. Numbers and strings are written exactly as JSON.stringify writes them (so the result matches RFC 8785,
 * JCS, for the values Rollcall stores). A bigint is an error.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value);
  if (text === undefined) throw new TypeError("canonicalJson: the value has no JSON form");
  return text;
}

function write(input: unknown): string | undefined {
  let value = input;
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new TypeError("canonicalJson: a bigint has no JSON form");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? "null").join(",")}]`;
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = write(record[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(",")}}`;
}

/** Parses JSON text kept by Rollcall (throws with the column named when it is not JSON). */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`stored ${what} is not valid JSON`);
  }
}
