import { useState } from "react";
import { api, ApiError } from "../api/client.ts";

/** Imports a pupils or register marks file (CSV, as the MIS exports it). Nothing is written if any row is wrong. */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [kind, setKind] = useState<"marks" | "pupils">("marks");
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
      const r = await api.importFile(kind, await file.text());
      setResult({ ok: true, text: r.alreadyImported ? "This file was imported before; nothing changed." : `Imported ${r.rows ?? 0} rows; ${r.changed ?? 0} changed.` });
      if (!r.alreadyImported) onImported();
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
          <select value={kind} onChange={(e) => setKind(e.target.value as "marks" | "pupils")}>
            <option value="marks">Register marks (upn, date, session, mark)</option>
            <option value="pupils">Pupils (upn, forename, surname, year group, flags)</option>
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
