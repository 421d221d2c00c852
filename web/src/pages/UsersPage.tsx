import { type FormEvent, useState } from "react";
import { api, ApiError, type ApiToken, type Me, type NewApiToken, type Problem, type User } from "../api/client.ts";
import { ROLE_WORDS } from "../roles.ts";
import { useLoad } from "../useLoad.ts";
import { formatDate } from "../words.ts";

const ROLE_HELP: Record<string, string> = {
  "attendance-lead": "all casework, including penalty notices and closing cases",
  "attendance-officer": "day-to-day casework, imports, letters",
  teacher: "only their classes or year groups: read cases, notes, first-day calls",
  auditor: "reads everything a lead can, changes nothing",
  governor: "aggregate figures only, no names",
  admin: "users, policies, the audit check; no pupil records",
};
const ROLE_ORDER = ["attendance-lead", "attendance-officer", "teacher", "auditor", "governor", "admin"];
const USERNAME = /^[a-zA-Z0-9._-]{2,60}$/;
const MIN_PASSWORD = 12;

type Errors = Partial<Record<"username" | "password" | "role" | "scope" | "form", string>>;

/** "this password is too easy to guess: …" → "This password is too easy to guess: …." */
function sentence(text: string): string {
  const t = text.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? "" : "."}`;
}

/** The server's problems, by field, in the words of this form (why a password is refused in the server's words). */
export function plainProblems(problems: readonly Problem[], message: string): Errors {
  const out: Errors = {};
  for (const p of problems) {
    const field = p.field.split(".")[0] as keyof Errors;
    const text = /is taken/.test(p.message)
      ? "That username is already taken. Choose another."
      : field === "password"
        ? /characters/.test(p.message)
          ? `The password must be at least ${MIN_PASSWORD} characters.`
          : sentence(p.message)
        : field === "username"
          ? "Use 2 to 60 letters, digits, dots, dashes or underscores, with no spaces."
          : field === "role"
            ? "Choose a role."
            : field === "scope"
              ? "Write each class or year group (up to 20 characters), separated by commas."
              : p.message;
    if (field === "username" || field === "password" || field === "role" || field === "scope") out[field] ??= text;
    else out.form ??= text;
  }
  if (Object.keys(out).length === 0) out.form = message;
  return out;
}

/** The checks the server makes, before sending, so the form says what is wrong at once. */
export function checkNewUser(form: { username: string; password: string; role: string; scope: string }): Errors {
  const errors: Errors = {};
  if (!USERNAME.test(form.username.trim())) errors.username = "Use 2 to 60 letters, digits, dots, dashes or underscores, with no spaces.";
  if (form.password.length < MIN_PASSWORD) errors.password = `The password must be at least ${MIN_PASSWORD} characters (it has ${form.password.length}).`;
  if (!form.role) errors.role = "Choose a role.";
  if (form.role === "teacher" && splitScope(form.scope).length === 0) errors.scope = "A teacher sees only their classes: write at least one class or year group, such as 4A or Y3.";
  return errors;
}

function splitScope(scope: string): string[] {
  return scope
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function CreateUser({ onCreated }: { onCreated: (user: User) => void }) {
  const [form, setForm] = useState({ username: "", password: "", role: "", scope: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkNewUser(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const user = await api.createUser({ username: form.username.trim(), password: form.password, role: form.role, ...(form.role === "teacher" ? { scope: splitScope(form.scope) } : {}) });
      setForm({ username: "", password: "", role: "", scope: "" });
      onCreated(user);
    } catch (err) {
      setErrors(err instanceof ApiError && err.status === 422 ? plainProblems(err.problems, err.message) : { form: err instanceof ApiError ? err.message : "Could not create the user. Try again." });
    } finally {
      setBusy(false);
    }
  };

  const described = (k: keyof Errors, hint?: string) => ({
    "aria-invalid": errors[k] ? true : undefined,
    "aria-describedby": [errors[k] ? `new-user-${k}-error` : null, hint ? `new-user-${k}-hint` : null].filter(Boolean).join(" ") || undefined,
  });
  const error = (k: keyof Errors) =>
    errors[k] ? (
      <span className="field-error" id={`new-user-${k}-error`}>
        {errors[k]}
      </span>
    ) : null;

  return (
    <form className="panel user-form" aria-label="Create a user" onSubmit={submit} noValidate>
      <h2>Create a user</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="new-user-username">Username</label>
          <input id="new-user-username" value={form.username} onChange={set("username")} autoComplete="off" {...described("username")} />
          {error("username")}
        </div>
        <div className="field">
          <label htmlFor="new-user-password">Password</label>
          <input id="new-user-password" type="password" value={form.password} onChange={set("password")} autoComplete="new-password" {...described("password", "hint")} />
          <span className="muted small" id="new-user-password-hint">
            At least {MIN_PASSWORD} characters and hard to guess: a few uncommon words, not the username or the school's name. Give it to
            them in person or by phone, not by email.
          </span>
          {error("password")}
        </div>
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" value={form.role} onChange={set("role")} {...described("role", "hint")}>
            <option value="">Choose…</option>
            {ROLE_ORDER.map((r) => (
              <option key={r} value={r}>
                {ROLE_WORDS[r] ?? r}
              </option>
            ))}
          </select>
          <span className="muted small" id="new-user-role-hint">
            {form.role ? ROLE_HELP[form.role] : "What they may do follows from the role."}
          </span>
          {error("role")}
        </div>
        {form.role === "teacher" ? (
          <div className="field">
            <label htmlFor="new-user-scope">Classes and year groups</label>
            <input id="new-user-scope" value={form.scope} onChange={set("scope")} placeholder="4A, Y3" {...described("scope", "hint")} />
            <span className="muted small" id="new-user-scope-hint">
              Separated by commas: a class (4A) or a year group (Y3).
            </span>
            {error("scope")}
          </div>
        ) : null}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Creating…" : "Create user"}
      </button>
      {errors.form ? (
        <p className="problem" role="alert">
          {errors.form}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 && !errors.form ? (
        <p className="problem" role="alert">
          The user was not created: {Object.values(errors).join(" ")}
        </p>
      ) : null}
    </form>
  );
}

const TOKEN_NAME = /^[a-zA-Z0-9._-]{2,60}$/;
const TOKEN_ROLE_HELP: Record<string, string> = {
  "attendance-lead": "a connector that posts term dates as well as pupils and marks",
  "attendance-officer": "a connector that posts pupils and marks",
  teacher: "has no classes, so sees no pupils",
  auditor: "reads cases and the audit trail, changes nothing",
  governor: "aggregate figures only",
  admin: "policies and the audit check; never users or tokens",
};

/** "mis-connector", "2026-08-31" → what the form says about a token before it is sent. */
export function checkNewToken(form: { name: string; role: string; expiresOn: string }, today: string): Partial<Record<"name" | "role" | "expiresOn", string>> {
  const errors: Partial<Record<"name" | "role" | "expiresOn", string>> = {};
  if (!TOKEN_NAME.test(form.name.trim())) errors.name = "Use 2 to 60 letters, digits, dots, dashes or underscores, with no spaces.";
  if (!form.role) errors.role = "Choose a role.";
  if (form.expiresOn && form.expiresOn < today) errors.expiresOn = "The last day cannot be in the past.";
  return errors;
}

function tokenStatus(t: ApiToken): string {
  if (t.status === "revoked") return `Revoked${t.revokedAt ? ` ${formatDate(t.revokedAt, false)}` : ""}${t.revokedBy ? ` by ${t.revokedBy}` : ""}`;
  if (t.status === "expired") return "Expired";
  return "Active";
}

/**
 * API tokens for machine clients (the school's MIS connector, a nightly script): create one with a role and an
 * optional last day, see its secret once, revoke it. Tokens cannot manage users or tokens.
 */
function ApiTokens() {
  const load = useLoad(() => api.tokens(), ["tokens"]);
  const [form, setForm] = useState({ name: "", role: "", expiresOn: "" });
  const [errors, setErrors] = useState<Partial<Record<"name" | "role" | "expiresOn" | "form", string>>>({});
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "problem"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkNewToken(form, new Date().toISOString().slice(0, 10));
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const made = await api.createToken({ name: form.name.trim(), role: form.role, ...(form.expiresOn ? { expiresOn: form.expiresOn } : {}) });
      setForm({ name: "", role: "", expiresOn: "" });
      setCopied(false);
      setCreated(made);
      await load.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setErrors({ name: "A token of that name exists (names are never reused, even after revoking). Choose another." });
      else if (err instanceof ApiError && err.status === 422) {
        const out: typeof errors = {};
        for (const p of err.problems) {
          const field = p.field.split(".")[0];
          if (field === "name" || field === "role" || field === "expiresOn") out[field] ??= sentence(p.message);
          else out.form ??= sentence(p.message);
        }
        setErrors(Object.keys(out).length ? out : { form: err.message });
      } else setErrors({ form: err instanceof ApiError ? err.message : "Could not create the token. Try again." });
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (t: ApiToken) => {
    setBusy(true);
    setMessage(null);
    try {
      await api.revokeToken(t.id);
      setConfirming(null);
      if (created?.id === t.id) setCreated(null);
      setMessage({ kind: "ok", text: `${t.name} is revoked: anything still using it is refused from now on.` });
    } catch (err) {
      setMessage({ kind: "problem", text: err instanceof ApiError && err.status === 409 ? `${t.name} was already revoked.` : err instanceof ApiError ? err.message : "Could not revoke the token. Try again." });
    } finally {
      await load.reload();
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const described = (k: "name" | "role" | "expiresOn", hint?: boolean) => ({
    "aria-invalid": errors[k] ? true : undefined,
    "aria-describedby": [errors[k] ? `new-token-${k}-error` : null, hint ? `new-token-${k}-hint` : null].filter(Boolean).join(" ") || undefined,
  });
  const error = (k: "name" | "role" | "expiresOn") =>
    errors[k] ? (
      <span className="field-error" id={`new-token-${k}-error`}>
        {errors[k]}
      </span>
    ) : null;
  const tokens = [...(load.data?.tokens ?? [])].sort((a, b) => Number(a.status !== "active") - Number(b.status !== "active") || a.name.localeCompare(b.name));

  return (
    <div className="panel api-tokens">
      <h2>API tokens</h2>
      <p className="muted">
        For the school's MIS connector or a nightly script that posts term dates, pupils and the day's marks without a person signing in. A token
        has one role and can do what that role can, except manage users or tokens; everything it does is in the access log under its name.
      </p>
      {message ? (
        <p className={message.kind} role={message.kind === "ok" ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
      {created ? (
        <div className="new-token" role="region" aria-label="The new token">
          <p className="ok" role="status">
            Created {created.name} ({ROLE_WORDS[created.role] ?? created.role}). Copy its token now: Rollcall keeps only a fingerprint of it and cannot
            show it again.
          </p>
          <label htmlFor="new-token-secret">Token</label>{" "}
          <input id="new-token-secret" readOnly value={created.token} size={50} onFocus={(e) => e.target.select()} />{" "}
          <button type="button" onClick={() => void copy()}>
            {copied ? "Copied" : "Copy"}
          </button>{" "}
          <button type="button" onClick={() => setCreated(null)}>
            Done: hide it
          </button>
          <p className="muted small">The connector sends it as Authorization: Bearer followed by the token. Keep it where only the connector can read it.</p>
        </div>
      ) : null}
      <form aria-label="Create an API token" onSubmit={submit} noValidate>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="new-token-name">Name</label>
            <input id="new-token-name" value={form.name} onChange={set("name")} autoComplete="off" placeholder="mis-connector" {...described("name")} />
            {error("name")}
          </div>
          <div className="field">
            <label htmlFor="new-token-role">Role</label>
            <select id="new-token-role" value={form.role} onChange={set("role")} {...described("role", true)}>
              <option value="">Choose…</option>
              {ROLE_ORDER.map((r) => (
                <option key={r} value={r}>
                  {ROLE_WORDS[r] ?? r}
                </option>
              ))}
            </select>
            <span className="muted small" id="new-token-role-hint">
              {form.role ? TOKEN_ROLE_HELP[form.role] : "An MIS connector posting term dates, pupils and marks: attendance lead."}
            </span>
            {error("role")}
          </div>
          <div className="field">
            <label htmlFor="new-token-expires">Last day (optional)</label>
            <input id="new-token-expires" type="date" value={form.expiresOn} onChange={set("expiresOn")} {...described("expiresOn", true)} />
            <span className="muted small" id="new-token-expiresOn-hint">
              It stops working after this day. Leave empty for no end; revoke it when the connector changes.
            </span>
            {error("expiresOn")}
          </div>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Creating…" : "Create token"}
        </button>
        {errors.form ? (
          <p className="problem" role="alert">
            {errors.form}
          </p>
        ) : null}
        {Object.keys(errors).length > 0 && !errors.form ? (
          <p className="problem" role="alert">
            The token was not created: {Object.values(errors).join(" ")}
          </p>
        ) : null}
      </form>
      {load.error ? (
        <p className="problem" role="alert">
          {load.error}
        </p>
      ) : load.loading && !load.data ? (
        <p className="loading">Loading the tokens…</p>
      ) : tokens.length === 0 ? (
        <p className="muted">No API tokens yet.</p>
      ) : (
        <table className="data-table tokens-table" aria-label="API tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last day</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-token={t.name} className={t.status !== "active" ? "is-disabled" : undefined}>
                <td>{t.name}</td>
                <td>{ROLE_WORDS[t.role] ?? t.role}</td>
                <td>
                  {formatDate(t.createdAt, false)} by {t.createdBy}
                </td>
                <td>{t.expiresOn ? formatDate(t.expiresOn, false) : <span className="muted">no end</span>}</td>
                <td>{tokenStatus(t)}</td>
                <td>
                  {t.status === "revoked" ? null : confirming === t.id ? (
                    <span className="confirm">
                      Revoke {t.name}?{" "}
                      <button type="button" className="danger" disabled={busy} onClick={() => void revoke(t)}>
                        Yes, revoke
                      </button>{" "}
                      <button type="button" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button type="button" onClick={() => setConfirming(t.id)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The administrator's list of users: create one, or disable one (which also ends their sessions). */
export function UsersPage({ me }: { me: Me }) {
  const load = useLoad(() => api.users(), ["users"]);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "problem"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const disable = async (user: User) => {
    setBusy(true);
    setMessage(null);
    try {
      await api.disableUser(user.id);
      setConfirming(null);
      await load.reload();
      setMessage({ kind: "ok", text: `${user.username} is disabled and signed out everywhere.` });
    } catch (e) {
      setMessage({ kind: "problem", text: e instanceof ApiError && e.status === 404 ? `${user.username} no longer exists. The list has been reloaded.` : e instanceof ApiError ? e.message : "Could not disable the user. Try again." });
      if (e instanceof ApiError && e.status === 404) await load.reload();
    } finally {
      setBusy(false);
    }
  };

  const users = [...(load.data?.users ?? [])].sort((a, b) => Number(a.disabled) - Number(b.disabled) || a.username.localeCompare(b.username));
  return (
    <section className="users-page">
      <div className="page-head">
        <div>
          <h1>Users</h1>
          <p className="muted">Who can sign in to Rollcall, and what their role lets them do. Disabling someone ends their sessions at once.</p>
        </div>
      </div>
      {message ? (
        <p className={message.kind} role={message.kind === "ok" ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
      <CreateUser
        onCreated={(user) => {
          setMessage({ kind: "ok", text: `Created ${user.username} (${ROLE_WORDS[user.role] ?? user.role}). They can sign in now.` });
          void load.reload();
        }}
      />
      <div className="panel">
        <h2>Everyone</h2>
        {load.error ? (
          <p className="problem" role="alert">
            {load.error}
          </p>
        ) : load.loading && !load.data ? (
          <p className="loading">Loading the users…</p>
        ) : (
          <table className="data-table users-table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Role</th>
                <th scope="col">Classes and year groups</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-user={u.username} className={u.disabled ? "is-disabled" : undefined}>
                  <td>{u.username}</td>
                  <td>{ROLE_WORDS[u.role] ?? u.role}</td>
                  <td>{u.scope.length ? u.scope.join(", ") : <span className="muted">—</span>}</td>
                  <td>{formatDate(u.createdAt, false)}</td>
                  <td>{u.disabled ? "Disabled" : "Active"}</td>
                  <td>
                    {u.disabled ? null : u.username === me.username ? (
                      <span className="muted small">you</span>
                    ) : confirming === u.id ? (
                      <span className="confirm">
                        Disable {u.username}?{" "}
                        <button type="button" className="danger" disabled={busy} onClick={() => void disable(u)}>
                          Yes, disable
                        </button>{" "}
                        <button type="button" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button type="button" onClick={() => setConfirming(u.id)} aria-label={`Disable ${u.username}`}>
                        Disable
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <ApiTokens />
    </section>
  );
}
