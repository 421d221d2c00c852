import { type FormEvent, useState } from "react";
import { api, ApiError, type Task, type TaskCompletion } from "../api/client.ts";
import { daysBetween } from "../caseload/CaseloadTable.tsx";
import { pupilWritten } from "../queryClient.ts";
import { outcomeOf } from "../../../machines/tasks/index.ts";
import { formatDate, QUICK_OUTCOMES, TASK_KIND_WORDS } from "../words.ts";
import "./tasks.css";

export interface TaskItemProps {
  readonly task: Task;
  /** The pupil's name, when known; the UPN otherwise. */
  readonly pupil?: string;
  readonly today?: string | null;
  readonly canAct: boolean;
  /** Called once the outcome is recorded, with what the server did (older tasks answered, follow-ups raised). */
  readonly onDone: (task: Task, outcome: string, result?: TaskCompletion) => void;
  /** Show a link to the pupil's case. */
  readonly linkToCase?: boolean;
  /** Letters with a template open in the letter view (preview, print, PDF, mark sent) instead of "Done…". */
  readonly letterLink?: boolean;
  /** Who has the task and, for the lead and officers, changing it; absent: not shown. */
  readonly assign?: TaskAssigning;
}

/** Assigning from a task's line: the lead gives it to anyone; an officer takes an unassigned one or gives back their own. */
export interface TaskAssigning {
  /** The signed-in person's username. */
  readonly me: string;
  /** Who may hold tasks (the leads and officers). */
  readonly people: readonly string[];
  /** The attendance lead: reassigns anything. */
  readonly lead: boolean;
  /** May change it at all (a teacher may not). */
  readonly canAssign: boolean;
  readonly onAssigned: (task: Task, assignee: string | null) => void;
}

/** "With you", "With sam", "Unassigned". */
export function assigneeWords(assignee: string | null | undefined, me?: string): string {
  return !assignee ? "Unassigned" : assignee === me ? "With you" : `With ${assignee}`;
}

function AssignControl({ task, assign }: { task: Task; assign: TaskAssigning }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const current = task.assignee ?? null;
  const change = async (to: string | null) => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await api.assignTask(task.id, to, current);
      assign.onAssigned(task, r.task.assignee);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : "Could not change who has it. Try again.");
    } finally {
      setBusy(false);
    }
  };
  let control = null;
  if (assign.canAssign && assign.lead) {
    const people = current && !assign.people.includes(current) ? [...assign.people, current] : assign.people;
    control = (
      <select aria-label="Who has this task" value={current ?? ""} disabled={busy} onChange={(e) => void change(e.target.value || null)}>
        <option value="">Unassigned</option>
        {people.map((p) => (
          <option key={p} value={p}>
            {p === assign.me ? `${p} (you)` : p}
          </option>
        ))}
      </select>
    );
  } else if (assign.canAssign && current === null) {
    control = (
      <button type="button" disabled={busy} onClick={() => void change(assign.me)}>
        Assign to me
      </button>
    );
  } else if (assign.canAssign && current === assign.me) {
    control = (
      <button type="button" disabled={busy} onClick={() => void change(null)}>
        Give back
      </button>
    );
  }
  return (
    <span className="task-assignee">
      {/* The lead's list says who has it; otherwise in words. */}
      {assign.canAssign && assign.lead ? null : <span className={current ? "assigned" : "muted"}>{assigneeWords(current, assign.me)}</span>}
      {control}
      {problem ? (
        <span className="problem" role="alert">
          {problem}
        </span>
      ) : null}
    </span>
  );
}

