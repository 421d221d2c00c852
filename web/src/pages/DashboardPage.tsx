import { CLOSED, STAGES } from "../../../machines/policy/schema.ts";
import { api, type Dashboard } from "../api/client.ts";
import { Bars } from "../dashboard/Bars.tsx";
import { useLoad } from "../useLoad.ts";
import { formatDate, stageName } from "../words.ts";

const GROUP_WORDS: Record<string, string> = { yearGroup: "By year group", sex: "By sex", pupilPremium: "Pupil premium", send: "SEND" };

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v.toFixed(1)}%`);

function benchmark(d: Dashboard, id: string): { value: number; year: string } | null {
  const b = d.benchmarks.find((x) => x.id === id) as { value?: unknown; year?: unknown } | undefined;
  return b && typeof b.value === "number" ? { value: b.value, year: String(b.year ?? "") } : null;
}

function Groups({ name, groups }: { name: string; groups: Dashboard["groups"][string] }) {
  return (
    <table className="data-table" aria-label={GROUP_WORDS[name] ?? name}>
      <thead>
        <tr>
          <th scope="col">{GROUP_WORDS[name] ?? name}</th>
          <th scope="col">Pupils</th>
          <th scope="col">Attendance</th>
          <th scope="col">Persistent absence</th>
          <th scope="col">Severe absence</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.group}>
            <th scope="row">{g.group}</th>
            <td>{g.pupils}</td>
            {g.suppressed ? (
              <td colSpan={3} className="muted">
                Too few pupils to show
              </td>
            ) : (
              <>
                <td>{pct(g.attendancePct)}</td>
                <td>{pct(g.persistentAbsencePct)}</td>
                <td>{pct(g.severeAbsencePct)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What a governor sees: whole-school and group figures from GET /api/dashboard; no names, no UPNs. */
export function DashboardPage() {
  const load = useLoad((signal) => api.dashboard(signal), []);
  if (load.loading && !load.data) return <p className="loading">Loading the figures…</p>;
  if (load.error) return <p className="problem" role="alert">{load.error}</p>;
  const d = load.data!;
  const paAll = benchmark(d, "pa-all");
  const paPrimary = benchmark(d, "pa-primary");
  const saAll = benchmark(d, "sa-all");
  const saPrimary = benchmark(d, "sa-primary");
  const absencePrimary = benchmark(d, "absence-primary");
  const months = (byMonth: Record<string, number>) =>
    Object.keys(byMonth)
      .sort()
      .map((m) => ({ key: m, label: new Date(`${m}-15T12:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" }), value: byMonth[m]! }));
  const source = d.benchmarks[0] as { source?: string } | undefined;
  return (
    <section className="dashboard">
      <div className="page-head">
        <div>
          <h1>Dashboard</h1>
          <p className="muted">Whole-school figures{d.asOf ? ` as of ${formatDate(d.asOf)}` : ""}; no pupil is named.</p>
        </div>
      </div>
      <div className="tiles">
        <div className="tile">
          <span className="tile-figure">{pct(d.school.attendancePct)}</span>
          <span>
            attendance, {d.school.pupils} pupils
            {absencePrimary ? ` (national primary absence ${absencePrimary.value}%, ${absencePrimary.year})` : ""}
          </span>
        </div>
        <div className="tile">
          <span className="tile-figure">{d.persistentAbsence}</span>
          <span>
            persistently absent ({pct(d.school.persistentAbsencePct)}
            {paAll ? `; national ${paAll.value}%` : ""}
            {paPrimary ? `, primary ${paPrimary.value}%` : ""})
          </span>
        </div>
        <div className="tile">
          <span className="tile-figure">{d.severeAbsence}</span>
          <span>
            severely absent ({pct(d.school.severeAbsencePct)}
            {saAll ? `; national ${saAll.value}%` : ""}
            {saPrimary ? `, primary ${saPrimary.value}%` : ""})
          </span>
        </div>
      </div>
      <div className="case-grid">
        <div className="panel">
          <h2>Cases by stage</h2>
          <Bars label="Cases by stage" items={[...STAGES, CLOSED].map((s) => ({ key: s, label: stageName(s), value: d.casesByStage[s] ?? 0 }))} />
        </div>
        <div className="panel">
          <h2>Letters and meetings by month</h2>
          <h3>Letters</h3>
          <Bars label="Letters by month" items={months(d.lettersByMonth)} />
          <h3>Meetings</h3>
          <Bars label="Meetings by month" items={months(d.meetingsByMonth)} />
        </div>
      </div>
      <div className="case-grid">
        {Object.entries(d.groups).map(([name, groups]) => (
          <div className="panel" key={name}>
            <Groups name={name} groups={groups} />
          </div>
        ))}
      </div>
      <p className="muted small">
        Persistent absence: absence of 10% or more of possible sessions; severe: 50% or more. Groups of fewer than five pupils show their size only.
        {source?.source ? ` National figures: ${source.source}.` : ""}
      </p>
    </section>
  );
}
