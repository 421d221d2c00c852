import { type FormEvent, type ReactNode, useMemo, useState } from "react";
import { api, ApiError, type Task, type TaskCompletion } from "../api/client.ts";
import { canComplete, canReadLetters } from "../roles.ts";
import { TaskItem, type TaskAssigning } from "../tasks/TaskItem.tsx";
import { bySection, defaultWhose, KIND_ORDER, SECTION_WORDS, shownFor, type WhoseFilter } from "../tasks/urgency.ts";
import { useLoad } from "../useLoad.ts";
import { RecognitionLettersLine, useRecognitionLetterIds } from "../letters/RecognitionLetters.tsx";
import { formatDate, TASK_KIND_WORDS } from "../words.ts";

const SHOWN_PER_KIND = 8;

/** Tasks under one heading, by kind, most urgent kind first; long groups show their first few until asked. */
function TaskGroups(props: {
  title: string;
  empty: string;
  tasks: Task[];
  names: Map<string, string>;
  today: string;
  role: string;
  assign?: TaskAssigning;
  onDone: (t: Task, outcome: string, result?: TaskCompletion) => void;
  /** Shown under the heading, before the tasks (the recognition letters' one line). */
  lead?: ReactNode;
}) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const kinds = KIND_ORDER.filter((k) => props.tasks.some((t) => t.kind === k));
  const other = props.tasks.filter((t) => !KIND_ORDER.includes(t.kind));
  const groups = [...kinds.map((k) => [k, props.tasks.filter((t) => t.kind === k)] as const), ...(other.length ? [["other", other] as const] : [])];
  return (
    <>
      <h2>
        {props.title} <span className="muted">({props.tasks.length})</span>
      </h2>
      {props.lead}
      {groups.length === 0 && !props.lead ? <p className="muted">{props.empty}</p> : null}
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
                <TaskItem
                  key={t.id}
                  task={t}
                  pupil={props.names.get(t.upn)}
                  today={props.today}
                  canAct={canComplete(props.role, t.kind)}
                  letterLink={canReadLetters(props.role)}
                  onDone={props.onDone}
                  {...(props.assign ? { assign: props.assign } : {})}
                />
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

const WHOSE_WORDS: Record<string, string> = {
  "mine+unassigned": "Mine and unassigned",
  mine: "Mine",
  unassigned: "Unassigned",
  everyone: "Everyone's",
};

/**
 * The tasks due today and overdue by urgency (web/src/tasks/urgency.ts): safeguarding and statutory first, then
 * overdue casework, then today's casework, then letters; whose tasks (mine, unassigned, a named officer,
 * everyone's); each completed, taken or assigned from the list.
 */
export function TodayPage({ role }: { role: string }) {
  const casework = role === "attendance-lead" || role === "attendance-officer";
  const load = useLoad(async () => {
    const [today, overdue, cases, people] = await Promise.all([
      api.tasks("today"),
      api.tasks("overdue"),
      api.allCases().catch(() => null),
      casework ? api.assignees().catch(() => null) : Promise.resolve(null),
    ]);
    const names = new Map((cases?.rows ?? []).map((r) => [r.upn, `${r.forename} ${r.surname}`]));
    return { today: today.today, due: today.tasks.filter((t) => t.status === "open"), overdue: overdue.tasks, names, people };
  }, ["today"]);
  // Recognition and praise letters: one line that opens the bulk letters view, not one task each (web/src/letters/).
  const recognition = useRecognitionLetterIds(canReadLetters(role));
  const [kind, setKind] = useState<string>("");
  const [whose, setWhose] = useState<WhoseFilter>(defaultWhose(role));
  // Assignments made on this page, over what was loaded (no reload of the whole list for one change).
  const [assigned, setAssigned] = useState<Map<number, string | null>>(new Map());
  const [done, setDone] = useState<{ id: number; text: string }[]>([]);
  const [undo, setUndo] = useState<{ reason: string; busy: boolean; error: string | null } | null>(null);

  const doneIds = useMemo(() => new Set(done.map((d) => d.id)), [done]);
  const me = load.data?.people?.me ?? "";
  const withAssigned = (t: Task): Task => (assigned.has(t.id) ? { ...t, assignee: assigned.get(t.id) ?? null } : t);
  const all = useMemo(
    () =>
      [...(load.data?.overdue ?? []), ...(load.data?.due ?? [])]
        .filter((t) => !doneIds.has(t.id))
        .map(withAssigned)
        .filter((t) => !casework || shownFor(t, whose, me)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [load.data, doneIds, assigned, whose, me],
  );
  const counts = useMemo(() => {
    const out: Record<string, number> = {};
    for (const t of all) out[t.kind] = (out[t.kind] ?? 0) + 1;
    return out;
  }, [all]);

  if (load.loading && !load.data) return <p className="loading">Loading today's tasks…</p>;
  if (load.error) return <p className="problem" role="alert">{load.error}</p>;
  const data = load.data!;
  const sections = bySection(
    all.filter((t) => !kind || t.kind === kind),
    data.today,
  );
  const overdueCount = all.filter((t) => t.dueOn !== null && t.dueOn < data.today).length;
  const assign: TaskAssigning | undefined = data.people
    ? {
        me,
        people: data.people.people.map((p) => p.username),
        lead: role === "attendance-lead",
        canAssign: casework,
        onAssigned: (task, to) => setAssigned((m) => new Map(m).set(task.id, to)),
      }
    : undefined;
  // A teacher sends no letters: no empty "Letters to send" for them.
  const groups = (section: keyof typeof sections, lead?: ReactNode) =>
    section === "letters" && !casework && sections.letters.length === 0 ? null : (
    <TaskGroups
      title={SECTION_WORDS[section].title}
      empty={SECTION_WORDS[section].empty}
      tasks={section === "letters" ? sections.letters.filter((t) => !recognition.has(t.id)) : sections[section]}
      names={data.names}
      today={data.today}
      role={role}
      onDone={onDone}
      lead={lead}
      {...(assign ? { assign } : {})}
    />
  );
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
          {formatDate(data.today)} · {all.length} to do{overdueCount > 0 ? `, ${overdueCount} overdue` : ""}
          {casework ? ` · ${WHOSE_WORDS[whose] ?? `${whose.slice("person:".length)}'s`}` : ""}
        </p>
        <button type="button" onClick={() => void load.reload()} disabled={load.loading}>
          {load.loading ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      {casework && data.people ? (
        <p className="whose-filter">
          <label>
            Whose tasks{" "}
            <select value={whose} onChange={(e) => setWhose(e.target.value as WhoseFilter)}>
              <option value="mine+unassigned">Mine and unassigned</option>
              <option value="mine">Mine</option>
              <option value="unassigned">Unassigned</option>
              <option value="everyone">Everyone's</option>
              {data.people.people
                .filter((p) => p.username !== me)
                .map((p) => (
                  <option key={p.username} value={`person:${p.username}`}>
                    {p.username}'s
                  </option>
                ))}
            </select>
          </label>
        </p>
      ) : null}
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
      {/* Safeguarding and statutory first, whatever their date; then overdue casework; then today's; letters last. */}
      {sections.safeguarding.length > 0 ? groups("safeguarding") : null}
      {groups("overdue")}
      {groups("due")}
      {/* Letters to send (the post after the casework). */}
      {groups("letters", sections.letters.some((t) => recognition.has(t.id)) ? <RecognitionLettersLine tasks={sections.letters} recognition={recognition} /> : null)}
    </section>
  );
}
