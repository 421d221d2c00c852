import { type FormEvent, useMemo, useState } from "react";
import { api, ApiError, type Task, type TaskCompletion } from "../api/client.ts";
import { canComplete, canReadLetters } from "../roles.ts";
import { TaskItem } from "../tasks/TaskItem.tsx";
import { useLoad } from "../useLoad.ts";
import { formatDate, TASK_KIND_WORDS } from "../words.ts";

// Letters last: the casework and the safeguarding come before the post.
const KIND_ORDER = ["notification", "first-day-call", "home-visit", "penalty-notice", "meeting", "review", "referral", "legal-referral", "letter"];

const SHOWN_PER_KIND = 8;

/** Tasks under one heading, by kind, most urgent kind first; long groups show their first few until asked. */
function TaskGroups(props: { title: string; empty: string; tasks: Task[]; names: Map<string, string>; today: string; role: string; onDone: (t: Task, outcome: string, result?: TaskCompletion) => void }) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const kinds = KIND_ORDER.filter((k) => props.tasks.some((t) => t.kind === k));
  const other = props.tasks.filter((t) => !KIND_ORDER.includes(t.kind));
  const groups = [...kinds.map((k) => [k, props.tasks.filter((t) => t.kind === k)] as const), ...(other.length ? [["other", other] as const] : [])];
  return (
    <>
      <h2>
        {props.title} <span className="muted">({props.tasks.length})</span>
      </h2>
      {groups.length === 0 ? <p className="muted">{props.empty}</p> : null}
      {groups.map(([kind, list]) => {
        const all = expanded.has(kind);
        const shown = all ? list : list.slice(0, SHOWN_PER_KIND);
        return (
          <div className="task-group" key={kind}>
            <h3>
              {TASK_KIND_WORDS[kind] ?? "Other"} <span className="muted">({list.length})</span>
            </h3>
            <ul className="tasks">
              {shown.map((t) => (
                <TaskItem key={t.id} task={t} pupil={props.names.get(t.upn)} today={props.today} canAct={canComplete(props.role, t.kind)} letterLink={canReadLetters(props.role)} onDone={props.onDone} />
              ))}
            </ul>
            {list.length > shown.length ? (
              <button type="button" className="more" onClick={() => setExpanded((e) => new Set([...e, kind]))}>
                Show all {list.length}
              </button>
            ) : null}
          </div>
        );
      })}
    </>
  );
}

