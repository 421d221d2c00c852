import { type ReactNode, useEffect, useState } from "react";
import { api, ApiError, type Celebration, type CertificatePeriod, type Certificates as CertificateList, type PrizeDraw } from "../api/client.ts";
import { canRunPrizeDraw } from "../roles.ts";
import { useLoad } from "../useLoad.ts";
import { formatDate } from "../words.ts";
import { download } from "../download.ts";

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v.toFixed(1)}%`);

type Week = Celebration["weeks"][number];
type Ranked = NonNullable<Celebration["celebration"]>["ranking"][number];

const weekWords = (w: Pick<Week, "from" | "to">) => `${formatDate(w.from, false)} to ${formatDate(w.to, false)}`;

/** The week's classes, best first, with the target drawn as a line between those at or above it and the rest. */
function Ranking({ c }: { c: NonNullable<Celebration["celebration"]> }) {
  const above = new Set(c.atOrAboveTarget);
  const winners = new Set(c.winners);
  const rows: ReactNode[] = [];
  let lineDrawn = false;
  c.ranking.forEach((r: Ranked, i: number) => {
    if (!lineDrawn && !above.has(r.class)) {
      lineDrawn = true;
      rows.push(
        <tr key="target-line" className="target-line" data-target-line="">
          <td colSpan={4}>Target {c.target}%: classes above this line reached it</td>
        </tr>,
      );
    }
    rows.push(
      <tr key={r.class} data-class={r.class} className={winners.has(r.class) ? "winner" : above.has(r.class) ? "at-target" : undefined}>
        <td>{i + 1}</td>
        <th scope="row">
          {r.class}
          {winners.has(r.class) ? <span className="winner-badge"> ★ Winner</span> : null}
        </th>
        <td>{r.pupils}</td>
        <td>{pct(r.attendancePct)}</td>
      </tr>,
    );
  });
  if (!lineDrawn) {
    rows.push(
      <tr key="target-line" className="target-line" data-target-line="">
        <td colSpan={4}>Target {c.target}%: every class reached it</td>
      </tr>,
    );
  }
  return (
    <table className="data-table celebrate-ranking" aria-label="Class ranking">
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Class</th>
          <th scope="col">Pupils</th>
          <th scope="col">Attendance</th>
        </tr>
      </thead>
      <tbody>{rows}</tbody>
    </table>
  );
}

/** The assembly poster: big and simple, one A4 page, class names and percentages only. */
export function Poster({ c }: { c: NonNullable<Celebration["celebration"]> }) {
  const runnersUp = c.ranking.filter((r) => !c.winners.includes(r.class)).slice(0, 3);
  return (
    <article className="poster" aria-label="Assembly poster">
      <h1>Attendance stars of the week</h1>
      <p className="poster-week">{weekWords(c)}</p>
      {c.winners.length ? (
        <div className="poster-winner">
          <span className="poster-label">Class of the week</span>
          <span className="poster-class">{c.winners.join(" & ")}</span>
          <span className="poster-figure">{pct(c.ranking[0]?.attendancePct)}</span>
        </div>
      ) : (
        <p>No figures for this week yet.</p>
      )}
      {runnersUp.length > 0 ? (
        <ol className="poster-top" aria-label="Runners-up" start={c.winners.length + 1}>
          {runnersUp.map((r) => (
            <li key={r.class}>
              <strong>{r.class}</strong> {pct(r.attendancePct)}
            </li>
          ))}
        </ol>
      ) : null}
      <p className="poster-target">
        {c.atOrAboveTarget.length === 0
          ? `Our target is ${c.target}%. Let's all reach it next week!`
          : `Well done to the ${c.atOrAboveTarget.length === 1 ? "class" : `${c.atOrAboveTarget.length} classes`} at or above our ${c.target}% target: ${c.atOrAboveTarget.join(", ")}`}
      </p>
      <p className="poster-school">Whole school: {pct(c.schoolPct)}. Every day counts!</p>
    </article>
  );
}