/** One task, completed from the list with its outcome recorded. */
export function TaskItem({ task, pupil, today, canAct, onDone, linkToCase = true, letterLink = false, assign }: TaskItemProps) {
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The one-click outcome waiting for a written note (a child with a social worker: the server asks for one).
  const [needsNote, setNeedsNote] = useState<string | null>(null);
  const [note, setNote] = useState("");
  // A safeguarding-sensitive one-click outcome waiting for its confirmation.
  const [confirming, setConfirming] = useState<{ words: string; question: string } | null>(null);
  const letter = letterLink && task.kind === "letter" && task.template !== null;
  const late = today && task.dueOn && task.dueOn < today ? daysBetween(task.dueOn, today) : null;

  const complete = async (text: string, withNote?: string) => {
    if (!text.trim()) {
      setError("Say what happened before marking it done.");
      return;
    }
    if (withNote !== undefined && !withNote.trim()) {
      setError("Write what you saw before marking it done.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api.completeTask(task.id, text.trim(), withNote?.trim());
      void pupilWritten(task.upn);
      onDone(task, withNote ? `${text.trim()} (note: ${withNote.trim()})` : text.trim(), result);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.problems.length === 0) {
        // "Safe and well" alone is not enough for this child: ask for the note.
        setNeedsNote(text.trim());
        setError(e.message);
      } else setError(e instanceof ApiError && e.status === 404 ? "This task was already completed by someone else. Reload the list." : e instanceof ApiError ? e.message : "Could not save. Try again.");
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (needsNote) void complete(needsNote, note);
    else void complete(outcome);
  };

  return (
    <li className={`task task-${task.kind}${late ? " is-overdue" : ""}`} data-task={task.id}>
      <div className={assign ? "task-line with-assignee" : "task-line"}>
        <span className={`kind kind-${task.kind}`}>{TASK_KIND_WORDS[task.kind] ?? task.kind}</span>
        <span className="task-who">
          {linkToCase ? <a href={`#/cases/${encodeURIComponent(task.upn)}`}>{pupil ?? task.upn}</a> : null}
        </span>
        <span className="task-title">
          {task.title}
          {task.raisedAgain > 0 ? <span className="muted"> · raised again {task.raisedAgain === 1 ? "once" : `${task.raisedAgain} times`}, last {formatDate(task.lastRaisedOn, false)}</span> : null}
        </span>
        {assign ? <AssignControl task={task} assign={assign} /> : null}
        <span className="task-due">{late ? <strong className="overdue">{late} day{late === 1 ? "" : "s"} overdue</strong> : today && task.dueOn === today ? "Due today" : `Due ${formatDate(task.dueOn, false)}`}</span>
        {letter ? (
          <a className="button-link" href={`#/letters/${task.id}`}>
            {canAct ? "Preview and send" : "Preview letter"}
          </a>
        ) : null}
        {canAct && !open && !letter ? (
          <button type="button" onClick={() => setOpen(true)}>
            Done…
          </button>
        ) : null}
      </div>
      {open ? (
        <form className="task-complete" onSubmit={submit}>
          <div className="quick">
            {(QUICK_OUTCOMES[task.kind] ?? []).map((q) => (
              <button
                key={q}
                type="button"
                disabled={busy}
                onClick={() => {
                  const question = outcomeOf(task.kind, q)?.confirm;
                  if (question) setConfirming({ words: q, question });
                  else void complete(q);
                }}
              >
                {q}
              </button>
            ))}
          </div>
          {confirming ? (
            <div className="confirm" role="group" aria-label={`Confirm: ${confirming.words}`}>
              <p>{confirming.question}</p>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => {
                  setConfirming(null);
                  void complete(confirming.words);
                }}
              >
                Yes: {confirming.words}
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                No
              </button>
            </div>
          ) : null}
          {needsNote ? (
            <label>
              Note for “{needsNote}” (required)
              <textarea value={note} onChange={(e) => setNote(e.target.value)} placeholder="Who you saw, where, and how the child seemed" maxLength={2000} autoFocus required />
            </label>
          ) : (
            <label>
              Outcome
              <input value={outcome} onChange={(e) => setOutcome(e.target.value)} placeholder="What happened" maxLength={2000} autoFocus />
            </label>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Saving…" : "Mark done"}
          </button>
          <button
            type="button"
            onClick={() => {
              setOpen(false);
              setNeedsNote(null);
              setError(null);
            }}
          >
            Cancel
          </button>
          {error ? (
            <p className="problem" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </li>
  );
}
