import { type FormEvent, useRef, useState } from "react";
import { MEETING_KIND_WORDS, MEETING_KINDS, type MeetingKind, meetingDateWords, meetingTimeWords } from "../../../machines/meetings/meetingScheduled.ts";
import { api, ApiError, type CasePlan } from "../api/client.ts";
import { britishDate, isoFromBritish } from "../events/EventForm.tsx";
import { useLoad } from "../useLoad.ts";
import "./plan.css";

/** Who schedules meetings (POST /api/cases/{upn}/meetings): as server/auth/roles.ts. */
export const SCHEDULES_MEETINGS = ["attendance-lead", "attendance-officer"];

type Action = CasePlan["actions"][number];

function actionState(a: Action): { words: string; className: string } {
  if (a.status === "done") return { words: "Done", className: "done" };
  if (a.status === "cancelled") return { words: "Withdrawn", className: "withdrawn" };
  if (a.overdue) return { words: "Overdue", className: "overdue" };
  return { words: "To do", className: "open" };
}

const dateWords = (iso: string | null | undefined) => (iso ? meetingDateWords(iso) : "no date");

/**
 * The case's plan: the next meeting (and scheduling one), the target and its review, progress against it
 * (attendance since it was set, and what is needed by the review), the barriers, and the actions agreed with who
 * and by when, done or overdue. The agreed actions are done from the case's open tasks.
 */
