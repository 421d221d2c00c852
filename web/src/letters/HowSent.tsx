import { QUICK_OUTCOMES } from "../words.ts";

/** The ways a letter goes out, in the words the history keeps ("Letter sent by post"…): `QUICK_OUTCOMES.letter`. */
export const HOW_LETTERS_ARE_SENT: readonly string[] = QUICK_OUTCOMES.letter ?? ["Letter sent by post"];

/** What the "how it was sent" choice starts at. */
export const FIRST_WAY_SENT = HOW_LETTERS_ARE_SENT[0]!;

/** The "how it was sent" choice, for one letter (LetterPage) or many (BulkLettersPage). */
export function HowSentSelect({ label, value, onChange }: { label: string; value: string; onChange(value: string): void }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {HOW_LETTERS_ARE_SENT.map((way) => (
          <option key={way} value={way}>
            {way}
          </option>
        ))}
      </select>
    </label>
  );
}
