import { useEffect, useMemo, useRef, useState } from "react";
import type { InspectionEvent, Observer } from "xstate";
import type { SchoolCalendar } from "../../../machines/attendance/calendar.ts";
import { stageOf, statePath } from "../../../machines/case/stepCase.ts";
import type { CaseTask } from "../../../machines/case/types.ts";
import { compilePolicy, type CompiledPolicy } from "../../../machines/policy/compilePolicy.ts";
import { MANUAL_EVENT_LABELS, type ManualEventType } from "../../../machines/policy/events.ts";
import { PRESET_IDS, PRESETS } from "../../../machines/presets/index.ts";
import { api } from "../api/client.ts";
import { BandGauge } from "../caseload/BandGauge.tsx";
import { humanise } from "../chart/chartModel.ts";
import { StateChart } from "../chart/StateChart.tsx";
import { EventForm, isoFromBritish } from "../events/EventForm.tsx";
import { seesCases } from "../roles.ts";
import { availableEvents, type AvailableEvent } from "../../../machines/case/availableEvents.ts";
import { blankPupil, emptyMarks, SandboxCase, type SandboxEntry } from "../sandbox/driver.ts";
import { inspectorAllowed, openInspector, type SandboxInspector, type SandboxSource } from "../sandbox/inspector.ts";
import { exampleCalendar, exampleSchoolFiles, type LoadedRegister, readSandboxRegister } from "../sandbox/sources.ts";
import "../sandbox/sandbox.css";
import { useSandbox } from "../sandbox/useSandbox.ts";
import { formatDate, formatPct, stageName, TASK_KIND_WORDS, yearGroupWords } from "../words.ts";
import { CaseFigures } from "../case/CaseFigures.tsx";

function stateWords(state: string): string {
  const [stage, ...rest] = state.split(".");
  return rest.length ? `${stageName(stage!)} · ${rest.map(humanise).join(" · ")}` : stageName(stage!);
}

