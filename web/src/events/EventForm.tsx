import { useEffect, useMemo, useRef, useState } from "react";
import { type FieldErrors, type Resolver, useForm } from "react-hook-form";
import { MANUAL_EVENT_LABELS, type ManualEventType } from "../../../machines/policy/events.ts";
import { type EventField, eventFields, type FormValues, optionWords, validateEvent } from "./eventFields.ts";

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

function FieldInput({ field, id, register, invalid }: { field: EventField; id: string; register: ReturnType<typeof useForm<FormValues>>["register"]; invalid: boolean }) {
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
      return <input type="text" {...common} />;
  }
}

/**
 * The form for one event on a case, validated in the browser with the server's own zod schema before it is
 * sent. Errors are shown beside each field in plain words; the server's refusals come back the same way.
 */
export function EventForm({ type, rules = [], onSubmit, onCancel }: EventFormProps) {
  const fields = useMemo(() => eventFields(type), [type]);
  const defaults = useMemo(() => Object.fromEntries([...fields.map((f) => [f.name, f.initial]), [DATE, ""]]) as FormValues, [fields]);
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
  const { register, handleSubmit, formState, setError } = useForm<FormValues>({ defaultValues: defaults, resolver });
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
      const name = p.field === "date" ? DATE : p.field.replace(/^payload\./, "").split(".")[0]!;
      const message = sentence(p.message);
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
                Moves the case to <code>{r.to}</code>
                {r.when !== "always" ? ` when ${r.when}` : ""}: {r.reason}
              </li>
            ))}
        </ul>
      ) : null}
      {fields.map((f) => {
        const id = idOf(f.name);
        const error = errors[f.name]?.message;
        return (
          <div className={`field${error ? " has-error" : ""}`} key={f.name}>
            <label htmlFor={id}>
              {f.label}
              {f.required ? "" : <span className="muted"> (optional)</span>}
            </label>
            <FieldInput field={f} id={id} register={register} invalid={Boolean(error)} />
            {(f.hint || f.kind === "date") && !error ? (
              <span className="hint" id={`${id}-hint`}>
                {f.hint ?? DATE_HINT}
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
