import { useEffect, useMemo, useRef, useState } from "react";
import { api, ApiError, type DueLetter, type Letter } from "../api/client.ts";
import { download } from "../download.ts";
import { LetterSheet } from "../pages/LetterPage.tsx";
import { canSendLetters } from "../roles.ts";
import { useLoad } from "../useLoad.ts";
import { formatDate } from "../words.ts";
import { FIRST_WAY_SENT, HowSentSelect } from "./HowSent.tsx";
import { letterKindWords } from "./letterKinds.ts";
import "./bulkLetters.css";

/** How many letters the preview shows before "and N more". */
const PREVIEWED = 3;

type Message = { kind: "ok" | "problem"; text: string };

/**
 * The letters to send, many at once (issue 15): choose letters, or all due of one kind (the half-term's award
 * letters), preview them, print them as one PDF (or in the browser when the server has no Chromium), and mark them
 * all sent in one go. The first print of each letter keeps it as printed (the server freezes it); marking them sent
 * is all or nothing, each against its case's revision as loaded.
 */
export function BulkLettersPage({ kind, role }: { kind: string | null; role: string }) {
  return <BulkLetters key={kind ?? ""} kind={kind} role={role} />;
}

function BulkLetters({ kind: initialKind, role }: { kind: string | null; role: string }) {
  const load = useLoad(async (signal) => {
    const [due, cases] = await Promise.all([api.dueLetters(signal), api.allCases().catch(() => null)]);
    const names = new Map((cases?.rows ?? []).map((r) => [r.upn, `${r.forename} ${r.surname}`]));
    return { ...due, names };
  }, ["letter", "due"]);
  const [kind, setKind] = useState<string | null>(initialKind);
  const [selected, setSelected] = useState<Set<number> | null>(null);
  const [how, setHow] = useState(FIRST_WAY_SENT);
  const [busy, setBusy] = useState<"pdf" | "print" | "send" | "preview" | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [preview, setPreview] = useState<Letter[] | null>(null);
  const [printSet, setPrintSet] = useState<Letter[] | null>(null);
  const may = canSendLetters(role);
  const status = useRef<HTMLDivElement>(null);

  const letters = useMemo(() => load.data?.letters ?? [], [load.data]);
  const today = load.data?.today ?? "";
  const shown = useMemo(() => letters.filter((l) => !kind || (l.letterKind ?? "other") === kind), [letters, kind]);
  const isDue = (l: DueLetter) => l.dueOn === null || l.dueOn <= today;
  const dueShown = shown.filter(isDue);
  // Opened for one kind (from Today), all of it that is due is chosen to start with.
  const chosen = selected ?? new Set(initialKind ? dueShown.map((l) => l.id) : []);
  const picked = shown.filter((l) => chosen.has(l.id));
  const counts = useMemo(() => {
    const out = new Map<string, number>();
    for (const l of letters) out.set(l.letterKind ?? "other", (out.get(l.letterKind ?? "other") ?? 0) + 1);
    // The kind chosen keeps its button when none of it is left (all sent), so the choice stays visible.
    if (kind && !out.has(kind)) out.set(kind, 0);
    return out;
  }, [letters, kind]);

  // The browser's print of the letters just frozen: printed once they are on the page.
  useEffect(() => {
    if (!printSet) return;
    const t = setTimeout(() => window.print(), 50);
    return () => clearTimeout(t);
  }, [printSet]);

  if (load.loading && !load.data) return <p className="loading">Loading the letters to send…</p>;
  if (load.error && !load.data) return <p className="problem" role="alert">{load.error}</p>;
  const names = load.data!.names;
  const nameOf = (upn: string) => names.get(upn) ?? upn;
  const ids = picked.map((l) => l.id);
  const plural = (n: number, word = "letter") => `${n} ${word}${n === 1 ? "" : "s"}`;

  const choose = (next: Set<number>) => {
    setSelected(next);
    setPreview(null);
  };
  const toggle = (id: number) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    choose(next);
  };
  const say = (m: Message) => {
    setMessage(m);
    status.current?.focus();
  };

  const showPreview = async () => {
    if (preview) return setPreview(null);
    setBusy("preview");
    try {
      setPreview(await Promise.all(ids.slice(0, PREVIEWED).map((id) => api.letter(id))));
    } catch (e) {
      say({ kind: "problem", text: e instanceof ApiError ? e.message : "The preview could not be loaded; try again." });
    } finally {
      setBusy(null);
    }
  };

  const pdf = async () => {
    setBusy("pdf");
    setMessage(null);
    try {
      download(await api.printLettersPdf(ids), `letters-${ids.length}.pdf`);
      await load.reload();
      say({ kind: "ok", text: `${plural(ids.length)} printed as one PDF. Each is kept exactly as printed; mark them sent once they are in the post.` });
    } catch (e) {
      say({
        kind: "problem",
        text:
          e instanceof ApiError && e.status === 503
            ? `${e.message} The "Print in the browser" button prints the same letters.`
            : `The PDF could not be made: ${e instanceof ApiError ? e.message : "try again"}. Use "Print in the browser" instead.`,
      });
    } finally {
      setBusy(null);
    }
  };

  const browserPrint = async () => {
    setBusy("print");
    setMessage(null);
    try {
      const printed = await api.printLetters(ids);
      setPrintSet(printed.letters);
      await load.reload();
      say({ kind: "ok", text: `${plural(printed.letters.length)} sent to the printer. Each is kept exactly as printed; mark them sent once they are in the post.` });
    } catch (e) {
      say({ kind: "problem", text: e instanceof ApiError ? e.message : "The letters could not be printed; try again." });
    } finally {
      setBusy(null);
    }
  };

  const markSent = async () => {
    setBusy("send");
    setMessage(null);
    try {
      const result = await api.markLettersSent(
        picked.map((l) => ({ id: l.id, revision: l.revision ?? 0 })),
        how,
      );
      choose(new Set());
      await load.reload();
      say({ kind: "ok", text: `${plural(result.letters.length)} marked sent (${how.toLowerCase()}), each recorded in its case's history.` });
    } catch (e) {
      await load.reload();
      say({
        kind: "problem",
        text:
          e instanceof ApiError && e.status === 409
            ? `Nothing was marked sent: ${e.message} The list has been reloaded; check it and try again.`
            : e instanceof ApiError
              ? e.message
              : "Could not mark the letters sent. Nothing was recorded; try again.",
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="bulk-letters">
      <div className="no-print">
        <div className="page-head">
          <div>
            <h1>Letters to send</h1>
            <p className="muted">
              {plural(letters.length)} to send{today ? ` · ${formatDate(today)}` : ""}
            </p>
          </div>
          <div className="head-links">
            <a href="#/today">Back to Today</a>
          </div>
        </div>

        <div className="kind-filter" role="group" aria-label="Which kind of letter">
          <button type="button" aria-pressed={kind === null} onClick={() => (setKind(null), choose(new Set()))}>
            All <span className="count">{letters.length}</span>
          </button>
          {[...counts].map(([k, n]) => (
            <button type="button" key={k} aria-pressed={kind === k} onClick={() => (setKind(k), choose(new Set()))}>
              {letterKindWords(k)} <span className="count">{n}</span>
            </button>
          ))}
        </div>

        <div className="bulk-select" role="group" aria-label="Choose letters">
          <button type="button" onClick={() => choose(new Set(dueShown.map((l) => l.id)))} disabled={dueShown.length === 0}>
            Select all {dueShown.length} due{kind ? ` (${letterKindWords(kind).toLowerCase()})` : ""}
          </button>
          <button type="button" onClick={() => choose(new Set())} disabled={chosen.size === 0}>
            Clear the selection
          </button>
          <span className="muted" aria-live="polite">
            {plural(picked.length)} chosen
          </span>
        </div>

        <div ref={status} tabIndex={-1} className="bulk-status">
          {message ? (
            <p className={message.kind} role={message.kind === "ok" ? "status" : "alert"}>
              {message.text}
            </p>
          ) : null}
        </div>

        <div className="letter-actions" role="group" aria-label="Preview, print and send the chosen letters">
          <button type="button" onClick={() => void showPreview()} disabled={ids.length === 0 || busy !== null} aria-expanded={preview !== null}>
            {busy === "preview" ? "Loading the preview…" : preview ? "Hide the preview" : "Preview"}
          </button>
          {may ? (
            <>
              <button type="button" className="primary" onClick={() => void pdf()} disabled={ids.length === 0 || busy !== null}>
                {busy === "pdf" ? "Making the PDF…" : `Print ${plural(ids.length)} as one PDF`}
              </button>
              <button type="button" onClick={() => void browserPrint()} disabled={ids.length === 0 || busy !== null}>
                {busy === "print" ? "Preparing…" : "Print in the browser"}
              </button>
              <HowSentSelect label="How they were sent" value={how} onChange={setHow} />
              <button type="button" onClick={() => void markSent()} disabled={ids.length === 0 || busy !== null}>
                {busy === "send" ? "Saving…" : `Mark ${plural(ids.length)} sent`}
              </button>
            </>
          ) : null}
        </div>

        {preview ? (
          <section className="bulk-preview" aria-label="Preview of the chosen letters">
            <h2>
              Preview: {preview.length === ids.length ? plural(ids.length) : `the first ${preview.length} of ${ids.length}`}
            </h2>
            {preview.map((l, i) => (
              <div key={l.id} className="bulk-preview-item">
                <h3>
                  {i + 1}. {nameOf(l.upn)}: {l.title} {l.printed ? <span className="muted">(printed {formatDate(l.printed.on)}, kept as printed)</span> : <span className="muted">(draft, dated today until printed)</span>}
                </h3>
                <LetterSheet letter={l} />
              </div>
            ))}
          </section>
        ) : null}

        {shown.length === 0 ? (
          <p className="muted">No letters of this kind to send.</p>
        ) : (
          <ul className="bulk-list" aria-label="Letters">
            {shown.map((l) => (
              <li key={l.id} className={chosen.has(l.id) ? "chosen" : undefined}>
                <input type="checkbox" id={`bulk-letter-${l.id}`} checked={chosen.has(l.id)} onChange={() => toggle(l.id)} />
                <label htmlFor={`bulk-letter-${l.id}`}>
                  <span className="bulk-name">{nameOf(l.upn)}</span> <span className="bulk-title">{l.title}</span>
                  <span className="muted bulk-meta">
                    raised {formatDate(l.raisedOn, false)}
                    {l.dueOn ? ` · due ${formatDate(l.dueOn, false)}` : ""}
                    {l.dueOn && l.dueOn < today ? " (overdue)" : ""}
                    {l.printedOn ? ` · printed ${formatDate(l.printedOn, false)}` : " · not printed yet"}
                  </span>
                </label>
                <a href={`#/letters/${l.id}`} className="bulk-open">
                  Open<span className="sr-only"> the letter to {nameOf(l.upn)}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>

      {/* What the browser prints: the letters as the server froze them, one to a page. */}
      {printSet ? (
        <div className="bulk-print" aria-hidden="true">
          {printSet.map((l) => (
            <LetterSheet key={l.id} letter={l} />
          ))}
        </div>
      ) : null}
    </section>
  );
}
