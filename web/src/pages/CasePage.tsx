import { useEffect, useRef, useState } from "react";
import type { CompiledPolicy } from "../../../machines/policy/compilePolicy.ts";
import { isManualEventType, MANUAL_EVENT_LABELS, type ManualEventType } from "../../../machines/policy/events.ts";
import { api, ApiError, type AvailableEvent, type CaseView, type Task } from "../api/client.ts";
import { AttendanceChart } from "../case/AttendanceChart.tsx";
import { CelebrationExclusionPanel, SEES_CELEBRATION_EXCLUSION } from "../case/CelebrationExclusionPanel.tsx";
import { ParentsCarersPanel, useParentNames } from "../case/ParentsCarersPanel.tsx";
import { PlanPanel } from "../case/PlanPanel.tsx";
import { BandGauge } from "../caseload/BandGauge.tsx";
import { humanise } from "../chart/chartModel.ts";
import { StateChart } from "../chart/StateChart.tsx";
import { EventForm } from "../events/EventForm.tsx";
import { compiledFor } from "../policy/compiledFor.ts";
import { canAct, canComplete, canReadLetters } from "../roles.ts";
import { TaskItem } from "../tasks/TaskItem.tsx";
import { useLoad } from "../useLoad.ts";
import { FLAG_WORDS, formatDate, formatPct, stageName, yearGroupWords } from "../words.ts";
import { CaseFigures } from "../case/CaseFigures.tsx";

const CONFLICT = "Someone else changed this case; it has been reloaded. Check what changed, then try again.";

function stateWords(state: string): string {
  const [stage, ...rest] = state.split(".");
  return rest.length ? `${stageName(stage!)} · ${rest.map(humanise).join(" · ")}` : stageName(stage!);
}

/** Events that move the case first (what the policy expects next), then those that only record something. */
function splitEvents(events: readonly AvailableEvent[]) {
  const moving = events.filter((e) => e.type !== "closeCase" && e.rules.some((r) => r.to));
  // A note is what is recorded most often: first among the rest, a few Tabs from the top of the page.
  const recording = events.filter((e) => !moving.includes(e)).sort((a, b) => Number(b.type === "note") - Number(a.type === "note"));
  return { moving, recording };
}

/**
 * One pupil's case: who, the figures, the chart of the policy with where the case is now, and what to record.
 * Each pupil gets a fresh page (keyed by UPN): no form, message or figure of the previous pupil carries over.
 */
export function CasePage({ upn, role }: { upn: string; role: string }) {
  return <OneCase key={upn} upn={upn} role={role} />;
}

