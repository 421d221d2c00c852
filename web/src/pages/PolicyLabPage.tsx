import { useEffect, useMemo, useRef, useState } from "react";
import type { PupilCaseResult } from "../../../machines/case/simulate.ts";
import type { SimulationFiles } from "../../../machines/case/runSimulation.ts";
import { checkPolicy } from "../../../machines/policy/checkPolicy.ts";
import type { CompiledPolicy } from "../../../machines/policy/compilePolicy.ts";
import { CLOSED, STAGES, TASK_KINDS } from "../../../machines/policy/schema.ts";
import type { PolicyInput } from "../../../machines/policy/schema.ts";
import { PRESET_IDS, PRESETS } from "../../../machines/presets/index.ts";
import { api } from "../api/client.ts";
import { StateChart } from "../chart/StateChart.tsx";
import { Bars } from "../dashboard/Bars.tsx";
import { download } from "../download.ts";
import type { PolicyTextCheck } from "../editor/checkPolicyText.ts";
import { PolicyEditor } from "../editor/PolicyEditor.tsx";
import { changedPupils, difference, type PupilOutcome, type SideBySideRow, sideBySide, signed } from "../lab/compare.ts";
import { comparisonCsv, happeningWords, stateWords } from "../lab/comparisonCsv.ts";
import { type Divergence, divergences, type Happening, sideBySideTimeline } from "../lab/divergence.ts";
import { policyDiff } from "../lab/policyDiff.ts";
import type { LabOutcome } from "../lab/runChunked.ts";
import { type RunSummary, schoolDaysInStages, stagesOnDay, summarise } from "../lab/summary.ts";
import { useSimulation } from "../lab/useSimulation.ts";
import "../lab/lab.css";
import { formatDate, stageName, TASK_KIND_WORDS } from "../words.ts";

const EDITED = "(edited)";
/** The "Compare with" choice that stands for the school's current policy. */
const SCHOOL = "school";

type SchoolPolicy =
  | { state: "loading" }
  | { state: "ready"; id: string; name: string; document: unknown }
  | { state: "failed"; problem: string };

