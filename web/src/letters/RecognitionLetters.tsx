import { useLoad } from "../useLoad.ts";
import { api } from "../api/client.ts";
import { bulkLettersHref } from "./letterKinds.ts";
import "./bulkLetters.css";

/**
 * The ids of the open recognition and praise letters (the half-term's award letters), for Today to show them as one
 * line instead of one task each. Empty until loaded, or for a role that does not read letters.
 */
export function useRecognitionLetterIds(enabled: boolean): ReadonlySet<number> {
  const load = useLoad(async (signal) => (enabled ? (await api.dueLetters(signal)).letters : []), ["letter", "due", enabled]);
  return new Set((load.data ?? []).filter((l) => l.letterKind === "recognition").map((l) => l.id));
}

/**
 * Today's one line for the recognition letters among `tasks` (those in `recognition`): "38 recognition letters due —
 * review and print", opening the bulk letters view with them chosen. Nothing when there are none.
 */
export function RecognitionLettersLine({ tasks, recognition }: { tasks: readonly { id: number }[]; recognition: ReadonlySet<number> }) {
  const n = tasks.filter((t) => recognition.has(t.id)).length;
  if (n === 0) return null;
  return (
    <p className="recognition-line">
      <a href={bulkLettersHref("recognition")}>
        <strong>
          {n} recognition {n === 1 ? "letter" : "letters"} due
        </strong>{" "}
        — review and print
      </a>
    </p>
  );
}