function OneCase({ upn, role }: { upn: string; role: string }) {
  const load = useLoad((signal) => api.getCase(upn, signal), ["case", upn]);
  const attendance = useLoad((signal) => api.attendance(upn, signal), ["case", upn, "attendance"]);
  // Offered in the event forms' "Parent" field (a notice to improve, a penalty notice): the case's parents and carers.
  const parentNames = useParentNames(upn);
  // The case's path and its rules judged on its figures, for the state chart (GET /api/cases/{upn}/guards).
  const guards = useLoad((signal) => api.caseGuards(upn, signal), ["case", upn, "guards"]);
  const [chart, setChart] = useState<{ compiled: CompiledPolicy; note: string | null } | null>(null);
  const [chartProblem, setChartProblem] = useState<string | null>(null);
  const [open, setOpen] = useState<ManualEventType | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "problem"; text: string; focus?: boolean } | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const eventButtons = useRef(new Map<string, HTMLButtonElement>());
  const [tasksDone, setTasksDone] = useState<Set<number>>(new Set());

  const view = load.data;
  const policyKey = view ? `${view.policy.id}@${view.policy.version}` : null;
  useEffect(() => {
    if (!view) return;
    let live = true;
    compiledFor(view.policy).then(
      (c) => live && setChart(c),
      (e: unknown) => live && setChartProblem(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [policyKey]);

  // After a save (or a conflict that closed the form) focus goes to the message saying what happened.
  useEffect(() => {
    if (message?.focus) messageRef.current?.focus();
  }, [message]);

  if (load.loading && !view) return <p className="loading">Loading the case…</p>;
  if (load.error && !view) return <p className="problem" role="alert">{load.error === "Rollcall could not find that." ? "There is no case for this pupil." : load.error}</p>;
  const c = view!;
  const pupil = c.pupil;
  const name = pupil ? `${pupil.forename} ${pupil.surname}` : c.upn;
  const flags = pupil ? Object.keys(FLAG_WORDS).filter((f) => (pupil as unknown as Record<string, unknown>)[f] === true) : [];
  const { moving, recording } = splitEvents(c.availableEvents);
  const acting = canAct(role);
  const metrics = c.metrics;

  const send = async (type: ManualEventType, payload: Record<string, unknown>, date: string | undefined) => {
    setMessage(null);
    try {
      const next = await api.recordEvent(c.upn, c.revision, { type, payload, ...(date ? { date } : {}) });
      load.set(next);
      setOpen(null);
      const moved = next.state !== c.state;
      setMessage({ kind: "ok", text: `Saved: ${MANUAL_EVENT_LABELS[type]}.${moved ? ` The case moved to ${stateWords(next.state)}.` : ""}`, focus: true });
      return;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setOpen(null);
        await load.reload();
        setMessage({ kind: "problem", text: CONFLICT, focus: true });
        return;
      }
      if (e instanceof ApiError && e.status === 422) {
        setMessage({ kind: "problem", text: e.message });
        return e.problems.length > 0 ? e.problems : [{ field: "form", message: e.message }];
      }
      setMessage({ kind: "problem", text: e instanceof ApiError ? e.message : "Could not save. Try again." });
      return;
    }
  };

  const openTasks: Task[] = (c.tasks as Task[]).filter((t) => !tasksDone.has(t.id));
  const openForm = open ? c.availableEvents.find((e) => e.type === open) : undefined;
  const closeForm = () => {
    const button = open ? eventButtons.current.get(open) : undefined;
    setOpen(null);
    button?.focus();
  };
  const eventButton = (e: AvailableEvent, className: string | undefined) => (
    <button
      key={e.type}
      ref={(b) => {
        if (b) eventButtons.current.set(e.type, b);
        else eventButtons.current.delete(e.type);
      }}
      type="button"
      className={open === e.type ? "primary" : className}
      onClick={() => {
        setMessage(null);
        setOpen(open === e.type ? null : e.type);
      }}
      aria-expanded={open === e.type}
    >
      {e.label}
    </button>
  );

  return (
    <section className="case-page">
      <div className="page-head">
        <div>
          <h1>{name}</h1>
          <p className="muted">
            UPN {c.upn} · {yearGroupWords(pupil?.yearGroup)}
            {pupil?.class ? ` · Class ${pupil.class}` : ""}
          </p>
          {flags.length > 0 ? (
            <p className="flags">
              {flags.map((f) => (
                <span key={f} className={`flag flag-${f}`}>
                  {FLAG_WORDS[f]}
                </span>
              ))}
            </p>
          ) : null}
        </div>
        <div className="head-links">
          <a href={`#/cases/${encodeURIComponent(c.upn)}/history`}>History and audit</a>
          <a href="#/cases">Back to caseload</a>
        </div>
      </div>

      <div className="case-grid">
        <div className="panel">
          <h2>Where the case is</h2>
          <p className="now">
            <span className={`stage stage-${c.stage}`}>{stateWords(c.state)}</span>
          </p>
          <dl className="facts">
            <dt>In this stage since</dt>
            <dd>{formatDate(c.stageEnteredOn)}</dd>
            {c.target ? (
              <>
                <dt>Target</dt>
                <dd>
                  {c.target.attendancePct}% set {formatDate(c.target.setOn)}
                  {c.target.reviewOn ? `, review ${formatDate(c.target.reviewOn)}` : ""}
                </dd>
              </>
            ) : null}
            {c.reviewDate ? (
              <>
                <dt>Review date</dt>
                <dd>{formatDate(c.reviewDate)}</dd>
              </>
            ) : null}
            <dt>Policy</dt>
            <dd>
              {c.policy.name} (v{c.policy.version})
            </dd>
            <dt>Figures as of</dt>
            <dd>{formatDate(c.processedThrough)}</dd>
          </dl>
        </div>
        {acting && c.availableEvents.length > 0 ? (
          <div className="panel record-panel">
            <h2>Record what happened</h2>
            {message ? (
              <p ref={messageRef} tabIndex={-1} className={message.kind === "ok" ? "ok" : "problem"} role={message.kind === "ok" ? "status" : "alert"}>
                {message.text}
              </p>
            ) : null}
            {moving.length > 0 ? <div className="event-buttons">{moving.map((e) => eventButton(e, "next"))}</div> : null}
            <div className="event-buttons secondary">{recording.map((e) => eventButton(e, undefined))}</div>
            {open && isManualEventType(open) ? (
              <EventForm key={`${open}@${c.revision}`} type={open} rules={openForm?.rules ?? []} defaults={c.eventDefaults?.[open]} onSubmit={(payload, date) => send(open, payload, date)} onCancel={closeForm} suggestions={{ parent: parentNames }} />
            ) : null}
          </div>
        ) : null}
      </div>

      <div className="case-grid">
        <div className="panel">
          <h2>Attendance</h2>
          <p className="big-figure">
            <span className="band-dot" style={{ background: c.band?.colour ?? "transparent" }} aria-hidden="true" />
            {formatPct(metrics?.attendancePct)} <span className="muted small">{c.band?.label ?? "no figure yet"}</span>
          </p>
          {chart ? <BandGauge bands={chart.compiled.policy.bands} pct={metrics?.attendancePct ?? null} /> : null}
          {metrics ? <CaseFigures metrics={metrics} /> : null}
        </div>
        <div className="panel">
          <h2>Open tasks</h2>
          {openTasks.length === 0 ? (
            <p className="muted">No open tasks.</p>
          ) : (
            <ul className="tasks">
              {openTasks.map((t) => (
                <TaskItem key={t.id} task={t} pupil={name} canAct={canComplete(role, t.kind)} letterLink={canReadLetters(role)} linkToCase={false} onDone={(task) => setTasksDone((s) => new Set([...s, task.id]))} />
              ))}
            </ul>
          )}
        </div>
      </div>

      <PlanPanel upn={c.upn} role={role} revision={c.revision} onChanged={() => void load.reload()} />

      <div className="panel">
        <h2>Attendance over the year</h2>
        {attendance.data ? (
          <AttendanceChart series={attendance.data} />
        ) : attendance.error ? (
          <p className="problem">The attendance chart could not be loaded: {attendance.error}</p>
        ) : (
          <p className="muted">Loading the attendance chart…</p>
        )}
      </div>

      <ParentsCarersPanel upn={c.upn} role={role} />

      {SEES_CELEBRATION_EXCLUSION.includes(role) ? <CelebrationExclusionPanel upn={c.upn} role={role} onChanged={() => void load.reload()} /> : null}

      <div className="panel">
        <h2>The policy's state chart</h2>
        {chart?.note ? <p className="muted small">{chart.note}</p> : null}
        {chartProblem ? <p className="problem">{chartProblem}</p> : null}
        {guards.error ? <p className="problem">The case's path and today's judgement of each rule could not be loaded: {guards.error}</p> : null}
        {chart ? <StateChart compiled={chart.compiled} current={c.state} judgement={guards.data ?? null} /> : chartProblem ? null : <p className="muted">Loading the policy…</p>}
      </div>
    </section>
  );
}
