import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { api, ApiError, type ParentCarer, type ParentCarerInput, type ParentsCarers } from "../api/client.ts";
import { useLoad } from "../useLoad.ts";
import { formatDate } from "../words.ts";
import "./parentsCarers.css";

/** Who reads a pupil's parents and carers and who changes them: as server/auth/roles.ts (what each role is shown: server/parents/index.ts). */
export const SEES_PARENTS_CARERS = ["attendance-lead", "attendance-officer", "teacher", "auditor"];
export const EDITS_PARENTS_CARERS = ["attendance-lead", "attendance-officer"];

/** The form's values: every field a string or a tick box, as the inputs hold them. */
interface FormValues {
  name: string;
  relationship: string;
  parentalResponsibility: boolean;
  livesWithPupil: boolean;
  address1: string;
  address2: string;
  address3: string;
  postcode: string;
  phone: string;
  email: string;
  priority: string;
  correspondence: boolean;
  liableForNotices: "" | "yes" | "no";
}

const FIELD_OF: Record<string, keyof FormValues> = {
  name: "name",
  relationship: "relationship",
  parentalResponsibility: "parentalResponsibility",
  livesWithPupil: "livesWithPupil",
  addressLines: "address1",
  "addressLines.0": "address1",
  "addressLines.1": "address2",
  "addressLines.2": "address3",
  postcode: "postcode",
  phone: "phone",
  email: "email",
  priority: "priority",
  correspondence: "correspondence",
  liableForNotices: "liableForNotices",
};

function valuesOf(p: ParentCarer | null, next: number): FormValues {
  return {
    name: p?.name ?? "",
    relationship: p?.relationship ?? "",
    parentalResponsibility: p?.parentalResponsibility ?? true,
    livesWithPupil: p?.livesWithPupil ?? true,
    address1: p?.addressLines?.[0] ?? "",
    address2: p?.addressLines?.[1] ?? "",
    address3: p?.addressLines?.[2] ?? "",
    postcode: p?.postcode ?? "",
    phone: p?.phone ?? "",
    email: p?.email ?? "",
    priority: String(p?.priority ?? next),
    correspondence: p?.correspondence ?? true,
    liableForNotices: p?.liableForNotices === true ? "yes" : p?.liableForNotices === false ? "no" : "",
  };
}

function inputOf(v: FormValues): ParentCarerInput {
  return {
    name: v.name,
    relationship: v.relationship,
    parentalResponsibility: v.parentalResponsibility,
    livesWithPupil: v.livesWithPupil,
    addressLines: [v.address1, v.address2, v.address3].map((l) => l.trim()).filter(Boolean),
    postcode: v.postcode.trim() || null,
    phone: v.phone.trim() || null,
    email: v.email.trim() || null,
    priority: Number(v.priority),
    correspondence: v.correspondence,
    liableForNotices: v.liableForNotices === "" ? null : v.liableForNotices === "yes",
  };
}

const yesNo = (v: boolean | null | undefined) => (v === true ? "yes" : v === false ? "no" : "not said");

