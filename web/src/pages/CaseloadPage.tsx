import { api } from "../api/client.ts";
import { CaseloadTable } from "../caseload/CaseloadTable.tsx";
import { ImportPanel } from "../caseload/ImportPanel.tsx";
import { canImport } from "../roles.ts";
import { useLoad } from "../useLoad.ts";

export function CaseloadPage({ role }: { role: string }) {
  const load = useLoad(() => api.allCases(), ["caseload"]);
  if (load.loading && !load.data) return <p className="loading">Loading the caseload…</p>;
  if (load.error) return <p className="problem" role="alert">{load.error}</p>;
  const data = load.data!;
  return (
    <section>
      <div className="page-head">
        <h1>Caseload</h1>
        <p className="muted">{data.total} pupils</p>
        <button type="button" onClick={() => void load.reload()} disabled={load.loading}>
          {load.loading ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      {canImport(role) ? <ImportPanel onImported={() => void load.reload()} /> : null}
      <CaseloadTable rows={data.rows} countsByStage={data.countsByStage} today={data.today} />
    </section>
  );
}