export function PlanPanel({ upn, role, revision, onChanged }: { upn: string; role: string; revision: number; onChanged: () => void }) {
  const load = useLoad((signal) => api.casePlan(upn, signal), ["case", upn, "plan"]);
  const [scheduling, setScheduling] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const p = load.data;
  const maySchedule = SCHEDULES_MEETINGS.includes(role);

  return (
    <div className="panel plan-panel">
      <h2>Plan</h2>
      {load.error ? (
        <p className="problem">{load.error}</p>
      ) : !p ? (
        <p className="muted">Loading the plan…</p>
      ) : (
        <>
          {message ? (
            <p className="ok" role="status" tabIndex={-1} ref={messageRef}>
              {message}
            </p>
          ) : null}
          <h3>Next meeting</h3>
          {p.nextMeeting ? (
            <p className="next-meeting">
              <strong>{p.nextMeeting.words}</strong>: {meetingDateWords(p.nextMeeting.date)} at {meetingTimeWords(p.nextMeeting.time)}, {p.nextMeeting.place}.{" "}
              <span className="muted">Invited: {p.nextMeeting.invitees.join(", ")}.</span>
            </p>
          ) : (
            <p className="muted">No meeting scheduled.</p>
          )}
          {maySchedule && !scheduling ? (
            <button
              type="button"
              ref={openRef}
              onClick={() => {
                setMessage(null);
                setScheduling(true);
              }}
            >
              {p.nextMeeting ? "Rearrange the meeting…" : "Schedule a meeting…"}
            </button>
          ) : null}
          {scheduling ? (
            <ScheduleForm
              upn={upn}
              revision={revision}
              current={p.nextMeeting}
              onCancel={() => {
                setScheduling(false);
                setTimeout(() => openRef.current?.focus(), 0);
              }}
              onSaved={(plan) => {
                load.set(plan);
                setScheduling(false);
                const m = plan.nextMeeting;
                setMessage(m ? `Scheduled: ${m.words} on ${meetingDateWords(m.date)} at ${meetingTimeWords(m.time)}. The meeting task is due that day; the invitation letter gives the date, time and place.` : "Scheduled.");
                setTimeout(() => messageRef.current?.focus(), 0);
                onChanged();
              }}
            />
          ) : null}

          <h3>Target</h3>
          {p.target ? (
            <>
              <p>
                <strong>{p.target.attendancePct}%</strong> attendance from {dateWords(p.target.setOn)}
                {p.reviewOn ? <>, reviewed on {dateWords(p.reviewOn)}</> : null}.
              </p>
              {p.progress ? (
                <>
                  <p className="progress-words">{p.progress.words}</p>
                  <dl className="facts">
                    <dt>Since the target was set</dt>
                    <dd>
                      {p.progress.attendedSince} of {p.progress.possibleSince} sessions
                      {p.progress.pctSince === null ? "" : ` (${p.progress.pctSince.toFixed(1)}%)`}
                    </dd>
                    <dt>Sessions to the review</dt>
                    <dd>{p.progress.sessionsToReview}</dd>
                    <dt>Needed to reach {p.progress.targetPct}%</dt>
                    <dd>{p.progress.reachable ? `${p.progress.needed} of the next ${p.progress.sessionsToReview}` : "out of reach by the review"}</dd>
                  </dl>
                  {p.progress.possibleSince + p.progress.sessionsToReview > 0 ? (
                    <div
                      className="progress-bar"
                      role="img"
                      aria-label={`${p.progress.attendedSince} sessions attended since the target was set; ${p.progress.needed} more needed of ${p.progress.sessionsToReview} to come`}
                    >
                      <span className="attended" style={{ width: `${(100 * p.progress.attendedSince) / (p.progress.possibleSince + p.progress.sessionsToReview)}%` }} />
                      <span className="needed" style={{ width: `${(100 * p.progress.needed) / (p.progress.possibleSince + p.progress.sessionsToReview)}%` }} />
                    </div>
                  ) : null}
                  <p className="muted small">Figures as of {dateWords(p.progress.asOf)}.</p>
                </>
              ) : null}
            </>
          ) : (
            <p className="muted">No target set.{p.reviewOn ? ` Review on ${dateWords(p.reviewOn)}.` : ""}</p>
          )}

          {p.lastMeeting && (p.lastMeeting.barriers.length > 0 || p.lastMeeting.targets) ? (
            <>
              <h3>Barriers to attendance</h3>
              <ul className="barriers">
                {p.lastMeeting.barriers.map((b, i) => (
                  <li key={i}>{b}</li>
                ))}
              </ul>
              {p.lastMeeting.targets ? <p>Targets agreed: {p.lastMeeting.targets}</p> : null}
            </>
          ) : null}

          <h3>Actions agreed</h3>
          {p.actions.length === 0 ? (
            <p className="muted">No actions agreed.</p>
          ) : (
            <ul className="plan-actions">
              {p.actions.map((a) => {
                const s = actionState(a);
                return (
                  <li key={a.id} className={`plan-action ${s.className}`}>
                    <span className="what">{a.action}</span>
                    <span className="who-when">
                      {a.owner ?? "—"}, by {dateWords(a.dueOn)}
                    </span>
                    <span className={`action-state ${s.className}`}>{s.words}</span>
                  </li>
                );
              })}
            </ul>
          )}
          {p.actions.some((a) => a.status === "open") ? <p className="muted small">Mark an action done from the case's open tasks.</p> : null}
        </>
      )}
    </div>
  );
}

type NextMeeting = CasePlan["nextMeeting"];

/** Schedule or rearrange a meeting: kind, date, time, place, who is invited. */
function ScheduleForm({ upn, revision, current, onCancel, onSaved }: { upn: string; revision: number; current: NextMeeting; onCancel: () => void; onSaved: (plan: CasePlan) => void }) {
  const [kind, setKind] = useState<MeetingKind>((current?.kind as MeetingKind | undefined) ?? "sap");
  const [date, setDate] = useState(current ? britishDate(current.date) : "");
  const [time, setTime] = useState(current?.time ?? "09:00");
  const [place, setPlace] = useState(current?.place ?? "");
  const [invitees, setInvitees] = useState(current?.invitees.join("\n") ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = (n: string) => `meeting-${n}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const iso = isoFromBritish(date);
    const found: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) found.date = "Enter a real date as day/month/year, for example 16/09/2025.";
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) found.time = "Enter a time on the 24-hour clock, for example 09:30.";
    if (place.trim() === "") found.place = "Say where it will be.";
    const people = invitees.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean);
    if (people.length === 0) found.invitees = "Name at least one person invited.";
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => document.getElementById(id(Object.keys(found)[0]!))?.focus(), 0);
      return;
    }
    setBusy(true);
    try {
      onSaved(await api.scheduleMeeting(upn, revision, { kind, date: iso, time, place: place.trim(), invitees: people }));
    } catch (err) {
      if (err instanceof ApiError && err.problems.length > 0) {
        const server: Record<string, string> = {};
        for (const p of err.problems) server[p.field.split(".")[0]!] = `${p.message.charAt(0).toUpperCase()}${p.message.slice(1)}.`;
        setErrors(server);
        setTimeout(() => document.getElementById(id(Object.keys(server)[0]!))?.focus(), 0);
      } else setProblem(err instanceof ApiError ? err.message : "Could not save. Try again.");
    } finally {
      setBusy(false);
    }
  };

  const describedBy = (n: string, hint?: boolean) => (errors[n] ? `${id(n)}-error` : hint ? `${id(n)}-hint` : undefined);
  const error = (n: string) =>
    errors[n] ? (
      <span className="error" id={`${id(n)}-error`} role="alert">
        {errors[n]}
      </span>
    ) : null;
  return (
    <form className="event-form schedule-form" onSubmit={submit} noValidate aria-label={current ? "Rearrange the meeting" : "Schedule a meeting"}>
      <div className="field">
        <label htmlFor={id("kind")}>Meeting</label>
        <select id={id("kind")} value={kind} onChange={(e) => setKind(e.target.value as MeetingKind)}>
          {MEETING_KINDS.map((k) => (
            <option key={k} value={k}>
              {MEETING_KIND_WORDS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className={`field${errors.date ? " has-error" : ""}`}>
        <label htmlFor={id("date")}>Date</label>
        <input id={id("date")} type="text" autoComplete="off" placeholder="dd/mm/yyyy" size={12} value={date} onChange={(e) => setDate(e.target.value)} aria-invalid={errors.date ? true : undefined} aria-describedby={describedBy("date", true)} />
        {error("date") ?? (
          <span className="hint" id={`${id("date")}-hint`}>
            Day/month/year: a school day. The meeting task becomes due that day.
          </span>
        )}
      </div>
      <div className={`field${errors.time ? " has-error" : ""}`}>
        <label htmlFor={id("time")}>Time</label>
        <input id={id("time")} type="time" value={time} onChange={(e) => setTime(e.target.value)} aria-invalid={errors.time ? true : undefined} aria-describedby={describedBy("time")} />
        {error("time")}
      </div>
      <div className={`field${errors.place ? " has-error" : ""}`}>
        <label htmlFor={id("place")}>Place</label>
        <input id={id("place")} type="text" value={place} onChange={(e) => setPlace(e.target.value)} aria-invalid={errors.place ? true : undefined} aria-describedby={describedBy("place")} />
        {error("place")}
      </div>
      <div className={`field${errors.invitees ? " has-error" : ""}`}>
        <label htmlFor={id("invitees")}>Who is invited</label>
        <textarea id={id("invitees")} rows={3} value={invitees} onChange={(e) => setInvitees(e.target.value)} aria-invalid={errors.invitees ? true : undefined} aria-describedby={describedBy("invitees", true)} />
        {error("invitees") ?? (
          <span className="hint" id={`${id("invitees")}-hint`}>
            One per line, e.g. Parent, AL, AHT
          </span>
        )}
      </div>
      {problem ? (
        <p className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : current ? "Rearrange" : "Schedule"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
