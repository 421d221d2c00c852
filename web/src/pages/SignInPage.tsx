import { type FormEvent, useState } from "react";
import { api, ApiError, type Me } from "../api/client.ts";

export function SignInPage({ onSignedIn, problem }: { onSignedIn: (me: Me) => void; problem?: string | null }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(problem ?? null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError("Enter your username and password.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn(username.trim(), password));
      if (!window.location.hash || window.location.hash === "#/") window.location.hash = "#/";
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError("That username and password do not match. Try again.");
      else if (err instanceof ApiError && err.status === 422) setError("Enter your username and password.");
      else setError(err instanceof ApiError ? err.message : "Rollcall could not sign you in. Try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form onSubmit={submit} noValidate>
        <h1>Rollcall</h1>
        <p className="muted">Attendance casework. Sign in with your school account.</p>
        <label>
          Username
          <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error ? (
          <p className="problem" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
