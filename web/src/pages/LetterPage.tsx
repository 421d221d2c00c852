import { type FormEvent, Fragment, useState } from "react";
import { api, ApiError, type Letter } from "../api/client.ts";
import { canSendLetters } from "../roles.ts";
import { useLoad } from "../useLoad.ts";
import { formatDate } from "../words.ts";
import { FIRST_WAY_SENT, HowSentSelect } from "../letters/HowSent.tsx";
import { download } from "../download.ts";

const CONFLICT = "Someone else changed this case while you had the letter open; it has been reloaded. Check the letter, then mark it sent again.";

/** A paragraph with the fields that have no value marked, on screen and on paper. */
export function Marked({ text, missing }: { text: string; missing: readonly string[] }) {
  if (missing.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(\\[(?:${missing.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\])`, "g");
  return (
    <>
      {text.split(pattern).map((part, i) =>
        i % 2 === 1 ? (
          <mark key={i} className="missing" title="No value: fill this in before sending">
            {part}
          </mark>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/** The letter itself, as it prints. */
export function LetterSheet({ letter }: { letter: Letter }) {
  return (
    <article className="letter-sheet" aria-label="The letter">
      <header className="letterhead">
        <div className="school">{letter.school ?? <Marked text="[school.name]" missing={["school.name"]} />}</div>
        <div className="date">{letter.fields.date ?? letter.date}</div>
      </header>
      <p className="recipient">
        <Marked text={letter.recipient} missing={letter.missing} />
      </p>
      <p className="subject">{letter.subject}</p>
      <div className="letter-body">
        {letter.paragraphs.map((p, i) => (
          <p key={i}>
            <Marked text={p} missing={letter.missing} />
          </p>
        ))}
      </div>
      <footer className="signoff">
        {letter.signOff.map((line, i) => (line ? <p key={i}>{line}</p> : <p key={i} aria-hidden="true">&nbsp;</p>))}
      </footer>
    </article>
  );
}


/**
 * One letter raised by the policy: the template merged for this pupil, printed (print CSS) or downloaded as a
 * PDF the server prints, and marked sent, which records "Letter sent: <title>" in the case's history and
 * completes the task. The first print or download keeps the letter exactly as printed (its date too): from then on
 * it is shown and printed as it was; marking it sent records the sent date apart. A letter whose purpose has passed
 * is withdrawn with a reason.
 */
export function LetterPage({ id, role }: { id: number; role: string }) {
  return <OneLetter key={id} id={id} role={role} />;
}

/** Keyed by the letter's id: no message or choice of the previous letter carries over. */
function OneLetter({ id, role }: { id: number; role: string }) {
  const load = useLoad(async (signal) => {
    const letter = await api.letter(id, signal);
    const view = await api.getCase(letter.upn, signal).catch(() => null);
    return { letter, revision: view?.revision ?? null, name: view?.pupil ? `${view.pupil.forename} ${view.pupil.surname}` : letter.upn };
  }, ["letter", id]);
  const [how, setHow] = useState(FIRST_WAY_SENT);
  const [busy, setBusy] = useState<"pdf" | "print" | "send" | "withdraw" | null>(null);
  const [withdrawing, setWithdrawing] = useState<{ reason: string; error: string | null } | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "problem"; text: string } | null>(null);
  const [pdfProblem, setPdfProblem] = useState<string | null>(null);

  if (load.loading && !load.data) return <p className="loading">Loading the letter…</p>;
  if (load.error && !load.data) return <p className="problem" role="alert">{load.error === "Rollcall could not find that." ? "There is no such letter." : load.error}</p>;
  const { letter, revision, name } = load.data!;
  const open = letter.status === "open";
  const mayMarkSent = canSendLetters(role) && open && !letter.moot;
  const mayWithdraw = canSendLetters(role) && open;

  const pdf = async () => {
    setBusy("pdf");
    setPdfProblem(null);
    try {
      download(await api.letterPdf(letter.id), `letter-${letter.id}.pdf`);
      // The first download keeps the letter as printed (and moves the case on): show it as it now is.
      if (!letter.printed) await load.reload();
    } catch (e) {
      setPdfProblem(e instanceof ApiError && e.status === 503 ? e.message : `The PDF could not be made: ${e instanceof ApiError ? e.message : "try again"}. Use Print instead.`);
    } finally {
      setBusy(null);
    }
  };

  /** The browser's print: a caseworker's first print keeps the letter as printed (the server), then the dialogue opens. */
  const print = async () => {
    if (canSendLetters(role) && !letter.printed) {
      setBusy("print");
      try {
        await api.printLetter(letter.id);
        await load.reload();
      } catch (e) {
        setMessage({ kind: "problem", text: e instanceof ApiError ? e.message : "The letter could not be kept as printed; try again." });
        return;
      } finally {
        setBusy(null);
      }
    }
    window.print();
  };

  /** Withdrawn with the reason: the task closed and "Letter withdrawn" in the history, together. */
  const withdraw = async (e: FormEvent) => {
    e.preventDefault();
    if (!withdrawing || revision === null) return;
    if (withdrawing.reason.trim().length < 3) {
      setWithdrawing({ ...withdrawing, error: "Say why the letter is withdrawn (it is kept in the case history)." });
      return;
    }
    setBusy("withdraw");
    try {
      await api.withdrawLetter(letter.id, revision, withdrawing.reason.trim());
      setWithdrawing(null);
      await load.reload();
      setMessage({ kind: "ok", text: `Withdrawn: "${withdrawing.reason.trim()}" is now in the case history.` });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) await load.reload();
      setWithdrawing({ ...withdrawing, error: err instanceof ApiError ? (err.status === 409 && /changed/.test(err.message) ? CONFLICT.replace("mark it sent", "withdraw it") : err.message) : "Could not withdraw the letter; try again." });
    } finally {
      setBusy(null);
    }
  };

  /** One request: the "Letter sent" entry in the history and the task completed, together or not at all. */
  const markSent = async () => {
    if (revision === null) return;
    setBusy("send");
    setMessage(null);
    try {
      await api.markLetterSent(letter.id, revision, how);
      await load.reload();
      setMessage({ kind: "ok", text: `Marked sent (${how.toLowerCase()}). "Letter sent: ${letter.title}" is now in the case history.` });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        await load.reload();
        setMessage({ kind: "problem", text: /already been marked sent/.test(e.message) ? "Someone else has already marked this letter sent; nothing more was recorded." : CONFLICT });
      } else {
        setMessage({ kind: "problem", text: e instanceof ApiError ? e.message : "Could not mark the letter sent. Nothing was recorded; try again." });
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="letter-page">
      <div className="page-head no-print">
        <div>
          <h1>{letter.title}</h1>
          <p className="muted">
            To the family of {name} · raised {formatDate(letter.raisedOn)}
            {letter.dueOn ? ` · due ${formatDate(letter.dueOn)}` : ""} ·{" "}
            {letter.sent ? (
              <strong>
                sent {formatDate(letter.sent.on)}
                {letter.sent.by ? ` by ${letter.sent.by}` : ""}
              </strong>
            ) : letter.withdrawn ? (
              <strong>withdrawn, not sent</strong>
            ) : (
              "not sent yet"
            )}
          </p>
          <p className="letter-status">
            {letter.printed ? (
              <>
                Printed on <strong>{formatDate(letter.printed.on)}</strong> by {letter.printed.by}
                {letter.sent ? (
                  <>
                    , sent on <strong>{formatDate(letter.sent.on)}</strong>
                    {letter.sent.outcome ? ` (${letter.sent.outcome.toLowerCase()})` : ""}
                  </>
                ) : null}
                . Kept exactly as printed: its date and figures do not change.
              </>
            ) : letter.sent ? (
              <>Sent on {formatDate(letter.sent.on)}.</>
            ) : (
              <>A draft: it takes the date it is first printed or downloaded, and is kept exactly as printed from then on.</>
            )}
          </p>
          {letter.withdrawn ? (
            <p className="letter-status">
              Withdrawn{letter.withdrawn.by ? ` by ${letter.withdrawn.by}` : ""}: {letter.withdrawn.reason ?? "no reason recorded"}
            </p>
          ) : null}
          {letter.figuresAsOf ? <p className="muted small">Figures in the letter are as of {formatDate(letter.figuresAsOf)}, the school day the policy raised it.</p> : null}
        </div>
        <div className="head-links">
          <a href={`#/cases/${encodeURIComponent(letter.upn)}`}>Back to the case</a>
          <a href={`#/cases/${encodeURIComponent(letter.upn)}/history`}>History</a>
        </div>
      </div>

      {message ? (
        <p className={`${message.kind} no-print`} role={message.kind === "ok" ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
      {letter.moot && open ? (
        <p className="warning no-print" role="note">
          This letter cannot be sent now: {letter.moot}. Withdraw it with the reason instead.
        </p>
      ) : null}
      {letter.problem ? (
        <p className="problem no-print" role="alert">
          {letter.problem}
        </p>
      ) : null}
      {letter.missing.length > 0 ? (
        <div className="warning no-print" role="note">
          <strong>
            {letter.missing.length === 1 ? "One field has" : `${letter.missing.length} fields have`} no value and show in square brackets:{" "}
            {letter.missing.map((m) => `[${m}]`).join(", ")}.
          </strong>{" "}
          Rollcall does not leave them blank: write them in by hand on the printed letter, or record what is missing (a School Attendance Panel meeting sets a target and a review date) and
          open the letter again.
        </div>
      ) : null}

      <div className="letter-actions no-print" role="group" aria-label="Print, PDF and send">
        <button type="button" onClick={() => void print()} disabled={busy !== null}>
          {busy === "print" ? "Keeping it as printed…" : "Print"}
        </button>
        <button type="button" onClick={() => void pdf()} disabled={busy !== null}>
          {busy === "pdf" ? "Making the PDF…" : "Download PDF"}
        </button>
        {mayMarkSent ? (
          <>
            <HowSentSelect label="How it was sent" value={how} onChange={setHow} />
            <button type="button" className="primary" onClick={() => void markSent()} disabled={busy !== null || revision === null}>
              {busy === "send" ? "Saving…" : "Mark sent"}
            </button>
          </>
        ) : null}
        {mayWithdraw && !withdrawing ? (
          <button type="button" onClick={() => setWithdrawing({ reason: "", error: null })} disabled={busy !== null || revision === null}>
            Withdraw…
          </button>
        ) : null}
      </div>
      {withdrawing ? (
        <form className="task-complete no-print" onSubmit={(e) => void withdraw(e)} aria-label="Withdraw the letter">
          <label>
            Why is it withdrawn? (kept in the case history)
            <input value={withdrawing.reason} onChange={(e) => setWithdrawing({ ...withdrawing, reason: e.target.value })} maxLength={2000} autoFocus />
          </label>
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy === "withdraw" ? "Withdrawing…" : "Withdraw the letter"}
          </button>
          <button type="button" onClick={() => setWithdrawing(null)}>
            Cancel
          </button>
          {withdrawing.error ? (
            <p className="problem" role="alert">
              {withdrawing.error}
            </p>
          ) : null}
        </form>
      ) : null}
      {pdfProblem ? (
        <p className="problem no-print" role="alert">
          {pdfProblem}
        </p>
      ) : null}

      <LetterSheet letter={letter} />
    </section>
  );
}
