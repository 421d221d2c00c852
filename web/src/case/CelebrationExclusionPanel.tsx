import { type FormEvent, useState } from "react";
import { api, ApiError } from "../api/client.ts";
import { useLoad } from "../useLoad.ts";
import { formatDate } from "../words.ts";

/** Who reads the flag (GET /api/celebrate/exclusions/{upn}) and who sets it (POST): as server/auth/roles.ts. */
export const SEES_CELEBRATION_EXCLUSION = ["attendance-lead", "attendance-officer", "auditor"];
export const SETS_CELEBRATION_EXCLUSION = ["attendance-lead"];

/**
 * Highfield Farm: "Where there are long term individual circumstances in a single class, this is taken into
 * account as part of the weekly celebration." The lead leaves the pupil out of class celebration figures (with
 * the reason); the pupil's own and statutory figures never change. The case's history records each change.
 */
export function CelebrationExclusionPanel({ upn, role, onChanged }: { upn: string; role: string; onChanged: () => void }) {
  const load = useLoad((signal) => api.celebrationExclusion(upn, signal), ["case", upn, "celebrationExclusion"]);
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const mayChange = SETS_CELEBRATION_EXCLUSION.includes(role);
  const e = load.data;

  const save = async (excluded: boolean, why?: string) => {
    setBusy(true);
    setProblem(null);
    try {
      load.set(await api.setCelebrationExclusion(upn, excluded, why));
      setEditing(false);
      setReason("");
      onChanged();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : "Could not save. Try again.");
    } finally {
      setBusy(false);
    }
  };
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (reason.trim() === "") {
      setProblem("Say why the pupil is left out of the class figures.");
      return;
    }
    void save(true, reason.trim());
  };

  return (
    <div className="panel celebration-exclusion">
      <h2>Class celebration</h2>
      {load.error ? (
        <p className="problem">{load.error}</p>
      ) : !e ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <p data-excluded={e.excluded ? "yes" : "no"}>
            {e.excluded ? (
              <>
                <strong>Left out of class celebration figures</strong>: {e.reason}
              </>
            ) : (
              "Counted in class celebration figures."
            )}
            {e.by && e.at ? (
              <span className="muted small">
                {" "}
                ({e.excluded ? "set" : "last changed"} by {e.by}, {formatDate(e.at.slice(0, 10))})
              </span>
            ) : null}
          </p>
          <p className="muted small">For a long-term individual circumstance: it changes only the weekly class figures, the prize draw and certificates, never this pupil's own or statutory figures.</p>
          {mayChange && !editing ? (
            e.excluded ? (
              <button type="button" onClick={() => void save(false)} disabled={busy}>
                Count in class figures again
              </button>
            ) : (
              <button type="button" onClick={() => setEditing(true)}>
                Leave out of class figures…
              </button>
            )
          ) : null}
          {mayChange && editing ? (
            <form className="celebrate-controls" onSubmit={submit} aria-label="Leave out of class celebration figures">
              <label>
                Long-term circumstance
                <input type="text" value={reason} maxLength={200} onChange={(ev) => setReason(ev.target.value)} />
              </label>
              <button type="submit" className="primary" disabled={busy}>
                Save
              </button>
              <button type="button" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </form>
          ) : null}
          {problem ? (
            <p className="problem" role="alert">
              {problem}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
