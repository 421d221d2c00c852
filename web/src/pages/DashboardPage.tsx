import { CLOSED, STAGES } from "../../../machines/policy/schema.ts";
import { api, type Dashboard } from "../api/client.ts";
import { Bars } from "../dashboard/Bars.tsx";
import { useLoad } from "../useLoad.ts";
import { formatDate, stageName } from "../words.ts";

const GROUP_WORDS: Record<string, string> = {
  yearGroup: "By year group",
  sex: "By sex",
  pupilPremium: "Pupil premium",
  send: "SEND",
  eal: "English as an additional language",
  socialWorker: "With a social worker (CP/CIN)",
  lookedAfter: "Looked after",
};
const GROUP_ORDER = ["yearGroup", "lookedAfter", "socialWorker", "send", "pupilPremium", "eal", "sex"];

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v.toFixed(1)}%`);
/** A count of pupils, or the words for one withheld. */
const count = (n: number | null | undefined, small: number) => (n === null || n === undefined ? `fewer than ${small}` : String(n));

type Group = Dashboard["groups"][string][number];

function Groups({ name, groups, small }: { name: string; groups: readonly Group[]; small: number }) {
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
          <tr key={g.group} data-group={g.group}>
            <th scope="row">{g.group}</th>
            {g.suppressed ? (
              <>
                <td>{g.why === "no pupils" ? "0" : g.pupils === null && g.why?.startsWith("fewer") ? `fewer than ${small}` : "not shown"}</td>
                <td colSpan={3} className="muted">
                  Not shown: {g.why}
                </td>
              </>
            ) : (
              <>
                <td>{g.pupils}</td>
                <td>{pct(g.attendancePct)}</td>
                <td>{g.persistentAbsence === null ? `fewer than ${small} pupils` : `${g.persistentAbsence} (${pct(g.persistentAbsencePct)})`}</td>
                <td>{g.severeAbsence === null ? `fewer than ${small} pupils` : `${g.severeAbsence} (${pct(g.severeAbsencePct)})`}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const monthWords = (m: string) => new Date(`${m}-15T12:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