/** The marks an empty pupil's days can get as the sandbox closes them. */
const DAY_MARKS: readonly { code: string; words: string }[] = [
  { code: "/", words: "Present" },
  { code: "O", words: "Absent, no reason given (unauthorised)" },
  { code: "I", words: "Ill (authorised)" },
  { code: "G", words: "Holiday not agreed (unauthorised)" },
  { code: "U", words: "Late after the register closed (unauthorised)" },
];
const YEAR_GROUPS = ["R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];

/** What the sandbox runs: built when the person presses Start. */
interface Run {
  readonly key: number;
  readonly source: SandboxSource;
  readonly sandbox: SandboxCase;
  readonly label: string;
}

/**
 * The sandbox: one pupil's case stepped live through a policy, school day by school day or to a date, with events
 * recorded through the case page's own forms. Nothing is saved: it runs in the browser with the server's engine
 * (web/src/sandbox/driver.ts), and a test proves it agrees with `rollcall simulate`.
 */
export function SandboxPage({ role }: { role: string }) {
  const showNames = seesCases(role);
  const [policyId, setPolicyId] = useState<string>("dfe-2024");
  const [source, setSource] = useState<SandboxSource>("example");
  const [example, setExample] = useState<LoadedRegister | null>(null);
  const [loaded, setLoaded] = useState<LoadedRegister | null>(null);
  const [upn, setUpn] = useState("");
  const [yearGroup, setYearGroup] = useState("4");
  const [problem, setProblem] = useState<string | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [inspector, setInspector] = useState<SandboxInspector | null>(null);
  const files = useRef<{ marks: File | null; pupils: File | null; calendar: File | null }>({ marks: null, pupils: null, calendar: null });
  const nextKey = useRef(1);

  // The school's current policy first, when it is one of the presets.
  useEffect(() => {
    let live = true;
    api.policies().then(
      (p) => live && PRESET_IDS.includes(p.current) && setPolicyId(p.current),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (source !== "example" || example) return;
    let live = true;
    exampleSchoolFiles().then(
      (f) => live && setExample(readSandboxRegister(f, showNames)),
      (e: unknown) => live && setExample({ ok: false, problems: [e instanceof Error ? e.message : String(e)] }),
    );
    return () => {
      live = false;
    };
  }, [source, example, showNames]);

  // The inspector stops with the page.
  useEffect(() => () => inspector?.stop(), [inspector]);

  const register = source === "example" ? example : source === "file" ? loaded : null;
  const pupils = register?.ok ? register.pupils : [];
  const chosen = pupils.find((p) => p.upn === upn) ?? pupils[0];
  const compiled = useMemo<CompiledPolicy>(() => compilePolicy(PRESETS[policyId], policyId), [policyId]);

  const readLoaded = async () => {
    setProblem(null);
    const f = files.current;
    if (!f.marks) {
      setLoaded({ ok: false, problems: ["Choose a marks file (upn,date,session,mark)."] });
      return;
    }
    const text = async (file: File | null) => (file ? { text: await file.text(), file: file.name } : undefined);
    const [marks, pupilsFile, calendar] = await Promise.all([text(f.marks), text(f.pupils), text(f.calendar)]);
    setLoaded(readSandboxRegister({ marks: marks!, ...(pupilsFile ? { pupils: pupilsFile } : {}), ...(calendar ? { calendar } : {}) }, true));
    setUpn("");
  };

  const start = async (withInspector: SandboxInspector | null = inspector) => {
    setProblem(null);
    try {
      let sandbox: SandboxCase;
      let label: string;
      if (source === "empty") {
        const calendar: SchoolCalendar = await exampleCalendar();
        sandbox = new SandboxCase({ compiled, calendar, upn: "SANDBOX", pupil: { ...blankPupil("SANDBOX"), yearGroup }, marks: emptyMarks(calendar) });
        label = `An empty pupil in ${yearGroupWords(yearGroup)}`;
      } else {
        if (!register?.ok || !chosen) {
          setProblem(source === "file" ? "Read a register file first, then choose a pupil." : "The example school is still loading.");
          return;
        }
        sandbox = SandboxCase.fromRegister(compiled, register.register, chosen.upn, chosen.pupil);
        label = chosen.label;
      }
      if (withInspector && !inspectorAllowed(source)) {
        withInspector.stop();
        setInspector(null);
      }
      setRun({ key: nextKey.current++, source, sandbox, label });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  const toggleInspector = async (on: boolean) => {
    setProblem(null);
    if (!on) {
      inspector?.stop();
      setInspector(null);
      if (run) setRun({ ...run, key: nextKey.current++ });
      return;
    }
    try {
      const opened = await openInspector(run?.source ?? source);
      setInspector(opened);
      if (run) setRun({ ...run, key: nextKey.current++ });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="sandbox-page">
      <div className="page-head">
        <div>
          <h1>Sandbox</h1>
          <p>
            Step one pupil's case through a policy, school day by school day, and record what happens through the same forms as a case page. Nothing is saved: it runs in
            your browser with the same engine as the server.
          </p>
        </div>
        <div className="head-links">
          <a href="#/lab">Back to the policy lab</a>
        </div>
      </div>

      <form
        className="panel sandbox-setup"
        aria-label="Set up the sandbox"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <h2>Set up</h2>
        <div className="filters">
          <label>
            Policy{" "}
            <select value={policyId} onChange={(e) => setPolicyId(e.target.value)}>
              {PRESET_IDS.map((id) => (
                <option key={id} value={id}>
                  {PRESETS[id]!.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="sandbox-sources">
          <legend>Where the pupil comes from</legend>
          <label className="checkbox">
            <input type="radio" name="sandbox-source" checked={source === "example"} onChange={() => setSource("example")} /> From the example school (synthetic: 40 pupils, 2024-25)
          </label>
          <label className="checkbox">
            <input type="radio" name="sandbox-source" checked={source === "file"} onChange={() => setSource("file")} /> From a register file you load (read here, sent nowhere)
          </label>
          <label className="checkbox">
            <input type="radio" name="sandbox-source" checked={source === "empty"} onChange={() => setSource("empty")} /> Start empty: a pupil with no marks, on the example school's calendar
          </label>
        </fieldset>
        {source === "file" ? (
          <div className="filters">
            <label>
              Marks file (required){" "}
              <input type="file" accept=".csv,text/csv" onChange={(e) => (files.current.marks = e.target.files?.[0] ?? null)} />
            </label>
            <label>
              Pupils file{" "}
              <input type="file" accept=".csv,text/csv" onChange={(e) => (files.current.pupils = e.target.files?.[0] ?? null)} />
            </label>
            <label>
              Calendar file{" "}
              <input type="file" accept=".csv,text/csv" onChange={(e) => (files.current.calendar = e.target.files?.[0] ?? null)} />
            </label>
            <button type="button" onClick={() => void readLoaded()}>
              Read the files
            </button>
          </div>
        ) : null}
        {register && !register.ok ? (
          <ul className="problem" role="alert">
            {register.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
        {source !== "empty" && pupils.length > 0 ? (
          <div className="filters">
            <label>
              <span id="sandbox-pupil-label">Pupil</span>{" "}
              <select aria-labelledby="sandbox-pupil-label" value={chosen?.upn ?? ""} onChange={(e) => setUpn(e.target.value)}>
                {pupils.map((p) => (
                  <option key={p.upn} value={p.upn}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
        ) : null}
        {source === "example" && !example ? <p className="muted">Loading the example school…</p> : null}
        {source === "empty" ? (
          <div className="filters">
            <label>
              Year group{" "}
              <select value={yearGroup} onChange={(e) => setYearGroup(e.target.value)}>
                {YEAR_GROUPS.map((y) => (
                  <option key={y} value={y}>
                    {yearGroupWords(y)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary">
            {run ? "Start again with these" : "Start the sandbox"}
          </button>
        </div>
        {problem ? (
          <p className="problem" role="alert">
            {problem}
          </p>
        ) : null}
      </form>

      {run ? (
        <SandboxRun
          key={run.key}
          sandbox={run.sandbox}
          label={run.label}
          empty={run.source === "empty"}
          inspect={inspector && inspectorAllowed(run.source) ? inspector.inspect : undefined}
        />
      ) : null}

      <details className="panel developer">
        <summary>For developers</summary>
        {inspectorAllowed(run?.source ?? source) ? (
          <>
            <label className="checkbox">
              <input type="checkbox" checked={inspector !== null} onChange={(e) => void toggleInspector(e.target.checked)} /> Stream this sandbox to Stately's inspector
            </label>
            <p className="muted small">
              Opens Stately's inspector in a new window and sends it the sandbox's steps, with every pupil field and the words typed in events redacted. Only for the
              example school or an empty pupil: never for real data (docs/security.md). Turning it on or off starts the sandbox again.
            </p>
          </>
        ) : (
          <p className="muted small">The inspector is off for a register you loaded: it could be a real school's, and real data never goes to Stately's inspector.</p>
        )}
      </details>
    </section>
  );
}

/** Events that move the case first (what the policy expects next), then those that only record something. */
function splitEvents(events: readonly AvailableEvent[]) {
  const moving = events.filter((e) => e.type !== "closeCase" && e.rules.some((r) => r.to));
  const recording = events.filter((e) => !moving.includes(e)).sort((a, b) => Number(b.type === "note") - Number(a.type === "note"));
  return { moving, recording };
}

function taskWords(t: CaseTask): string {
  return `${TASK_KIND_WORDS[t.kind] ?? t.kind}: ${t.title}`;
}

function entryWords(e: SandboxEntry): string {
  if (e.event === "schoolDayClosed") return e.from === e.to ? "School day closed" : "School day closed: the case moved";
  return MANUAL_EVENT_LABELS[e.event as ManualEventType] ?? e.event;
}

function SandboxRun({ sandbox, label, empty, inspect }: { sandbox: SandboxCase; label: string; empty: boolean; inspect?: Observer<InspectionEvent> }) {
  const run = useSandbox(sandbox, { fill: empty ? "/" : null, inspect });
  const { state, engine } = run;
  const compiled = sandbox.setup.compiled;
  const path = statePath(state.stored);
  const today = engine.today(state);
  const next = engine.nextDay(state);
  const metrics = state.closedThrough >= 0 ? engine.metricsOn(state.closedThrough) : null;
  const events = useMemo(() => availableEvents(compiled, state.stored), [compiled, state.stored]);
  const { moving, recording } = splitEvents(events);
  const [open, setOpen] = useState<ManualEventType | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "problem"; text: string } | null>(null);
  const [toDate, setToDate] = useState("");
  const [toDateProblem, setToDateProblem] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const raisedToday = today ? state.tasks.filter((t) => t.date === today).length : 0;
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  const step = (f: () => void) => {
    setMessage(null);
    setToDateProblem(null);
    f();
  };
  const advanceTo = () => {
    const iso = isoFromBritish(toDate);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
      setToDateProblem("Enter a real date as day/month/year, for example 21/10/2024.");
      return;
    }
    step(() => {
      const problems = run.advanceTo(iso);
      if (problems.length > 0) setToDateProblem(problems.map((p) => p.message).join(" "));
    });
  };
  const record = (type: ManualEventType, payload: Record<string, unknown>, date: string | undefined) => {
    const before = path;
    const problems = run.record({ type, payload, ...(date ? { date } : {}) });
    if (problems.length > 0) return problems;
    const after = statePath(runSnapshotState(run));
    setOpen(null);
    setMessage({ kind: "ok", text: `Recorded: ${MANUAL_EVENT_LABELS[type]}.${after !== before ? ` The case moved to ${stateWords(after)}.` : " The case stays where it is."}` });
    return undefined;
  };
  const recent = [...state.tasks].reverse();
  const history = [...state.history].reverse();

  return (
    <>
      <div className="case-grid">
        <div className="panel sandbox-now" aria-live="polite">
          <h2>Where the case is</h2>
          <p className="muted">{label}</p>
          <p className="now">
            <span className={`stage stage-${stageOf(path)}`} data-testid="sandbox-state">
              {stateWords(path)}
            </span>
          </p>
          <dl className="facts">
            <dt>Today in the sandbox</dt>
            <dd data-testid="sandbox-today">{today ? `${formatDate(today)} (school day ${state.closedThrough + 1} of ${engine.days.length})` : "Before the first school day"}</dd>
            <dt>Policy</dt>
            <dd>
              {compiled.policy.name} (v{compiled.policy.version})
            </dd>
          </dl>
          {empty ? (
            <label className="day-mark">
              Each school day you close is marked{" "}
              <select value={run.fill ?? "/"} onChange={(e) => run.setFill(e.target.value)}>
                {DAY_MARKS.map((m) => (
                  <option key={m.code} value={m.code}>
                    {m.words} ({m.code})
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <div className="event-buttons sandbox-steps">
            <button type="button" className="primary" disabled={!next} onClick={() => step(() => run.advanceDays(1))}>
              {next ? `Next school day (${formatDate(next)})` : "No more school days"}
            </button>
            <button type="button" disabled={!next} onClick={() => step(() => run.advanceDays(5))}>
              Next 5 school days
            </button>
            <button type="button" disabled={!next} onClick={() => step(() => run.advanceToEnd())}>
              To the end of the year
            </button>
            <button type="button" onClick={() => step(() => run.reset())}>
              Start over
            </button>
          </div>
          <form
            className="filters sandbox-to-date"
            onSubmit={(e) => {
              e.preventDefault();
              advanceTo();
            }}
          >
            <label>
              Close every school day up to{" "}
              <input
                type="text"
                value={toDate}
                onChange={(e) => setToDate(e.target.value)}
                placeholder="dd/mm/yyyy"
                size={12}
                autoComplete="off"
                aria-invalid={toDateProblem ? true : undefined}
                aria-describedby={toDateProblem ? "sandbox-to-date-error" : undefined}
              />
            </label>
            <button type="submit" disabled={!next}>
              Go to this date
            </button>
            {toDateProblem ? (
              <span className="error" id="sandbox-to-date-error" role="alert">
                {toDateProblem}
              </span>
            ) : null}
          </form>
        </div>

        <div className="panel record-panel">
          <h2>Record what happened</h2>
          {message ? (
            <p ref={messageRef} tabIndex={-1} className={message.kind === "ok" ? "ok" : "problem"} role={message.kind === "ok" ? "status" : "alert"}>
              {message.text}
            </p>
          ) : null}
          {today === null ? (
            <p className="muted">Close the first school day to record anything.</p>
          ) : (
            <>
              {moving.length > 0 ? (
                <div className="event-buttons">
                  {moving.map((e) => (
                    <EventButton key={e.type} e={e} open={open} className="next" onOpen={(t) => (setMessage(null), setOpen(t))} />
                  ))}
                </div>
              ) : null}
              <div className="event-buttons secondary">
                {recording.map((e) => (
                  <EventButton key={e.type} e={e} open={open} onOpen={(t) => (setMessage(null), setOpen(t))} />
                ))}
              </div>
              {open ? (
                <EventForm
                  key={`${open}@${state.history.length}`}
                  type={open}
                  rules={events.find((e) => e.type === open)?.rules ?? []}
                  onSubmit={async (payload, date) => record(open, payload, date)}
                  onCancel={() => setOpen(null)}
                />
              ) : null}
            </>
          )}
        </div>
      </div>

      <div className="case-grid">
        <div className="panel">
          <h2>Figures</h2>
          {metrics ? (
            <>
              <p className="big-figure">{formatPct(metrics.attendancePct)}</p>
              <BandGauge bands={compiled.policy.bands} pct={metrics.attendancePct} />
              <CaseFigures metrics={metrics} />
            </>
          ) : (
            <p className="muted">No school day closed yet.</p>
          )}
        </div>
        <div className="panel">
          <h2>
            Tasks raised <span className="muted small">({state.tasks.length})</span>
          </h2>
          {raisedToday > 0 ? <p className="ok">{raisedToday === 1 ? "1 task raised today" : `${raisedToday} tasks raised today`}</p> : null}
          {recent.length === 0 ? (
            <p className="muted">No tasks yet.</p>
          ) : (
            <ul className="sandbox-tasks" aria-label="Tasks raised, newest first">
              {recent.slice(0, 12).map((t, i) => (
                <li key={`${t.date}-${t.rule}-${i}`} data-kind={t.kind} className={t.date === today ? "today" : undefined}>
                  <span className="muted small">{t.date === today ? "Today" : formatDate(t.date)}</span> {taskWords(t)}
                </li>
              ))}
            </ul>
          )}
          {recent.length > 12 ? <p className="muted small">And {recent.length - 12} earlier.</p> : null}
        </div>
      </div>

      <div className="panel">
        <h2>History so far</h2>
        {history.length === 0 ? (
          <p className="muted">Nothing has happened yet.</p>
        ) : (
          <div className="table-scroll sandbox-history" tabIndex={0} role="region" aria-label="History so far, scrollable">
            <table className="data-table" aria-label="History, newest first">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">What happened</th>
                  <th scope="col">Where the case went</th>
                  <th scope="col">Tasks</th>
                </tr>
              </thead>
              <tbody>
                {history.map((e, i) => (
                  <tr key={history.length - i}>
                    <td>{formatDate(e.date)}</td>
                    <td>
                      {entryWords(e)}
                      {e.reason ? <div className="muted small">{e.reason}</div> : null}
                    </td>
                    <td>{e.from === e.to ? `Stays in ${stateWords(e.to)}` : `${stateWords(e.from)} → ${stateWords(e.to)}`}</td>
                    <td>{e.tasks.length === 0 ? "—" : e.tasks.map((t) => taskWords(t)).join("; ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="panel">
        <h2>The policy's state chart</h2>
        <StateChart key={stageOf(path)} compiled={compiled} current={path} />
      </div>
    </>
  );
}

function runSnapshotState(run: ReturnType<typeof useSandbox>) {
  return run.actor.getSnapshot().context.state.stored;
}

function EventButton({ e, open, className, onOpen }: { e: AvailableEvent; open: ManualEventType | null; className?: string; onOpen: (t: ManualEventType | null) => void }) {
  return (
    <button type="button" className={open === e.type ? "primary" : className} onClick={() => onOpen(open === e.type ? null : e.type)} aria-expanded={open === e.type}>
      {e.label}
    </button>
  );
}
