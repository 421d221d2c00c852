import { useState } from "react";
import { historyEntryLabel, historyPayloadLines } from "../../../machines/case/historyWords.ts";
import { api, ApiError, type TimelineEntry } from "../api/client.ts";
import { humanise } from "../chart/chartModel.ts";
import { canExportEvidence, canVerifyAudit } from "../roles.ts";
import { useLoad } from "../useLoad.ts";
import { formatDate, formatPct, stageName, TASK_KIND_WORDS } from "../words.ts";

function what(entry: TimelineEntry): string {
  return historyEntryLabel(entry.eventType);
}

function stateWords(state: string): string {
  if (!state) return "—";
  const [stage, ...rest] = state.split(".");
  return rest.length ? `${stageName(stage!)} (${rest.map(humanise).join(", ")})` : stageName(stage!);
}

/** The figures the rule saw that day, in one line. */
export function figuresLine(metrics: Record<string, unknown> | null): string | null {
  if (!metrics) return null;
  const n = (k: string) => (typeof metrics[k] === "number" ? (metrics[k] as number) : null);
  const parts: string[] = [];
  if (n("possibleSessions") !== null) parts.push(`attendance ${formatPct(n("attendancePct"))} of ${n("possibleSessions")} possible sessions`);
  if (n("unauthorisedSessionsLast10SchoolWeeks") !== null) parts.push(`${n("unauthorisedSessionsLast10SchoolWeeks")} unauthorised sessions in the last 10 school weeks`);
  if ((n("consecutiveUnauthorisedDays") ?? 0) > 0) parts.push(`${n("consecutiveUnauthorisedDays")} days in a row unauthorised`);
  return parts.length ? parts.join("; ") : null;
}

