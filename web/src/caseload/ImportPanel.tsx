import { useEffect, useState } from "react";
import { api, ApiError, type TermDates } from "../api/client.ts";
import { formatDate } from "../words.ts";

type FileKind = "marks" | "pupils" | "parents" | "calendar";

const ENDS_WORDS: Record<string, string> = { schoolWeek: "school week", halfTerm: "half term", term: "term", schoolYear: "school year" };

/** What Rollcall knows of the school's term dates, and what the next day close will take the last day to end. */
export function termDatesWords(t: TermDates): string {
  const plan = t.termDates
    ? `Term dates in force: ${t.termDates.fileName}, ${formatDate(t.termDates.firstDay)} to ${formatDate(t.termDates.lastDay)}, ${t.termDates.halfTerms.length} half terms.`
    : "No term dates yet: without them Rollcall cannot tell the end of a half term, term or year on the day (a Friday still ends its week).";
  const last = t.register.lastDay;
  if (!last) return plan;
  const ends = t.register.ends.map((e) => ENDS_WORDS[e] ?? e);
  const follows = t.register.follows === "unknown" || t.register.follows === null ? "" : `; the next school day is ${formatDate(t.register.follows)}`;
  return `${plan} The register runs to ${formatDate(last)}${follows}${ends.length ? `: it ends the ${ends.join(", the ")}` : ""}.`;
}

/**
 * Imports a pupils, parents and carers or register marks file (CSV, as the MIS exports it), or the school's term dates. Nothing is
 * written if any row is wrong.
 */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [kind, setKind] = useState<FileKind>("marks");
  const [termDates, setTermDates] = useState<TermDates | null>(null);
  const refreshTermDates = () =>
    void api.termDates().then(setTermDates, () => setTermDates(null));
  useEffect(refreshTermDates, []);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string; problems?: string[] } | null>(null);

  const send = async () => {
    if (!file) {
      setResult({ ok: false, text: "Choose a file first." });
      return;
    }
    setBusy(true);
    setResult(null);
    try {
      if (kind === "calendar") {
        const r = await api.uploadTermDates(await file.text(), file.name);
        setResult({
          ok: true,
          text: r.alreadyInForce ? "These term dates are already in force; nothing changed." : `Term dates recorded: ${r.schoolDays} school days, ${formatDate(r.firstDay)} to ${formatDate(r.lastDay)}.`,
        });
      } else {
        const r = await api.importFile(kind, await file.text());
        setResult({ ok: true, text: r.alreadyImported ? "This file was imported before; nothing changed." : `Imported ${r.rows ?? 0} rows; ${r.changed ?? 0} changed.` });
        if (!r.alreadyImported) onImported();
      }
      refreshTermDates();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        setResult({
          ok: false,
          text: `${e.message} Fix these in the file and import it again:`,
          problems: e.problems.map((p) => `${p.line ? `Line ${p.line}, ` : ""}${p.field}: ${p.message}`),
        });
      } else setResult({ ok: false, text: e instanceof ApiError ? e.message : "The file could not be imported." });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="panel import-panel">
      <summary>Import register files</summary>
      <div className="filters">
        <label>
          File
          <select value={kind} onChange={(e) => setKind(e.target.value as FileKind)}>
            <option value="marks">Register marks (upn, date, session, mark)</option>
            <option value="pupils">Pupils (upn, forename, surname, year group, flags)</option>
            <option value="parents">Parents and carers (upn, name, relationship, parental responsibility, address, phone)</option>
            <option value="calendar">Term dates (start, end, type: term or closure)</option>
          </select>
        </label>
        <label>
          CSV file
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="button" className="primary" onClick={() => void send()} disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </button>
      </div>
      {termDates ? <p className="muted term-dates">{termDatesWords(termDates)}</p> : null}
      {result ? (
        <div className={result.ok ? "ok" : "problem"} role={result.ok ? "status" : "alert"}>
          <p>{result.text}</p>
          {result.problems ? (
            <ul className="problems">
              {result.problems.slice(0, 100).map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </details>
  );
}