function ParentForm({ upn, editing, next, onSaved, onCancel }: { upn: string; editing: ParentCarer | null; next: number; onSaved: (list: ParentsCarers, text: string) => void; onCancel: () => void }) {
  const { register, handleSubmit, setError, formState } = useForm<FormValues>({ defaultValues: valuesOf(editing, next) });
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement | null>(null);
  useEffect(() => first.current?.focus(), []);
  const id = (f: string) => `parent-${editing?.id ?? "new"}-${f}`;
  const errors = formState.errors;
  const err = (f: keyof FormValues) =>
    errors[f] ? (
      <span id={`${id(f)}-error`} className="field-error">
        {errors[f]!.message}
      </span>
    ) : null;
  const described = (f: keyof FormValues) => ({ "aria-invalid": errors[f] ? true : undefined, "aria-describedby": errors[f] ? `${id(f)}-error` : undefined });

  const submit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      const input = inputOf(values);
      const list = editing ? await api.changeParentCarer(upn, editing.id, editing.version, input) : await api.addParentCarer(upn, input);
      onSaved(list, editing ? `Saved the changes to ${input.name}.` : `Added ${input.name}.`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.problems.length > 0) {
        for (const p of e.problems) {
          const field = FIELD_OF[p.field] ?? FIELD_OF[p.field.split(".")[0]!];
          if (field) setError(field, { type: "server", message: p.message });
        }
        setProblem("Some details need correcting: see the fields marked below.");
      } else setProblem(e instanceof ApiError ? (e.status === 409 ? "Someone else changed this person since the page loaded. Cancel, and try again on the reloaded details." : e.message) : "Could not save. Try again.");
    }
  });
  const name = register("name", { required: "Give their name." });

  return (
    <form className="parent-form" onSubmit={submit} aria-label={editing ? `Change ${editing.name}` : "Add a parent or carer"} noValidate>
      {problem ? (
        <p className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="parent-fields">
        <label htmlFor={id("name")}>
          Name
          <input
            id={id("name")}
            type="text"
            autoComplete="off"
            {...name}
            ref={(el) => {
              name.ref(el);
              first.current = el;
            }}
            {...described("name")}
          />
          {err("name")}
        </label>
        <label htmlFor={id("relationship")}>
          Relationship to the pupil
          <input id={id("relationship")} type="text" list="parent-relationships" autoComplete="off" {...register("relationship", { required: "Say how they are related to the pupil." })} {...described("relationship")} />
          {err("relationship")}
        </label>
        <label htmlFor={id("phone")}>
          Phone
          <input id={id("phone")} type="tel" autoComplete="off" {...register("phone")} {...described("phone")} />
          {err("phone")}
        </label>
        <label htmlFor={id("email")}>
          Email
          <input id={id("email")} type="email" autoComplete="off" {...register("email")} {...described("email")} />
          {err("email")}
        </label>
        <label htmlFor={id("address1")}>
          Address
          <input id={id("address1")} type="text" autoComplete="off" {...register("address1")} {...described("address1")} />
          {err("address1")}
        </label>
        <label htmlFor={id("address2")}>
          Address, line 2
          <input id={id("address2")} type="text" autoComplete="off" {...register("address2")} {...described("address2")} />
        </label>
        <label htmlFor={id("address3")}>
          Address, line 3
          <input id={id("address3")} type="text" autoComplete="off" {...register("address3")} {...described("address3")} />
        </label>
        <label htmlFor={id("postcode")}>
          Postcode
          <input id={id("postcode")} type="text" autoComplete="off" size={9} {...register("postcode")} {...described("postcode")} />
          {err("postcode")}
        </label>
        <label htmlFor={id("priority")}>
          Contact order (1 first)
          <input id={id("priority")} type="number" min={1} max={9} inputMode="numeric" {...register("priority")} {...described("priority")} />
          {err("priority")}
        </label>
        <label htmlFor={id("liableForNotices")}>
          Liable for notices
          <select id={id("liableForNotices")} {...register("liableForNotices")} {...described("liableForNotices")}>
            <option value="">Not said</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
          {err("liableForNotices")}
        </label>
      </div>
      <fieldset className="parent-flags">
        <legend>About them</legend>
        <label>
          <input type="checkbox" {...register("parentalResponsibility")} /> Has parental responsibility
        </label>
        <label>
          <input type="checkbox" {...register("livesWithPupil")} /> Lives with the pupil
        </label>
        <label>
          <input type="checkbox" {...register("correspondence")} /> Letters go to them
        </label>
      </fieldset>
      <datalist id="parent-relationships">
        {["Mother", "Father", "Step-parent", "Grandparent", "Foster carer", "Carer", "Aunt", "Uncle", "Sibling", "Other"].map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <div className="parent-actions">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? "Saving…" : editing ? "Save changes" : "Add"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RemoveForm({ upn, parent, onSaved, onCancel }: { upn: string; parent: ParentCarer; onSaved: (list: ParentsCarers, text: string) => void; onCancel: () => void }) {
  const { register, handleSubmit, formState } = useForm<{ reason: string }>({ defaultValues: { reason: "" } });
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = `parent-${parent.id}-reason`;
  return (
    <form
      className="parent-form"
      aria-label={`Remove ${parent.name}`}
      noValidate
      onSubmit={handleSubmit(async ({ reason }) => {
        setProblem(null);
        try {
          onSaved(await api.removeParentCarer(upn, parent.id, parent.version, reason), `Removed ${parent.name}; the change is kept in the history.`);
        } catch (e) {
          setProblem(e instanceof ApiError ? e.message : "Could not remove. Try again.");
        }
      })}
    >
      <label htmlFor={inputId}>
        Why remove {parent.name}?
        <input id={inputId} type="text" autoFocus {...register("reason", { required: "Say why they are removed.", validate: (v) => v.trim() !== "" || "Say why they are removed." })} aria-invalid={formState.errors.reason ? true : undefined} aria-describedby={formState.errors.reason ? `${inputId}-error` : undefined} />
        {formState.errors.reason ? (
          <span id={`${inputId}-error`} className="field-error">
            {formState.errors.reason.message}
          </span>
        ) : null}
      </label>
      {problem ? (
        <p className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="parent-actions">
        <button type="submit" disabled={formState.isSubmitting}>
          Remove
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function describeChange(h: ParentCarer, earlier: ParentCarer | undefined): string {
  if (h.removed) return `Removed${h.reason ? `: ${h.reason}` : ""}`;
  if (!earlier) return "Added";
  const changed: string[] = [];
  const words: [keyof ParentCarer, string][] = [
    ["name", "name"],
    ["relationship", "relationship"],
    ["parentalResponsibility", "parental responsibility"],
    ["livesWithPupil", "lives with the pupil"],
    ["addressLines", "address"],
    ["postcode", "postcode"],
    ["phone", "phone"],
    ["email", "email"],
    ["priority", "contact order"],
    ["correspondence", "letters"],
    ["liableForNotices", "liable for notices"],
  ];
  for (const [k, w] of words) if (JSON.stringify(h[k]) !== JSON.stringify(earlier[k])) changed.push(w);
  return changed.length ? `Changed ${changed.join(", ")}` : "Changed";
}

/**
 * A pupil's parents and carers on the case page: who they are, who has parental responsibility, who letters go
 * to and who is liable for notices, how to reach them; the lead and officers add, change and remove them, every
 * change kept. A teacher sees who to phone; an auditor who they are, without contact details.
 */
export function ParentsCarersPanel({ upn, role }: { upn: string; role: string }) {
  const load = useLoad((signal) => api.parentsCarers(upn, signal), ["case", upn, "parentsCarers"]);
  const [editing, setEditing] = useState<ParentCarer | "new" | null>(null);
  const [removing, setRemoving] = useState<ParentCarer | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);
  if (!SEES_PARENTS_CARERS.includes(role)) return null;
  const mayEdit = EDITS_PARENTS_CARERS.includes(role);
  const data = load.data;

  const saved = (list: ParentsCarers, text: string) => {
    load.set(list);
    setEditing(null);
    setRemoving(null);
    setMessage(text);
  };
  const cancel = () => {
    setEditing(null);
    setRemoving(null);
    addButton.current?.focus();
  };

  return (
    <section className="panel parents-carers" aria-labelledby="parents-carers-heading">
      <h2 id="parents-carers-heading">Parents and carers</h2>
      {message ? (
        <p ref={messageRef} tabIndex={-1} className="ok" role="status">
          {message}
        </p>
      ) : null}
      {load.error ? (
        <p className="problem">{load.error}</p>
      ) : !data ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          {data.view === "phone" ? <p className="muted small">Shown to teachers: names, how they are related and their phone numbers.</p> : null}
          {data.view === "names" ? <p className="muted small">Shown to auditors: who they are and who is responsible, without addresses, phone numbers or email.</p> : null}
          {data.parents.length === 0 ? <p className="muted">No parents or carers are held for this pupil. Import the parents file, or add them here.</p> : null}
          <ul className="parents-list">
            {data.parents.map((p) => (
              <li key={p.id} className="parent" data-parent={p.id}>
                {editing !== "new" && editing?.id === p.id ? (
                  <ParentForm upn={upn} editing={p} next={p.priority} onSaved={saved} onCancel={cancel} />
                ) : (
                  <>
                    <h3>
                      {p.name} <span className="muted">({p.relationship})</span>
                    </h3>
                    <ul className="parent-tags" aria-label="About them">
                      <li>Contact {p.priority}</li>
                      {p.parentalResponsibility !== undefined ? <li>{p.parentalResponsibility ? "Parental responsibility" : "No parental responsibility"}</li> : null}
                      {p.livesWithPupil ? <li>Lives with the pupil</li> : null}
                      {p.correspondence ? <li>Letters go to them</li> : null}
                      {p.liableForNotices !== undefined ? <li>Liable for notices: {yesNo(p.liableForNotices)}</li> : null}
                    </ul>
                    {p.phone ? (
                      <p>
                        Phone: <a href={`tel:${p.phone.replace(/\s/g, "")}`}>{p.phone}</a>
                      </p>
                    ) : null}
                    {p.email ? <p>Email: {p.email}</p> : null}
                    {p.addressLines !== undefined ? <p className="parent-address">{[...p.addressLines, p.postcode ?? ""].filter(Boolean).join("\n") || "No address held."}</p> : null}
                    {mayEdit ? (
                      removing?.id === p.id ? (
                        <RemoveForm upn={upn} parent={p} onSaved={saved} onCancel={cancel} />
                      ) : (
                        <div className="parent-actions">
                          <button type="button" onClick={() => (setMessage(null), setRemoving(null), setEditing(p))} aria-label={`Change ${p.name}`}>
                            Change
                          </button>
                          <button type="button" onClick={() => (setMessage(null), setEditing(null), setRemoving(p))} aria-label={`Remove ${p.name}`}>
                            Remove
                          </button>
                        </div>
                      )
                    ) : null}
                  </>
                )}
              </li>
            ))}
          </ul>
          {mayEdit ? (
            editing === "new" ? (
              <ParentForm upn={upn} editing={null} next={data.parents.length + 1} onSaved={saved} onCancel={cancel} />
            ) : (
              <button type="button" ref={addButton} onClick={() => (setMessage(null), setRemoving(null), setEditing("new"))}>
                Add a parent or carer
              </button>
            )
          ) : null}
          {data.history && data.history.length > 0 ? (
            <details className="parents-history">
              <summary>Changes ({data.history.length})</summary>
              <ol>
                {data.history.map((h, i) => {
                  const earlier = data.history!.slice(0, i).filter((e) => e.id === h.id).at(-1);
                  return (
                    <li key={`${h.id}-${h.version}`}>
                      {formatDate(h.changedAt.slice(0, 10))}: <strong>{h.name}</strong>: {describeChange(h, earlier)}
                      <span className="muted small">
                        {" "}
                        ({h.source === "by hand" ? `by ${h.changedBy}` : `${h.source}, by ${h.changedBy}`})
                      </span>
                    </li>
                  );
                })}
              </ol>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

/**
 * The names of a case's parents and carers, for the event forms' "Parent" field (who a notice to improve or a
 * penalty notice is for): those held liable for notices with parental responsibility first. Empty until loaded,
 * or when the role may not read them.
 */
export function useParentNames(upn: string): readonly string[] {
  const load = useLoad((signal) => api.parentsCarers(upn, signal), ["case", upn, "parentsCarers"]);
  const parents = load.data?.parents ?? [];
  const rank = (p: ParentCarer) => (p.liableForNotices && p.parentalResponsibility ? 0 : p.parentalResponsibility === false ? 2 : 1);
  return [...parents].sort((a, b) => rank(a) - rank(b) || a.priority - b.priority).map((p) => p.name);
}