/** The school's current policy: its latest published document (GET /api/policies and its versions). */
function useSchoolPolicy(): SchoolPolicy {
  const [school, setSchool] = useState<SchoolPolicy>({ state: "loading" });
  useEffect(() => {
    let live = true;
    (async () => {
      const list = await api.policies();
      const id = list.current;
      let document: unknown = null;
      let name = list.policies.find((p) => p.id === id)?.name ?? id;
      try {
        const { versions } = await api.policyVersions(id);
        const latest = [...versions].sort((x, y) => y.version - x.version)[0];
        if (latest?.document) {
          document = latest.document;
          name = latest.name;
        }
      } catch {
        // The preset of the same id stands in below.
      }
      document ??= PRESETS[id] ?? null;
      if (!live) return;
      setSchool(document ? { state: "ready", id, name, document } : { state: "failed", problem: `no document for ${id}` });
    })().catch((e: unknown) => live && setSchool({ state: "failed", problem: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, []);
  return school;
}

type Source = { kind: "example" } | { kind: "upload"; marks: File | null; pupils: File | null; calendar: File | null };

/** The example school's files (synthetic, 40 pupils, 2024-25), loaded only when asked for. */
async function exampleFiles(): Promise<SimulationFiles> {
  const [marks, pupils, calendar] = await Promise.all([
    import("../../../examples/small-school/marks.csv?raw"),
    import("../../../examples/small-school/pupils.csv?raw"),
    import("../../../examples/small-school/calendar.csv?raw"),
  ]);
  return { marks: { text: marks.default, file: "marks.csv" }, pupils: { text: pupils.default, file: "pupils.csv" }, calendar: { text: calendar.default, file: "calendar.csv" } };
}

interface Run {
  readonly label: string;
  readonly outcome: LabOutcome;
  readonly summary: RunSummary | null;
}

function Comparison({ runs }: { runs: readonly Run[] }) {
  const stageDays = new Map(runs.map((r) => [r.label, r.outcome.ok ? schoolDaysInStages(r.outcome.results, r.outcome.days) : null]));
  const perCase = (r: Run, stage: string) => {
    const d = stageDays.get(r.label);
    return d && r.outcome.ok && r.outcome.results.length ? Math.round((d[stage] ?? 0) / r.outcome.results.length) : 0;
  };
  const rows: { key: string; label: string; get: (s: RunSummary, r: Run) => number }[] = [
    { key: "letters", label: "Letters", get: (s) => s.letters },
    { key: "meetings", label: "Meetings", get: (s) => s.meetings },
    { key: "pn", label: "Penalty-notice decisions", get: (s) => s.penaltyNoticeDecisions },
    { key: "tasks", label: "All tasks", get: (s) => s.tasks },
    { key: "moves", label: "Moves between states", get: (s) => s.moves },
    ...[...STAGES, CLOSED].map((st) => ({ key: `stage-${st}`, label: `Cases ending in ${stageName(st)}`, get: (s: RunSummary) => s.byStage[st] ?? 0 })),
    ...TASK_KINDS.filter((k) => k !== "letter" && k !== "meeting" && k !== "penalty-notice").map((k) => ({ key: `kind-${k}`, label: TASK_KIND_WORDS[k] ?? k, get: (s: RunSummary) => s.tasksByKind[k] ?? 0 })),
    ...[...STAGES, CLOSED].map((st) => ({ key: `days-${st}`, label: `School days per case in ${stageName(st)}`, get: (_s: RunSummary, r: Run) => perCase(r, st) })),
  ];
  const ok = runs.filter((r) => r.summary);
  return (
    <table className="data-table compare" aria-label="Policies compared">
      <thead>
        <tr>
          <th scope="col">Over the register</th>
          {ok.map((r) => (
            <th scope="col" key={r.label}>
              {r.label}
            </th>
          ))}
          {ok.length === 2 ? (
            <th scope="col">
              Difference <span className="muted small">({ok[0]!.label} − {ok[1]!.label})</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const values = ok.map((r) => row.get(r.summary!, r));
          return (
            <tr key={row.key} data-row={row.key}>
              <th scope="row">{row.label}</th>
              {values.map((v, i) => (
                <td key={i}>{v}</td>
              ))}
              {values.length === 2 ? <td data-difference>{signed(difference(values[0]!, values[1]!))}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Scrub through the school year and watch each policy's cases move between stages. */
export function DayScrubber({ runs }: { runs: readonly Run[] }) {
  const ok = runs.filter((r): r is Run & { outcome: Extract<LabOutcome, { ok: true }> } => r.outcome.ok);
  const days = ok[0]?.outcome.days ?? [];
  const [day, setDay] = useState(days.length - 1);
  if (days.length === 0) return null;
  const index = Math.min(Math.max(0, day), days.length - 1);
  const date = days[index]!;
  return (
    <div className="panel scrubber">
      <h2>Day by day</h2>
      <label>
        School day {index + 1} of {days.length}: <strong>{date}</strong>
        <input type="range" min={0} max={days.length - 1} value={index} onChange={(e) => setDay(Number(e.target.value))} aria-valuetext={date} />
      </label>
      <div className="case-grid">
        {ok.map((r) => {
          const counts = stagesOnDay(r.outcome.results, date);
          return (
            <div key={r.label}>
              <h3>{r.label} on {date}</h3>
              <Bars label={`${r.label}: cases by stage on ${date}`} items={[...STAGES, CLOSED].map((s) => ({ key: s, label: stageName(s), value: counts[s] ?? 0 }))} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

const OUTCOME_WORDS: Record<string, string> = {
  stage: "Stage at the end",
  enforceMoves: "Moves into Enforce",
  letters: "Letters",
  penaltyNoticeDecisions: "Penalty-notice decisions",
};

/** What one policy did on the day two policies diverge, in words: "moved to …; Letter to send: Letter 1". */
function divergedWords(list: readonly Happening[]): string {
  return list.length === 0 ? "nothing happened" : list.map(happeningWords).join("; ");
}

/** One pupil's case under both policies, day by day, the days they differ marked. */
export function PupilTimeline({ upn, tried, against, onClose }: { upn: string; tried: Run; against: Run; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [upn]);
  if (!tried.outcome.ok || !against.outcome.ok) return null;
  const a = tried.outcome.results.find((r) => r.upn === upn) ?? null;
  const b = against.outcome.results.find((r) => r.upn === upn) ?? null;
  const rows = sideBySideTimeline(a, b);
  const list = (hs: readonly Happening[]) =>
    hs.length === 0 ? (
      <span className="muted">—</span>
    ) : (
      <ul className="plain">
        {hs.map((h, i) => (
          <li key={i}>
            {happeningWords(h)}
            <details className="inline">
              <summary>Rule</summary>
              <code>{h.rule}</code>
            </details>
          </li>
        ))}
      </ul>
    );
  return (
    <section className="panel pupil-timeline" aria-labelledby="pupil-timeline-heading">
      <div className="page-head">
        <h2 id="pupil-timeline-heading" ref={heading} tabIndex={-1}>
          {upn}: the case under both policies
        </h2>
        <button type="button" onClick={onClose}>
          Close the timeline
        </button>
      </div>
      <div className="table-scroll">
        <table className="data-table" aria-label={`${upn}: the case under both policies, day by day`}>
          <thead>
            <tr>
              <th scope="col">School day</th>
              <th scope="col">Under {tried.label}</th>
              <th scope="col">Under {against.label}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.date} {...(r.differs ? { "data-differs": "true" } : {})}>
                <th scope="row">
                  {formatDate(r.date)}
                  {r.differs ? <span className="muted small"> · differs</span> : null}
                </th>
                <td>{list(r.tried)}</td>
                <td>{list(r.against)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The pupils whose outcome differs between the two policies, pupil by pupil, with where and why they first diverge. */
export function ChangedPupils({ tried, against }: { tried: Run; against: Run }) {
  const [open, setOpen] = useState<string | null>(null);
  const changed = useMemo(() => (tried.outcome.ok && against.outcome.ok ? changedPupils(tried.outcome.results, against.outcome.results) : []), [tried, against]);
  const diverged: Map<string, Divergence> = useMemo(
    () => (tried.outcome.ok && against.outcome.ok ? divergences(tried.outcome.results, against.outcome.results) : new Map()),
    [tried, against],
  );
  if (!tried.outcome.ok || !against.outcome.ok) return null;
  const triedResults = tried.outcome.results;
  const againstResults = against.outcome.results;
  const cell = (o: PupilOutcome | null, field: keyof PupilOutcome) => (o === null ? "—" : field === "stage" ? stateWords(o.state) : String(o[field]));
  const exportCsv = () =>
    download(new Blob([comparisonCsv({ triedLabel: tried.label, againstLabel: against.label, tried: triedResults, against: againstResults })], { type: "text/csv;charset=utf-8" }), "policy-comparison.csv");
  return (
    <div className="panel">
      <div className="page-head">
        <h2>Pupils whose outcome changes</h2>
        <button type="button" onClick={exportCsv}>
          Download the comparison (CSV)
        </button>
      </div>
      {changed.length === 0 ? (
        <p>No pupil's outcome differs: the same stage at the end, moves into Enforce, letters and penalty-notice decisions under both policies.</p>
      ) : (
        <>
          <p>
            {changed.length} of {triedResults.length} pupils: {tried.label} first, then {against.label}. {diverged.size > changed.length ? `${diverged.size - changed.length} more had something happen on a different day but end the same way (in the CSV).` : ""}
          </p>
          <div className="table-scroll">
            <table className="data-table changed-pupils" aria-label="Pupils whose outcome changes">
              <thead>
                <tr>
                  <th scope="col">UPN</th>
                  {(["stage", "enforceMoves", "letters", "penaltyNoticeDecisions"] as const).map((f) => (
                    <th scope="col" key={f}>
                      {OUTCOME_WORDS[f]}
                    </th>
                  ))}
                  <th scope="col">First day they differ, and why</th>
                </tr>
              </thead>
              <tbody>
                {changed.map((c) => {
                  const d = diverged.get(c.upn);
                  return (
                    <tr key={c.upn} data-upn={c.upn}>
                      <th scope="row">
                        <button type="button" className="link" aria-expanded={open === c.upn} aria-label={`${c.upn}: the case under both policies`} onClick={() => setOpen(open === c.upn ? null : c.upn)}>
                          {c.upn}
                        </button>
                      </th>
                      {(["stage", "enforceMoves", "letters", "penaltyNoticeDecisions"] as const).map((f) => (
                        <td key={f} data-changed={c.changed.includes(f) || undefined}>
                          {c.changed.includes(f) ? (
                            <>
                              <strong>{cell(c.tried, f)}</strong> → {cell(c.against, f)}
                            </>
                          ) : (
                            <span className="muted">{cell(c.tried, f)}</span>
                          )}
                        </td>
                      ))}
                      <td data-diverges={d?.date}>
                        {d ? (
                          <>
                            <strong>{formatDate(d.date)}</strong>: under {tried.label}, {divergedWords(d.tried)}; under {against.label}, {divergedWords(d.against)}.{" "}
                            <details className="inline">
                              <summary>Rules</summary>
                              <span data-rules>
                                {tried.label}: <code>{d.triedRule ?? "none"}</code>; {against.label}: <code>{d.againstRule ?? "none"}</code>
                              </span>
                            </details>
                          </>
                        ) : (
                          "—"
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {open ? <PupilTimeline upn={open} tried={tried} against={against} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

/** What was edited between the two policies (by rule id and parameter name). */
export function PolicyEdits({ tried, against, triedLabel, againstLabel, title = "What differs between the two policies" }: { tried: unknown; against: unknown; triedLabel: string; againstLabel: string; title?: string }) {
  const changes = useMemo(() => policyDiff(against as PolicyInput, tried as PolicyInput), [tried, against]);
  const SHOWN = 25;
  return (
    <div className="policy-edits" aria-label={title} role="region">
      <h3>{title === "What differs between the two policies" ? `What differs: ${triedLabel} against ${againstLabel}` : title}</h3>
      {changes.length === 0 ? (
        <p className="muted">The two policies are the same. Edit one to see what it would change.</p>
      ) : (
        <>
          <ul>
            {changes.slice(0, SHOWN).map((c) => (
              <li key={`${c.about}:${c.key}`} data-change={c.change}>
                {c.words}
              </li>
            ))}
          </ul>
          {changes.length > SHOWN ? (
            <details>
              <summary>{changes.length - SHOWN} more differences</summary>
              <ul>
                {changes.slice(SHOWN).map((c) => (
                  <li key={`${c.about}:${c.key}`}>{c.words}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </div>
  );
}

/** Every pupil under both policies side by side (or one, without a comparison). */
function CasesTable({ runs }: { runs: readonly Run[] }) {
  const [stage, setStage] = useState("");
  const [onlyChanged, setOnlyChanged] = useState(false);
  const [a, b] = runs;
  const rows: SideBySideRow[] = useMemo(
    () => (a?.outcome.ok ? sideBySide(a.outcome.results, b?.outcome.ok ? b.outcome.results : null) : []),
    [a, b],
  );
  const both = Boolean(b?.outcome.ok);
  const shown = rows.filter((r) => (!stage || r.tried?.stage === stage || r.against?.stage === stage) && (!onlyChanged || r.differs));
  const cells = (r: PupilCaseResult | null, label: string) => {
    if (!r) return <td colSpan={5}>Not in this run</td>;
    const last = r.transitions[r.transitions.length - 1];
    const count = (kind: string) => r.tasks.filter((t) => t.kind === kind).length;
    return (
      <>
        <td data-policy={label}>{stateWords(r.state)}</td>
        <td>{count("letter")}</td>
        <td>{count("meeting")}</td>
        <td>{count("penalty-notice")}</td>
        <td>{last ? `${formatDate(last.date)}: ${last.rule}` : "—"}</td>
      </>
    );
  };
  const heads = (label: string) =>
    ["Ends in", "Letters", "Meetings", "Penalty-notice decisions", "Last move"].map((h) => (
      <th scope="col" key={`${label}-${h}`}>
        {h}
      </th>
    ));
  return (
    <div>
      <div className="filters">
        <label>
          Stage{" "}
          <select value={stage} onChange={(e) => setStage(e.target.value)}>
            <option value="">All</option>
            {[...STAGES, CLOSED].map((s) => (
              <option key={s} value={s}>
                {stageName(s)}
              </option>
            ))}
          </select>
        </label>
        {both ? (
          <label className="checkbox">
            <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} /> Only pupils whose outcome changes
          </label>
        ) : null}
      </div>
      <div className="table-scroll">
        <table className="data-table" aria-label={both ? "Cases under both policies" : "Cases"}>
          <thead>
            {both ? (
              <tr>
                <td />
                <th scope="colgroup" colSpan={5}>
                  {a!.label}
                </th>
                <th scope="colgroup" colSpan={5}>
                  {b!.label}
                </th>
              </tr>
            ) : null}
            <tr>
              <th scope="col">UPN</th>
              {heads("a")}
              {both ? heads("b") : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.upn} data-upn={r.upn} {...(r.differs ? { "data-differs": "true" } : {})}>
                <th scope="row">{r.upn}</th>
                {cells(r.tried, a!.label)}
                {both ? cells(r.against, b!.label) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * The policy lab: pick a preset (or edit one as JSON), see it as a state chart, run it in the browser over
 * the example school or a register uploaded here (nothing is sent to the server), and compare two policies.
 */
export function PolicyLabPage() {
  const [presetId, setPresetId] = useState("all-saints");
  // "Compare with" starts on the school's current policy (its published document), not the national framework.
  const [compareId, setCompareId] = useState(SCHOOL);
  const school = useSchoolPolicy();
  // The editor's starting text (the preset written out) while it is open; null when it is closed.
  const [editorStart, setEditorStart] = useState<string | null>(null);
  const editing = editorStart !== null;
  const [edited, setEdited] = useState<{ document: unknown; compiled: CompiledPolicy } | null>(null);
  const [source, setSource] = useState<Source>({ kind: "example" });
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const sim = useSimulation();

  const presetCheck = useMemo(() => checkPolicy(PRESETS[presetId], presetId), [presetId]);
  const compiled = edited?.compiled ?? presetCheck.compiled ?? null;
  const primaryLabel = edited ? `${presetId} ${EDITED}` : presetId;
  const primaryDocument = edited?.document ?? PRESETS[presetId];
  const against: { label: string; document: unknown } | null =
    compareId === SCHOOL
      ? school.state === "ready"
        ? { label: `school's current (${school.id})`, document: school.document }
        : null
      : compareId
        ? { label: compareId, document: PRESETS[compareId] }
        : null;

  const startEditing = () => setEditorStart(JSON.stringify(PRESETS[presetId], null, 2));
  const stopEditing = () => {
    setEditorStart(null);
    setEdited(null);
  };
  // As the text settles: a version that passes the check is used at once (the chart follows it); one that does not
  // leaves the last good version in use, and the editor says why. The preset's own text is no edit.
  const onEditorCheck = (text: string, check: PolicyTextCheck) => {
    if (text === editorStart) setEdited(null);
    else if (check.ok) setEdited({ document: check.document, compiled: check.compiled });
  };

  const run = async () => {
    setProblem(null);
    setRuns(null);
    let files: SimulationFiles;
    try {
      if (source.kind === "example") files = await exampleFiles();
      else {
        if (!source.marks) {
          setProblem("Choose a marks file (CSV: upn, date, session, mark) first.");
          return;
        }
        files = {
          marks: { text: await source.marks.text(), file: source.marks.name },
          ...(source.pupils ? { pupils: { text: await source.pupils.text(), file: source.pupils.name } } : {}),
          ...(source.calendar ? { calendar: { text: await source.calendar.text(), file: source.calendar.name } } : {}),
        };
      }
    } catch {
      setProblem("The files could not be read. Choose them again.");
      return;
    }
    const plan = [{ policy: primaryDocument, source: primaryLabel }, ...(against ? [{ policy: against.document, source: against.label }] : [])];
    try {
      const outcomes = await sim.run(plan, files);
      setRuns(outcomes.map((o, i) => ({ label: plan[i]!.source, outcome: o, summary: o.ok ? summarise(o.results) : null })));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  const first = runs?.[0];
  const p = sim.progress;
  return (
    <section className="lab">
      <div className="page-head">
        <h1>Policy lab</h1>
        <p className="muted">Try a policy over a register in this browser. Nothing here is saved or sent to the server.</p>
        <p>
          <a href="#/sandbox">Step one pupil's case live in the sandbox</a>
        </p>
      </div>

      <div className="panel">
        <div className="filters">
          <label>
            Policy
            <select
              value={presetId}
              onChange={(e) => {
                setPresetId(e.target.value);
                stopEditing();
              }}
            >
              {PRESET_IDS.map((id) => (
                <option key={id} value={id}>
                  {PRESETS[id]!.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Compare with
            <select value={compareId} onChange={(e) => setCompareId(e.target.value)}>
              <option value={SCHOOL}>
                {school.state === "ready" ? `The school's current policy: ${school.name}` : school.state === "loading" ? "The school's current policy (loading…)" : "The school's current policy (not available)"}
              </option>
              <option value="">No comparison</option>
              {PRESET_IDS.map((id) => (
                <option key={id} value={id}>
                  {PRESETS[id]!.name}
                </option>
              ))}
            </select>
          </label>
          {editing ? null : (
            <button type="button" onClick={startEditing}>
              Edit as JSON
            </button>
          )}
        </div>
        {edited ? <p className="ok">Using your edited version of {presetId}.</p> : null}
        {compareId === SCHOOL && school.state === "failed" ? (
          <p className="muted">The school's current policy could not be loaded ({school.problem}). Choose a policy to compare with.</p>
        ) : null}
        {against && against.document ? <PolicyEdits tried={primaryDocument} against={against.document} triedLabel={primaryLabel} againstLabel={against.label} /> : null}
        {editorStart !== null ? (
          <div className="lab-editor">
            <PolicyEditor key={`${presetId}:${editorStart.length}`} initial={editorStart} onCheck={onEditorCheck} />
            {edited ? (
              <PolicyEdits tried={edited.document} against={PRESETS[presetId]} triedLabel="Your edit" againstLabel={`the preset ${presetId}`} title="What you changed from the preset" />
            ) : (
              <p className="muted">No change from the preset yet.</p>
            )}
            <div className="actions">
              <button type="button" onClick={stopEditing}>
                Discard edits
              </button>
            </div>
          </div>
        ) : null}
      </div>

      <div className="panel">
        <h2>{compiled?.policy.name ?? presetId}</h2>
        {compiled ? <StateChart compiled={compiled} height={480} focus={compiled.policy.initial.split(".")[0]} /> : <p className="problem">This policy does not pass its check.</p>}
      </div>

      <div className="panel">
        <h2>Run it over a register</h2>
        <fieldset className="source">
          <legend>Register</legend>
          <label className="checkbox">
            <input type="radio" name="source" checked={source.kind === "example"} onChange={() => setSource({ kind: "example" })} />
            The example school (synthetic: 40 pupils, 2024-25)
          </label>
          <label className="checkbox">
            <input type="radio" name="source" checked={source.kind === "upload"} onChange={() => setSource({ kind: "upload", marks: null, pupils: null, calendar: null })} />
            Files from this computer
          </label>
          {source.kind === "upload" ? (
            <div className="uploads">
              <label>
                Marks (CSV)
                <input type="file" accept=".csv,text/csv" onChange={(e) => setSource({ ...source, marks: e.target.files?.[0] ?? null })} />
              </label>
              <label>
                Pupils (CSV, optional: flags and year groups)
                <input type="file" accept=".csv,text/csv" onChange={(e) => setSource({ ...source, pupils: e.target.files?.[0] ?? null })} />
              </label>
              <label>
                Calendar (CSV, optional)
                <input type="file" accept=".csv,text/csv" onChange={(e) => setSource({ ...source, calendar: e.target.files?.[0] ?? null })} />
              </label>
            </div>
          ) : null}
        </fieldset>
        <button type="button" className="primary" onClick={() => void run()} disabled={sim.running || !compiled}>
          {sim.running ? "Running…" : against ? "Run both policies" : "Run"}
        </button>
        {sim.running && p ? (
          <div className="progress">
            <progress max={Math.max(1, p.total * p.runs)} value={p.run * p.total + p.done} />
            <span>
              {p.runs > 1 ? `Policy ${p.run + 1} of ${p.runs}: ` : ""}
              {p.total ? `${p.done} of ${p.total} pupils` : "Reading the register…"}
            </span>
          </div>
        ) : null}
        {problem ? (
          <p className="problem" role="alert">
            {problem}
          </p>
        ) : null}
        {runs?.map((r) =>
          r.outcome.ok ? null : (
            <div key={r.label} className="problem" role="alert">
              <p>
                {r.label}: the run could not start. {r.outcome.problems.length} problem{r.outcome.problems.length === 1 ? "" : "s"}:
              </p>
              <ul className="problems">
                {r.outcome.problems.slice(0, 50).map((pr, i) => (
                  <li key={i}>{pr}</li>
                ))}
              </ul>
            </div>
          ),
        )}
      </div>

      {first?.summary && first.outcome.ok ? (
        <>
          <div className="panel">
            <h2>Results</h2>
            <p className="muted">
              {first.outcome.pupils} pupils over {first.outcome.schoolDays} school days.
            </p>
            <Comparison runs={runs!} />
          </div>
          <div className="case-grid">
            {runs!
              .filter((r) => r.summary)
              .map((r) => (
                <div className="panel" key={r.label}>
                  <h3>{r.label}: cases by stage</h3>
                  <Bars label={`${r.label}: cases by stage`} items={[...STAGES, CLOSED].map((s) => ({ key: s, label: stageName(s), value: r.summary!.byStage[s] ?? 0 }))} />
                  <h3>Tasks</h3>
                  <Bars label={`${r.label}: tasks`} items={TASK_KINDS.map((k) => ({ key: k, label: TASK_KIND_WORDS[k] ?? k, value: r.summary!.tasksByKind[k] ?? 0 }))} />
                </div>
              ))}
          </div>
          {runs!.length === 2 ? <ChangedPupils tried={runs![0]!} against={runs![1]!} /> : null}
          <DayScrubber runs={runs!} />
          <div className="panel">
            <h2>{runs!.length === 2 && runs![1]!.outcome.ok ? `Cases under ${first.label} and ${runs![1]!.label}` : `Cases under ${first.label}`}</h2>
            <CasesTable runs={runs!} />
          </div>
        </>
      ) : null}
    </section>
  );
}