/** The tasks due today and overdue, most urgent kinds first, each completed from the list. */
export function TodayPage({ role }: { role: string }) {
  const load = useLoad(async () => {
    const [today, overdue, cases] = await Promise.all([api.tasks("today"), api.tasks("overdue"), api.allCases().catch(() => null)]);
    const names = new Map((cases?.rows ?? []).map((r) => [r.upn, `${r.forename} ${r.surname}`]));
    return { today: today.today, due: today.tasks.filter((t) => t.status === "open"), overdue: overdue.tasks, names };
  }, ["today"]);
  const [kind, setKind] = useState<string>("");
  const [done, setDone] = useState<{ id: number; text: string }[]>([]);
  const [undo, setUndo] = useState<{ reason: string; busy: boolean; error: string | null } | null>(null);

  const doneIds = useMemo(() => new Set(done.map((d) => d.id)), [done]);
  const all = useMemo(() => [...(load.data?.overdue ?? []), ...(load.data?.due ?? [])].filter((t) => !doneIds.has(t.id)), [load.data, doneIds]);
  const counts = useMemo(() => {
    const out: Record<string, number> = {};
    for (const t of all) out[t.kind] = (out[t.kind] ?? 0) + 1;
    return out;
  }, [all]);
  const byUrgency = (a: Task, b: Task) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.dueOn ?? "").localeCompare(b.dueOn ?? "") || a.id - b.id;
  const pick = (list: readonly Task[]) => list.filter((t) => !doneIds.has(t.id) && (!kind || t.kind === kind)).sort(byUrgency);

  if (load.loading && !load.data) return <p className="loading">Loading today's tasks…</p>;
  if (load.error) return <p className="problem" role="alert">{load.error}</p>;
  const data = load.data!;
  // Safeguarding notifications (the social worker, the Virtual School, a concern raised with the DSL) before
  // everything, overdue or due today; then what is overdue; then today's, letters last.
  const safeguarding = pick([...data.overdue, ...data.due].filter((t) => t.safeguarding));
  const overdue = pick(data.overdue.filter((t) => !t.safeguarding));
  const due = pick(data.due.filter((t) => !t.safeguarding));
  const onDone = (task: Task, outcome: string, result?: TaskCompletion) => {
    const others = (result?.completed ?? []).filter((c) => c.id !== task.id);
    const more = [
      others.length ? `also answered ${others.length} older ${others.length === 1 ? "task" : "tasks"}` : null,
      ...(result?.followUps ?? []).map((f) => `new task: ${f.title}`),
    ].filter(Boolean);
    setUndo(null);
    setDone((d) => [...d, { id: task.id, text: `${TASK_KIND_WORDS[task.kind] ?? task.kind} for ${data.names.get(task.upn) ?? task.upn}: ${outcome}${more.length ? ` (${more.join("; ")})` : ""}` }]);
    if (result?.followUps.length || others.length) void load.reload();
  };
  const last = done[done.length - 1];
  const reopen = async (e: FormEvent) => {
    e.preventDefault();
    if (!last || !undo) return;
    if (!undo.reason.trim()) {
      setUndo({ ...undo, error: "Say why it is being reopened." });
      return;
    }
    setUndo({ ...undo, busy: true, error: null });
    try {
      await api.reopenTask(last.id, undo.reason.trim());
      setUndo(null);
      setDone((d) => d.filter((x) => x.id !== last.id));
      void load.reload();
    } catch (err) {
      setUndo({ ...undo, busy: false, error: err instanceof ApiError ? err.message : "Could not reopen it. Try again." });
    }
  };

  return (
    <section className="today">
      <div className="page-head">
        <h1>Today</h1>
        <p className="muted">
          {formatDate(data.today)} · {all.length} to do{overdue.length > 0 ? `, ${data.overdue.filter((t) => !doneIds.has(t.id)).length} overdue` : ""}
        </p>
        <button type="button" onClick={() => void load.reload()} disabled={load.loading}>
          {load.loading ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      <div className="kind-filter" role="group" aria-label="Show tasks of one kind">
        <button type="button" aria-pressed={kind === ""} onClick={() => setKind("")}>
          All <span className="count">{all.length}</span>
        </button>
        {KIND_ORDER.filter((k) => counts[k]).map((k) => (
          <button type="button" key={k} aria-pressed={kind === k} onClick={() => setKind(kind === k ? "" : k)}>
            {TASK_KIND_WORDS[k]} <span className="count">{counts[k]}</span>
          </button>
        ))}
      </div>
      <div aria-live="polite" className="done-log">
        {last ? (
          <p className="ok">
            Done: {last.text}{" "}
            {undo ? null : (
              <button type="button" onClick={() => setUndo({ reason: "", busy: false, error: null })}>
                Undo…
              </button>
            )}
          </p>
        ) : null}
        {last && undo ? (
          <form className="task-complete" onSubmit={(e) => void reopen(e)}>
            <label>
              Why reopen it? (kept in the case history)
              <input value={undo.reason} onChange={(e) => setUndo({ ...undo, reason: e.target.value })} maxLength={2000} autoFocus />
            </label>
            <button type="submit" className="primary" disabled={undo.busy}>
              {undo.busy ? "Reopening…" : "Reopen the task"}
            </button>
            <button type="button" onClick={() => setUndo(null)}>
              Cancel
            </button>
            {undo.error ? (
              <p className="problem" role="alert">
                {undo.error}
              </p>
            ) : null}
          </form>
        ) : null}
      </div>
      {safeguarding.length > 0 ? <TaskGroups title="Safeguarding first" empty="" tasks={safeguarding} names={data.names} today={data.today} role={role} onDone={onDone} /> : null}
      {/* Then overdue: what is already late comes before today's. */}
      <TaskGroups title="Overdue" empty="Nothing overdue." tasks={overdue} names={data.names} today={data.today} role={role} onDone={onDone} />
      <TaskGroups title="Due today" empty="Nothing else is due today." tasks={due} names={data.names} today={data.today} role={role} onDone={onDone} />
    </section>
  );
}