/** What a governor sees: whole-school and group figures from GET /api/dashboard; no names, no UPNs. */
export function DashboardPage() {
  const load = useLoad((signal) => api.dashboard(signal), ["dashboard"]);
  if (load.loading && !load.data) return <p className="loading">Loading the figures…</p>;
  if (load.error) return <p className="problem" role="alert">{load.error}</p>;
  const d = load.data!;
  const small = d.smallGroup;
  const months = Object.keys(d.lettersByMonth).sort();
  const letters = (kinds: readonly string[]) =>
    months.map((m) => {
      const row = d.lettersByMonth[m]! as Record<string, number | null>;
      const values = kinds.map((k) => (row[k] === undefined ? 0 : row[k]!));
      // A sum including a withheld count is withheld too.
      return { key: m, label: monthWords(m), value: values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0) };
    });
  const flagged = d.comparisons.filter((c) => c.notablyWorse);
  const sources = [...new Set(d.comparisons.map((c) => `${c.source} (${c.year})`))];
  return (
    <section className="dashboard">
      <div className="page-head">
        <div>
          <h1>Dashboard</h1>
          <p className="muted">
            {d.schoolYear ? `School year ${d.schoolYear} so far` : "Whole-school figures"}
            {d.asOf ? `, to ${formatDate(d.asOf)}` : ""}; a {d.phase.words} school, compared with national {d.phase.phase === "all" ? "figures for all schools" : `${d.phase.phase} figures`}. No pupil is named.
          </p>
        </div>
      </div>
      {flagged.length > 0 ? (
        <div className="problem dashboard-flags" role="note" aria-label="Where the school is notably worse than the national figures">
          <strong>Notably worse than national:</strong>
          <ul>
            {flagged.map((c) => (
              <li key={c.measure}>
                {c.label}: {pct(c.school)}, {c.words}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <table className="data-table comparisons" aria-label="The school beside the national figures">
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">This school</th>
            <th scope="col">National</th>
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {d.comparisons.map((c) => (
            <tr key={c.measure} data-measure={c.measure} className={c.notablyWorse ? "worse" : undefined}>
              <th scope="row">
                {c.label}
                <span className="muted small"> ({c.unit})</span>
              </th>
              <td>{c.school === null ? `fewer than ${small} pupils` : pct(c.school)}</td>
              <td>
                {Number(c.national.toFixed(2))}%<span className="muted small"> {c.nationalLabel.replace(/^Overall absence, /, c.measure === "attendance" ? "100% minus absence, " : "")}, {c.year}</span>
              </td>
              <td>
                {c.words}
                {c.notablyWorse ? <strong> Notably worse.</strong> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="tiles">
        <div className="tile">
          <span className="tile-figure">{count(d.school.persistentAbsence, small)}</span>
          <span>pupils persistently absent (10% or more of sessions missed)</span>
        </div>
        <div className="tile">
          <span className="tile-figure">{count(d.school.severeAbsence, small)}</span>
          <span>pupils severely absent (50% or more)</span>
        </div>
        <div className="tile">
          <span className="tile-figure">{d.school.pupils ?? `fewer than ${small}`}</span>
          <span>pupils on the register this year</span>
        </div>
      </div>
      <div className="panel">
        <h2>Attendance by half term{d.trend.lastYear ? `, against ${d.trend.lastYear}` : ""}</h2>
        {d.trend.halfTerms.length === 0 ? (
          <p className="muted">No half term has figures yet.</p>
        ) : (
          <table className="data-table" aria-label="Attendance by half term">
            <thead>
              <tr>
                <th scope="col">Half term</th>
                <th scope="col">{d.trend.year ?? "This year"}</th>
                <th scope="col">{d.trend.lastYear ?? "Last year"}</th>
                <th scope="col">National ({d.phase.phase === "all" ? "all schools" : d.phase.phase})</th>
              </tr>
            </thead>
            <tbody>
              {d.trend.halfTerms.map((h) => (
                <tr key={h.from}>
                  <th scope="row">
                    {h.name} <span className="muted small">({formatDate(h.from)} to {formatDate(h.to)})</span>
                  </th>
                  <td>{pct(h.attendancePct)}</td>
                  <td>{h.lastYear ? pct(h.lastYear.attendancePct) : "no register"}</td>
                  <td>{pct(d.trend.nationalAttendancePct)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="case-grid">
        <div className="panel">
          <h2>Cases by stage</h2>
          <Bars label="Cases by stage" items={[...STAGES, CLOSED].map((s) => ({ key: s, label: stageName(s), value: d.casesByStage[s] === undefined ? 0 : (d.casesByStage[s] as number | null) }))} />
        </div>
        <div className="panel">
          <h2>Letters and meetings by month</h2>
          <h3>Concern letters (including legal warnings)</h3>
          <Bars label="Concern letters by month" items={letters(["concern", "legal-warning"])} />
          <h3>Recognition letters (awards, praise)</h3>
          <Bars label="Recognition letters by month" items={letters(["recognition"])} />
          <h3>Information letters</h3>
          <Bars label="Information letters by month" items={letters(["information", "other"])} />
          <h3>Meetings</h3>
          <Bars label="Meetings by month" items={Object.keys(d.meetingsByMonth).sort().map((m) => ({ key: m, label: monthWords(m), value: d.meetingsByMonth[m] as number | null }))} />
        </div>
      </div>
      <div className="case-grid">
        {GROUP_ORDER.filter((name) => d.groups[name]).map((name) => (
          <div className="panel" key={name}>
            <Groups name={name} groups={d.groups[name]!} small={small} />
          </div>
        ))}
      </div>
      <p className="muted small">
        Persistent absence: absence of 10% or more of possible sessions; severe: 50% or more. No figure is shown for a group of fewer than {small} pupils, and no count of 1 to {small - 1} pupils
        (nor its percentage) anywhere; where one group is withheld, the next smallest is too, so it cannot be worked out. "Notably worse": a rate of absence at least 1.25 times the national one.
        National figures: {sources.join("; ")}.
      </p>
    </section>
  );
}