function payloadLines(payload: Record<string, unknown> | null): string[] {
  if (!payload) return [];
  return Object.entries(payload)
    .filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${humanise(k)}: ${Array.isArray(v) ? v.join(", ") : String(v)}`);
}

/**
 * The evidence bundle for the local authority: the HTML opens in a new tab (to read and print); the PDF is
 * printed by the server, and when it cannot (no Chromium there) the HTML's own print is the way.
 */
export function EvidenceButtons({ upn }: { upn: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const pdf = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const blob = await api.evidencePdf(upn);
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `evidence-${upn}.pdf`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setProblem(e instanceof ApiError && e.status === 503 ? `${e.message} Open the evidence bundle and print it from there.` : e instanceof ApiError ? e.message : "The PDF could not be made. Open the evidence bundle and print it instead.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <a className="button-link" href={api.evidenceUrl(upn)} target="_blank" rel="noopener">
        Evidence bundle
      </a>
      <button type="button" onClick={() => void pdf()} disabled={busy}>
        {busy ? "Making the PDF…" : "Evidence bundle (PDF)"}
      </button>
      {problem ? (
        <p className="problem evidence-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}

/** What each of the audit verification's checks covers, in words. */
const CHECK_WORDS: Record<string, string> = {
  chains: "Hash chains",
  heads: "Sealed case heads",
  history: "History rows",
  registers: "Register seals",
  accessLog: "Access log",
  cases: "Cases",
  checkpoint: "Kept checkpoint",
  replay: "Replay",
};

/** When an entry was written, in the school's time and the British form: "03/12/2026, 07:53". */
function recordedWords(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toLocaleString("en-GB", { timeZone: "Europe/London", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** The complete escalation history of a case, oldest first, with the audit chain's verified status; printable. */
export function HistoryPage({ upn, role }: { upn: string; role: string }) {
  const history = useLoad(async (signal) => {
    const [timeline, view] = await Promise.all([api.timeline(upn, signal), api.getCase(upn, signal).catch(() => null)]);
    return { entries: [...timeline.entries].sort((a, b) => a.seq - b.seq), view };
  }, ["case", upn, "history"]);
  const mayVerify = canVerifyAudit(role);
  const audit = useLoad(async () => (mayVerify ? api.verifyAudit() : null), ["audit", mayVerify]);

  if (history.loading && !history.data) return <p className="loading">Loading the history…</p>;
  if (history.error) return <p className="problem" role="alert">{history.error}</p>;
  const { entries, view } = history.data!;
  const name = view?.pupil ? `${view.pupil.forename} ${view.pupil.surname}` : upn;

  return (
    <section className="history">
      <div className="page-head">
        <div>
          <h1>Escalation history: {name}</h1>
          <p className="muted">
            UPN {upn}
            {view ? ` · now ${stateWords(view.state)} · ${view.policy.name} v${view.policy.version}` : ""} · printed {formatDate(new Date().toISOString().slice(0, 10))}
          </p>
        </div>
        <div className="head-links no-print">
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
          {canExportEvidence(role) ? <EvidenceButtons upn={upn} /> : null}
          <a href={`#/cases/${encodeURIComponent(upn)}`}>Back to the case</a>
        </div>
      </div>
      <div className="audit-status" role="status">
        {!mayVerify ? (
          <p className="muted">The audit chain is checked by the attendance lead, auditors and the administrator.</p>
        ) : audit.loading ? (
          <p className="muted">Checking the audit chain…</p>
        ) : audit.error ? (
          <p className="problem">The audit chain could not be checked: {audit.error}</p>
        ) : audit.data?.ok ? (
          <p className="ok">
            Audit trail verified: {audit.data.checked} history entries checked across every case; each entry's hash holds, every case ends at its sealed head, the register, the access log and the cases match their seals, and replaying every case gives its stored state (key {audit.data.key.id}).
          </p>
        ) : audit.data ? (
          <div className="problem">
            <p>Audit trail broken. Tell your administrator; do not rely on this history until it is resolved.</p>
            <ul>
              {Object.entries(audit.data.checks)
                .filter(([, check]) => !check.ok)
                .map(([name, check]) => (
                  <li key={name}>
                    {CHECK_WORDS[name] ?? name}: {check.firstBroken}
                  </li>
                ))}
            </ul>
            <p className="muted">Key {audit.data.key.id}.</p>
          </div>
        ) : null}
      </div>
      <table className="data-table history-table stack-on-phone">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Date</th>
            <th scope="col">Who</th>
            <th scope="col">What happened</th>
            <th scope="col">Why</th>
            <th scope="col">Produced</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const figures = figuresLine(e.metrics);
            const details = historyPayloadLines(e.eventType, e.payload) ?? payloadLines(e.payload);
            return (
              <tr key={e.seq} data-seq={e.seq}>
                <td data-label="Entry">{e.seq}</td>
                <td data-label="Date">
                  {formatDate(e.schoolDate)}
                  <div className="muted small">recorded {recordedWords(e.recordedAt)}</div>
                </td>
                <td data-label="Who">{e.actor === "rollcall" ? "Rollcall (automatic)" : e.actor}</td>
                <td data-label="What happened" className="col-wide">
                  <strong>{what(e)}</strong>
                  {e.from !== e.to ? (
                    <div>
                      {e.from ? `${stateWords(e.from)} → ` : ""}
                      {stateWords(e.to)}
                    </div>
                  ) : null}
                  {details.length > 0 ? (
                    <ul className="payload">
                      {details.map((d) => (
                        <li key={d}>{d}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td data-label="Why" className="col-wide">
                  {e.reason ?? (e.rule ? "" : <span className="muted">—</span>)}
                  {figures ? <div className="muted small">Figures: {figures}</div> : null}
                  {/* Plain words above; the ids a policy designer or auditor looks up, only in this toggle. */}
                  <details className="entry-ids muted small">
                    <summary>Rule and state ids</summary>
                    <dl>
                      {e.rule ? (
                        <>
                          <dt>Rule</dt>
                          <dd>
                            <code>{e.rule}</code>
                          </dd>
                        </>
                      ) : null}
                      {e.from ? (
                        <>
                          <dt>From</dt>
                          <dd>
                            <code>{e.from}</code>
                          </dd>
                        </>
                      ) : null}
                      <dt>To</dt>
                      <dd>
                        <code>{e.to || "—"}</code>
                      </dd>
                      <dt>Policy</dt>
                      <dd>
                        <code>{e.policy.id}</code> v{e.policy.version}
                      </dd>
                      <dt>Entry type</dt>
                      <dd>
                        <code>{e.eventType}</code>
                      </dd>
                    </dl>
                  </details>
                </td>
                <td data-label="Produced" className="col-wide">
                  {e.tasks && e.tasks.length > 0 ? (
                    <ul className="produced">
                      {e.tasks.map((t, i) => (
                        <li key={i}>
                          {TASK_KIND_WORDS[t.kind] ?? t.kind}: {t.title}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">—</span>
                  )}
                  <div className="hash muted small" title={e.hash}>
                    hash {e.hash.slice(0, 12)}…
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {entries.length === 0 ? <p className="muted">No history yet.</p> : null}
    </section>
  );
}
