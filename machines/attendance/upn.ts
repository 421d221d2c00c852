/**
 * Unique pupil numbers (UPNs), as the DfE issues them to schools in England.
 *
 * A UPN has 13 characters: a check letter, 11 digits, and a final digit, or a final letter for a temporary
 * UPN. The check letter is computed from characters 2..13: each character's value times its position
 * (character 2 × 2, …, character 13 × 13), summed, mod 23, mapped to `ABCDEFGHJKLMNPQRTUVWXYZ` (0 → A). In a
 * temporary UPN the final letter's value is its index in that same alphabet. I, O and S are never used.
 */
export const UPN_CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ";
export const UPN_LENGTH = 13;

const DIGIT = /^[0-9]$/;

function valueOf(ch: string): number | undefined {
  if (DIGIT.test(ch)) return Number(ch);
  const i = UPN_CHECK_ALPHABET.indexOf(ch);
  return ch.length === 1 && i >= 0 ? i : undefined;
}

/** Why characters 2..13 (the 12 after the check letter) cannot be part of a UPN, or undefined. */
function bodyProblem(body: string): string | undefined {
  for (let i = 0; i < 11; i++) {
    const ch = body[i]!;
    if (!DIGIT.test(ch)) return `characters 2 to 12 must be digits; character ${i + 2} is "${ch}"`;
  }
  const last = body[11]!;
  if (valueOf(last) === undefined) {
    return `character 13 must be a digit, or for a temporary UPN a capital letter other than I, O or S; it is "${last}"`;
  }
  return undefined;
}

function checkLetterOf(body: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += valueOf(body[i]!)! * (i + 2);
  return UPN_CHECK_ALPHABET[sum % 23]!;
}

/** Why `upn` is not a valid UPN (a short message for a school office), or undefined when it is valid. */
export function upnProblem(upn: string): string | undefined {
  const chars = [...upn];
  if (chars.length !== UPN_LENGTH) {
    return `UPN must be ${UPN_LENGTH} characters; "${upn}" has ${chars.length}`;
  }
  const body = upn.slice(1);
  const problem = bodyProblem(body);
  if (problem) return problem;
  const given = upn[0]!;
  const expected = checkLetterOf(body);
  if (given === expected) return undefined;
  if (!UPN_CHECK_ALPHABET.includes(given)) {
    return `character 1 must be a check letter (a capital letter other than I, O or S); it is "${given}", and the check letter for this UPN is "${expected}"`;
  }
  return `check letter should be "${expected}", not "${given}"`;
}

export function isValidUpn(upn: string): boolean {
  return upnProblem(upn) === undefined;
}

/** Prepends the check letter to the 12 characters after it (11 digits, then a digit or a temporary letter). */
export function withCheckLetter(twelveChars: string): string {
  if ([...twelveChars].length !== UPN_LENGTH - 1) {
    throw new RangeError(`a UPN without its check letter has 12 characters; "${twelveChars}" has ${[...twelveChars].length}`);
  }
  const problem = bodyProblem(twelveChars);
  if (problem) throw new RangeError(`"${twelveChars}": ${problem}`);
  return checkLetterOf(twelveChars) + twelveChars;
}
