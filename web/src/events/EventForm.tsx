import { useEffect, useMemo, useRef, useState } from "react";
import { type FieldErrors, type Resolver, useForm } from "react-hook-form";
import { MANUAL_EVENT_LABELS, type ManualEventType } from "../../../machines/policy/events.ts";
import { humanise } from "../chart/chartModel.ts";
import { stageName } from "../words.ts";
import { type ActionRow, type EventField, eventFields, type FormValues, optionWords, validateEvent } from "./eventFields.ts";
import "./eventForm.css";

export interface RuleHint {
  readonly id: string;
  readonly to: string | null;
  readonly when: string;
  readonly reason: string;
}

export interface EventFormProps {
  readonly type: ManualEventType;
  /** The school's rules for this event from the case's current state (availableEvents[].rules). */
  readonly rules?: readonly RuleHint[];
  /** Sends the validated payload; resolves to the server's problems, if it refused it. */
  readonly onSubmit: (payload: Record<string, unknown>, date: string | undefined) => Promise<readonly { field: string; message: string }[] | void> | void;
  readonly onCancel?: () => void;
  /** Values to offer for a text field, by field name (a datalist; anything else may still be typed): the case's parents and carers for `parent`. */
  readonly suggestions?: Readonly<Record<string, readonly string[]>>;
  /**
   * What the form opens with, by field (dates as yyyy-mm-dd): a meeting's review date offered from the policy's
   * target period (`reviewSchoolDays` says how many school days, for the hint). Server: caseView's eventDefaults.
   */
  readonly defaults?: Readonly<Record<string, string>>;
}

/** "formalise.sapTarget" → "Formalise support · SAP target": where a rule takes the case, in words. */
export function stateInWords(state: string): string {
  const [stage, ...rest] = state.split(".");
  return rest.length ? `${stageName(stage!)} · ${rest.map(humanise).join(" · ")}` : stageName(stage!);
}

/** yyyy-mm-dd → dd/mm/yyyy, as the date fields are typed. */
export function britishDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const DATE = "eventDate";

/** "an event cannot be recorded in the future" → "An event cannot be recorded in the future." */
export function sentence(text: string): string {
  const t = text.trim();
  return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? "" : ".");
}

/**
 * Dates are typed the British way, day/month/year ("29/08/2025", "29/8/2025"; "2025-08-29" is also understood),
 * in a text field: a browser's own date field shows mm/dd/yyyy when its language is American, whatever the page
 * says. Returns yyyy-mm-dd, or what was typed when it is not a real date, for the validator to refuse in words.
 */
export function isoFromBritish(text: unknown): string {
  const t = String(text ?? "").trim();
  const uk = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(t);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, "0")}-${uk[1]!.padStart(2, "0")}` : /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : null;
  if (!iso) return t;
  const d = new Date(`${iso}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : t;
}

const DATE_HINT = "Day/month/year, for example 29/08/2025";

function DateInput(props: Record<string, unknown>) {
  return <input type="text" autoComplete="off" spellCheck={false} placeholder="dd/mm/yyyy" size={12} {...props} />;
}

/**
 * The actions agreed at a meeting: a row each (what, who, by when), added and removed with buttons. The rows are
 * kept in the form as JSON with each due date as yyyy-mm-dd once it is a real date.
 */