const pupilsWord = (n: number) => (n === 1 ? "1 pupil" : `${n} pupils`);

/**
 * 100% attendance certificates for a half term or the year so far: the whole school's count for everyone who
 * sees Celebrate; for the roles that may see names (the server decides: lead, officers, teachers for their
 * classes), the list behind a button, so the page stays free of names when it is on a screen in assembly, and
 * the printable certificates (HTML, one per A4 landscape page) and their PDF.
 */
export function Certificates({ halfTerms, initialHalfTerm }: { halfTerms: Celebration["halfTerms"]; initialHalfTerm: number | null }) {
  const [choice, setChoice] = useState<string>(initialHalfTerm === null ? "year" : String(initialHalfTerm));
  const [showNames, setShowNames] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const period: CertificatePeriod = choice === "year" ? { period: "year" } : { period: "halfTerm", halfTerm: Number(choice) };
  const [load, setLoad] = useState<{ choice: string; data: CertificateList | null; error: string | null } | null>(null);
  useEffect(() => {
    // An answer for a period no longer chosen (a slower, earlier request) is dropped.
    let live = true;
    api.certificates(period).then(
      (data) => live && setLoad({ choice, data, error: null }),
      (e: unknown) => live && setLoad({ choice, data: null, error: e instanceof ApiError ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [choice]);
  // Only the figures for the period chosen (not the last one's while the new one loads).
  const current = load?.choice === choice ? load : null;
  const v = current?.data ?? null;

  const pdf = async () => {
    setBusy(true);
    setProblem(null);
    try {
      download(await api.certificatesPdf(period), choice === "year" ? "certificates-year.pdf" : `certificates-half-term-${Number(choice) + 1}.pdf`);
    } catch (e) {
      setProblem(e instanceof ApiError && e.status === 503 ? `${e.message}` : `The PDF could not be made: ${e instanceof ApiError ? e.message : "try again"}. Use Print certificates instead.`);
    } finally {
      setBusy(false);
    }
  };

  const names = v?.pupils ?? null;
  return (
    <div className="panel certificates-panel">
      <h2>100% attendance certificates</h2>
      <div className="celebrate-controls">
        <label>
          Certificates for
          <select
            value={choice}
            onChange={(e) => {
              setChoice(e.target.value);
              setShowNames(false);
            }}
          >
            {halfTerms.map((h) => (
              <option key={h.index} value={String(h.index)}>
                Half term {h.index + 1}: {weekWords(h)}
              </option>
            ))}
            <option value="year">The school year so far</option>
          </select>
        </label>
      </div>
      {current?.error ? (
        <p className="problem" role="alert">
          {current.error}
        </p>
      ) : !v ? (
        <p className="muted">Counting…</p>
      ) : (
        <>
          <p className="certificates-count" data-count={v.count}>
            <strong>{pupilsWord(v.count)}</strong> attended every session {v.periodWords ?? "(no register yet)"}
            {v.eligible ? `, of ${v.eligible} on roll then` : ""}.
          </p>
          {names === null ? (
            <p className="muted small">Pupils are not named for your role.</p>
          ) : (
            <>
              {names.length !== v.count ? <p className="muted small">{pupilsWord(names.length)} of them in your classes.</p> : null}
              <div className="celebrate-controls" role="group" aria-label="Certificates">
                <button type="button" onClick={() => setShowNames(!showNames)} aria-expanded={showNames} disabled={names.length === 0}>
                  {showNames ? "Hide the names" : "Show the names"}
                </button>
                <a className="button-link" href={api.certificatesUrl(period)} target="_blank" rel="noopener">
                  Print certificates
                </a>
                <button type="button" onClick={() => void pdf()} disabled={busy || names.length === 0}>
                  {busy ? "Making the PDF…" : "PDF"}
                </button>
              </div>
              {problem ? (
                <p className="problem" role="alert">
                  {problem}
                </p>
              ) : null}
              {showNames ? (
                <table className="data-table" aria-label="Certificates earned">
                  <thead>
                    <tr>
                      <th scope="col">Pupil</th>
                      <th scope="col">Class</th>
                      <th scope="col">Sessions attended</th>
                    </tr>
                  </thead>
                  <tbody>
                    {names.map((p) => (
                      <tr key={p.upn} data-upn={p.upn}>
                        <th scope="row">
                          {p.forename} {p.surname}
                        </th>
                        <td>{p.classLabel}</td>
                        <td>
                          {p.attendedSessions} of {p.possibleSessions}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </>
          )}
        </>
      )}
    </div>
  );
}

/**
 * Recognition and whole-school culture: the week's class ranking against the school's target, the winners, a
 * newsletter paragraph, a printable assembly poster and (for the attendance lead) the half term's prize draw.
 * Class figures only: no pupil is named.
 */
export function CelebratePage({ role }: { role: string }) {
  const [week, setWeek] = useState<number | undefined>(undefined);
  const [target, setTarget] = useState<number | undefined>(undefined);
  const [targetText, setTargetText] = useState("");
  const [poster, setPoster] = useState(false);
  const [printRequested, setPrintRequested] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [draw, setDraw] = useState<PrizeDraw | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [drawProblem, setDrawProblem] = useState<string | null>(null);
  // Keyed by week and target: another week's figures are never shown under this week's choice.
  const load = useLoad((signal) => api.celebrate(week, target, signal), ["celebrate", week, target]);
  // The week menu stays while a new week loads (its list of weeks is the same); its figures are not used.
  const menu = load.data ?? load.lastAnswer;

  useEffect(() => {
    if (poster && printRequested) {
      setPrintRequested(false);
      window.print();
    }
  }, [poster, printRequested]);

  if (!menu) return load.error ? <p className="problem" role="alert">{load.error}</p> : <p className="loading">Loading the week's figures…</p>;
  const d = load.data;
  const c = d?.celebration ?? null;

  if (poster && c) {
    return (
      <section className="celebrate-page poster-view">
        <div className="page-head no-print">
          <div>
            <p className="muted">The poster prints on one A4 page.</p>
          </div>
          <button type="button" className="primary" onClick={() => window.print()}>
            Print
          </button>
          <button type="button" onClick={() => setPoster(false)}>
            Back to the figures
          </button>
        </div>
        <Poster c={c} />
      </section>
    );
  }

  const copy = async () => {
    if (!d) return;
    try {
      await navigator.clipboard.writeText(d.newsletter);
      setCopied("Copied the paragraph: paste it into the newsletter.");
    } catch {
      setCopied("Your browser did not allow copying: select the paragraph and copy it.");
    }
  };

  const runDraw = async () => {
    if (!d?.halfTerm) return;
    setDrawing(true);
    setDrawProblem(null);
    try {
      setDraw(await api.prizeDraw(d.halfTerm.index));
    } catch (e) {
      setDrawProblem(e instanceof ApiError ? e.message : "The draw could not be run.");
    } finally {
      setDrawing(false);
    }
  };

  const applyTarget = (text: string) => {
    setTargetText(text);
    const n = Number(text);
    if (text.trim() === "") setTarget(undefined);
    else if (Number.isFinite(n) && n >= 50 && n <= 100) setTarget(n);
  };

  return (
    <section className="celebrate-page">
      <div className="page-head">
        <div>
          <h1>Celebrate</h1>
          <p className="muted">Each class's attendance for the week against the school's target; no pupil is named.</p>
          {d?.excludedPupils ? (
            <p className="muted small">
              {d.excludedPupils === 1 ? "1 pupil is" : `${d.excludedPupils} pupils are`} left out of the class figures for a long-term circumstance (set on the pupil's case page).
            </p>
          ) : null}
        </div>
        {c ? (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setPoster(true);
              setPrintRequested(true);
            }}
          >
            Print poster
          </button>
        ) : null}
      </div>
      <div className="celebrate-controls" role="group" aria-label="Week and target">
        <label>
          School week
          <select value={week ?? c?.week ?? menu.celebration?.week ?? ""} onChange={(e) => setWeek(Number(e.target.value))} disabled={menu.weeks.length === 0}>
            {menu.weeks.map((w) => (
              <option key={w.index} value={w.index}>
                Week {w.index + 1}: {weekWords(w)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Target attendance %
          <input type="number" min={50} max={100} step={0.5} value={targetText} placeholder={String(menu.schoolTarget?.pct ?? c?.target ?? "")} aria-describedby="school-target" onChange={(e) => applyTarget(e.target.value)} />
        </label>
        {menu.schoolTarget ? (
          <p className="muted small" id="school-target">
            The school's target is {menu.schoolTarget.pct}% ({menu.schoolTarget.from}); type another to see the week against it.
          </p>
        ) : null}
      </div>
      {load.error ? (
        <p className="problem" role="alert">
          {load.error}
        </p>
      ) : null}
      {!d ? (
        load.error ? null : (
          <p className="loading" role="status">
            Loading the week's figures…
          </p>
        )
      ) : !c ? (
        <p className="muted">There are no attendance figures yet: import a register first.</p>
      ) : (
        <>
          <div className="tiles">
            <div className="tile">
              <span className="tile-figure">{c.winners.length ? c.winners.join(" & ") : "—"}</span>
              <span>class of the week, {pct(c.ranking[0]?.attendancePct)}</span>
            </div>
            <div className="tile">
              <span className="tile-figure">{c.atOrAboveTarget.length}</span>
              <span>
                of {c.ranking.length} classes at or above the {c.target}% target
              </span>
            </div>
            <div className="tile">
              <span className="tile-figure">{pct(c.schoolPct)}</span>
              <span>whole-school attendance, {weekWords(c)}</span>
            </div>
          </div>
          <div className="case-grid">
            <div className="panel">
              <h2>Class ranking</h2>
              <Ranking c={c} />
            </div>
            <div>
              <div className="panel">
                <h2>For the newsletter</h2>
                <p className="newsletter" id="newsletter-paragraph">
                  {d.newsletter}
                </p>
                <button type="button" onClick={copy} aria-describedby="newsletter-paragraph">
                  Copy paragraph
                </button>
                {copied ? (
                  <p className="ok" role="status">
                    {copied}
                  </p>
                ) : null}
              </div>
              <div className="panel">
                <h2>Half-term prize draw</h2>
                {d.halfTerm ? (
                  <p>
                    {d.perfectDays.length === 1 ? "1 ticket" : `${d.perfectDays.length} tickets`} so far this half term ({weekWords(d.halfTerm)}): one for each day a class had 100% attendance.
                  </p>
                ) : null}
                {canRunPrizeDraw(role) && d.halfTerm ? (
                  <button type="button" onClick={runDraw} disabled={drawing}>
                    {drawing ? "Drawing…" : "Run the prize draw"}
                  </button>
                ) : null}
                {draw ? (
                  <div className="ok draw-result" role="status">
                    {draw.winner ? (
                      <p>
                        The winner is <strong>{draw.winner.class}</strong>, for 100% on {formatDate(draw.winner.date)}, drawn from {draw.tickets} tickets.
                      </p>
                    ) : (
                      <p>There were no tickets to draw from.</p>
                    )}
                    <p>
                      Seed <code>{draw.seed}</code>: recorded in the access log, so anyone can re-run the draw and get the same winner.
                    </p>
                  </div>
                ) : null}
                {drawProblem ? (
                  <p className="problem" role="alert">
                    {drawProblem}
                  </p>
                ) : null}
              </div>
            </div>
          </div>
          <Certificates halfTerms={d.halfTerms} initialHalfTerm={d.halfTerm?.index ?? null} />
        </>
      )}
    </section>
  );
}