function ActionsInput({ field, id, setValue, invalid }: { field: EventField; id: string; setValue: (json: string) => void; invalid: boolean }) {
  const [rows, setRows] = useState<ActionRow[]>([]);
  const addRef = useRef<HTMLButtonElement>(null);
  const update = (next: ActionRow[]) => {
    setRows(next);
    setValue(JSON.stringify(next.map((r) => ({ ...r, dueDate: isoFromBritish(r.dueDate) }))));
  };
  const change = (i: number, key: keyof ActionRow, value: string) => update(rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  return (
    <fieldset className="actions-input" aria-describedby={invalid ? `${id}-error` : `${id}-hint`}>
      <legend>
        {field.label} <span className="muted">(optional)</span>
      </legend>
      {rows.length === 0 ? <p className="muted small">No actions yet.</p> : null}
      {rows.map((r, i) => (
        <fieldset className="action-row" key={i}>
          <legend>Action {i + 1}</legend>
          <label htmlFor={`${id}-${i}-action`}>What was agreed</label>
          <input id={`${id}-${i}-action`} type="text" value={r.action} onChange={(e) => change(i, "action", e.target.value)} />
          <label htmlFor={`${id}-${i}-owner`}>Who will do it</label>
          <input id={`${id}-${i}-owner`} type="text" value={r.owner} onChange={(e) => change(i, "owner", e.target.value)} />
          <label htmlFor={`${id}-${i}-due`}>By when</label>
          <DateInput id={`${id}-${i}-due`} value={r.dueDate} onChange={(e: { target: { value: string } }) => change(i, "dueDate", e.target.value)} aria-describedby={`${id}-due-hint`} />
          <button
            type="button"
            onClick={() => {
              update(rows.filter((_, j) => j !== i));
              addRef.current?.focus();
            }}
          >
            Remove action {i + 1}
          </button>
        </fieldset>
      ))}
      <span className="hint" id={`${id}-due-hint`} hidden>
        {DATE_HINT}
      </span>
      <button
        ref={addRef}
        type="button"
        onClick={() => {
          update([...rows, { action: "", owner: "", dueDate: "" }]);
          // The new row's first field takes the cursor.
          setTimeout(() => document.getElementById(`${id}-${rows.length}-action`)?.focus(), 0);
        }}
      >
        Add an action
      </button>
    </fieldset>
  );
}

function FieldInput({ field, id, register, invalid, suggestions }: { field: EventField; id: string; register: ReturnType<typeof useForm<FormValues>>["register"]; invalid: boolean; suggestions?: readonly string[] }) {
  const common = {
    id,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${id}-error` : field.hint || field.kind === "date" ? `${id}-hint` : undefined,
    ...register(field.name, field.kind === "date" ? { setValueAs: isoFromBritish } : {}),
  };
  switch (field.kind) {
    case "list":
    case "longText":
      return <textarea rows={field.kind === "list" ? 3 : 2} {...common} />;
    case "number":
      return <input type="number" inputMode="decimal" step="any" {...common} />;
    case "date":
      return <DateInput {...common} />;
    case "choice":
      return (
        <select {...common}>
          {field.required ? <option value="">Choose…</option> : null}
          {field.options!.map((o) => (
            <option key={o} value={o}>
              {optionWords(o)}
            </option>
          ))}
        </select>
      );
    default:
      return suggestions?.length ? (
        <>
          <input type="text" list={`${id}-offered`} autoComplete="off" {...common} />
          <datalist id={`${id}-offered`}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </>
      ) : (
        <input type="text" {...common} />
      );
  }
}

/**
 * The form for one event on a case, validated in the browser with the server's own zod schema before it is
 * sent. Errors are shown beside each field in plain words; the server's refusals come back the same way.
 */
export function EventForm({ type, rules = [], onSubmit, onCancel, defaults: offered, suggestions }: EventFormProps) {
  const fields = useMemo(() => eventFields(type), [type]);
  const defaults = useMemo(
    () =>
      Object.fromEntries([
        ...fields.map((f) => {
          const given = offered?.[f.name];
          return [f.name, given === undefined ? f.initial : f.kind === "date" ? britishDate(given) : given];
        }),
        [DATE, ""],
      ]) as FormValues,
    [fields, offered],
  );
  const resolver = useMemo<Resolver<FormValues>>(
    () => async (values) => {
      const result = validateEvent(type, fields, values);
      const errors: FieldErrors<FormValues> = {};
      if (!result.ok) for (const [name, message] of Object.entries(result.errors)) errors[name] = { type: "validate", message };
      const date = (values[DATE] ?? "").trim();
      if (date !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(date)) errors[DATE] = { type: "validate", message: "Enter a real date as day/month/year, for example 29/08/2025." };
      return Object.keys(errors).length > 0 ? { values: {}, errors } : { values, errors: {} };
    },
    [type, fields],
  );
  const { register, handleSubmit, formState, setError, setValue } = useForm<FormValues>({ defaultValues: defaults, resolver });
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // The form opens with the cursor in its first field.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>("input, textarea, select")?.focus();
  }, []);

  const submit = handleSubmit(async (values) => {
    setFormProblem(null);
    const result = validateEvent(type, fields, values);
    if (!result.ok) return;
    const date = (values[DATE] ?? "").trim() || undefined;
    const problems = await onSubmit(result.payload, date);
    if (!problems || problems.length === 0) return;
    const unplaced: string[] = [];
    for (const p of problems) {
      const path = p.field.replace(/^payload\./, "").split(".");
      const name = p.field === "date" ? DATE : path[0]!;
      const message = sentence(path.length > 1 && /^\d+$/.test(path[1]!) ? `${humanise(name).replace(/s$/, "")} ${Number(path[1]) + 1}: ${p.message}` : p.message);
      if (name === DATE || fields.some((f) => f.name === name)) setError(name, { type: "server", message });
      else unplaced.push(message);
    }
    if (unplaced.length > 0) setFormProblem(unplaced.join(" "));
  });

  const errors = formState.errors;
  const idOf = (name: string) => `event-${type}-${name}`;
  return (
    <form ref={formRef} className="event-form" onSubmit={submit} noValidate aria-label={MANUAL_EVENT_LABELS[type]}>
      <h3>{MANUAL_EVENT_LABELS[type]}</h3>
      {rules.filter((r) => r.to).length > 0 ? (
        <ul className="rule-hints">
          {rules
            .filter((r) => r.to)
            .map((r) => (
              <li key={r.id}>
                {sentence(`${r.reason}: the case moves to ${stateInWords(r.to!)}${r.when !== "always" ? `, when ${r.when}` : ""}`)}{" "}
                <details className="rule-details">
                  <summary>Rule details</summary>
                  Rule <code>{r.id}</code> moves the case to <code>{r.to}</code>.
                </details>
              </li>
            ))}
        </ul>
      ) : null}
      {fields.map((f) => {
        const id = idOf(f.name);
        const error = errors[f.name]?.message;
        if (f.kind === "actions") {
          return (
            <div className={`field${error ? " has-error" : ""}`} key={f.name}>
              <input type="hidden" {...register(f.name)} />
              <ActionsInput field={f} id={id} invalid={Boolean(error)} setValue={(json) => setValue(f.name, json, { shouldDirty: true })} />
              {error ? (
                <span className="error" id={`${id}-error`} role="alert">
                  {error}
                </span>
              ) : (
                <span className="hint" id={`${id}-hint`}>
                  {f.hint}
                </span>
              )}
            </div>
          );
        }
        const hint = f.name === "reviewDate" && offered?.reviewSchoolDays ? `Offered from the policy: ${offered.reviewSchoolDays} school days on, a school day in the term dates. ${DATE_HINT}.` : f.hint;
        return (
          <div className={`field${error ? " has-error" : ""}`} key={f.name}>
            <label htmlFor={id}>
              {f.label}
              {f.required ? "" : <span className="muted"> (optional)</span>}
            </label>
            <FieldInput field={f} id={id} register={register} invalid={Boolean(error)} suggestions={suggestions?.[f.name]} />
            {(hint || f.kind === "date") && !error ? (
              <span className="hint" id={`${id}-hint`}>
                {hint ?? DATE_HINT}
              </span>
            ) : null}
            {error ? (
              <span className="error" id={`${id}-error`} role="alert">
                {error}
              </span>
            ) : null}
          </div>
        );
      })}
      <div className={`field${errors[DATE] ? " has-error" : ""}`}>
        <label htmlFor={idOf(DATE)}>
          Date it happened <span className="muted">(leave empty for today)</span>
        </label>
        <DateInput
          id={idOf(DATE)}
          {...register(DATE, { setValueAs: isoFromBritish })}
          aria-invalid={errors[DATE] ? true : undefined}
          aria-describedby={errors[DATE] ? `${idOf(DATE)}-error` : `${idOf(DATE)}-hint`}
        />
        {errors[DATE] ? (
          <span className="error" id={`${idOf(DATE)}-error`} role="alert">
            {errors[DATE]?.message}
          </span>
        ) : (
          <span className="hint" id={`${idOf(DATE)}-hint`}>
            {DATE_HINT}
          </span>
        )}
      </div>
      {formProblem ? (
        <p className="problem" role="alert">
          {formProblem}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? "Saving…" : "Save"}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
