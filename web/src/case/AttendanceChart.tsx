import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AttendanceSeries } from "../api/client.ts";
import { formatDate, formatPct } from "../words.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const monthOf = (date: string) => MONTHS[Number(date.slice(5, 7)) - 1] ?? date;

type Point = AttendanceSeries["days"][number];

/** The first school day of each month: the x axis's ticks. */
function monthTicks(days: readonly Point[]): string[] {
  return days.filter((d, i) => i === 0 || d.date.slice(0, 7) !== days[i - 1]!.date.slice(0, 7)).map((d) => d.date);
}

/** The lowest attendance % worth showing: below the lowest figure and the lowest band line, in tens. */
function floorOf(days: readonly Point[], bands: AttendanceSeries["bands"]): number {
  const lowest = Math.min(...days.map((d) => d.attendancePct ?? 100), ...bands.filter((b) => b.min > 0).map((b) => b.min));
  return Math.max(0, Math.floor((lowest - 5) / 10) * 10);
}

/** Round figures on the attendance axis: every 5% over a short range, every 10% otherwise. */
function pctTicks(floor: number): number[] {
  const step = 100 - floor <= 30 ? 5 : 10;
  const ticks: number[] = [];
  for (let t = floor; t <= 100; t += step) ticks.push(t);
  return ticks;
}

/** The last school day of each school week (Monday-based), for the table under the chart. */
function weekly(days: readonly Point[]): Point[] {
  const monday = (date: string) => {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  };
  return days.filter((d, i) => i === days.length - 1 || monday(days[i + 1]!.date) !== monday(d.date));
}

export interface AttendanceChartProps {
  readonly series: AttendanceSeries;
  /** A fixed width in pixels (tests, print); otherwise the chart fills its panel. */
  readonly width?: number;
  readonly height?: number;
}

/**
 * The pupil's year: cumulative attendance % (left axis) against the policy's band thresholds, and unauthorised
 * sessions in the last 10 school weeks (right axis) against the penalty-notice threshold. Drawn with recharts;
 * the same figures are in a table underneath for screen readers and print.
 */
export function AttendanceChart({ series, width, height = 320 }: AttendanceChartProps) {
  const days = series.days.filter((d) => d.possibleSessions > 0);
  if (days.length === 0) return <p className="muted">No register marks yet for this pupil.</p>;
  const lines = series.bands.filter((b) => b.min > 0).sort((a, b) => b.min - a.min);
  const floor = floorOf(days, series.bands);
  const maxUnauth = Math.max(series.penaltyThreshold.sessions + 2, ...days.map((d) => d.unauthorisedLast10Weeks + 1));
  const last = days[days.length - 1]!;
  const chart = (
    <ComposedChart data={days} margin={{ top: 10, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false} {...(width ? { width, height } : {})}>
      <CartesianGrid stroke="#e3e7ee" vertical={false} />
      <XAxis dataKey="date" ticks={monthTicks(days)} tickFormatter={monthOf} tick={{ fontSize: 12 }} />
      <YAxis yAxisId="pct" domain={[floor, 100]} ticks={pctTicks(floor)} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 12 }} width={48} allowDataOverflow />
      <YAxis yAxisId="unauth" orientation="right" domain={[0, maxUnauth]} allowDecimals={false} tick={{ fontSize: 12 }} width={36} />
      <Area
        yAxisId="unauth"
        type="stepAfter"
        dataKey="unauthorisedLast10Weeks"
        name={`Unauthorised sessions, last ${series.penaltyThreshold.schoolWeeks} school weeks (right)`}
        stroke="#c62828"
        fill="#c62828"
        fillOpacity={0.12}
        isAnimationActive={false}
      />
      <Line yAxisId="pct" type="monotone" dataKey="attendancePct" name="Attendance % this year (left)" stroke="#1f3a5f" strokeWidth={2.5} dot={false} isAnimationActive={false} connectNulls />
      {lines.map((b) => (
        <ReferenceLine
          key={b.id}
          yAxisId="pct"
          y={b.min}
          stroke={b.colour}
          strokeDasharray="6 4"
          strokeWidth={1.5}
          ifOverflow="extendDomain"
          label={{ value: `${b.min}%`, position: "insideTopLeft", fontSize: 11, fill: "#1b1f24" }}
          className="band-line"
          data-band={b.id}
        />
      ))}
      <ReferenceLine
        yAxisId="unauth"
        y={series.penaltyThreshold.sessions}
        stroke="#7f0000"
        strokeDasharray="2 3"
        label={{ value: `penalty threshold (${series.penaltyThreshold.sessions})`, position: "insideTopRight", fontSize: 11, fill: "#7f0000" }}
        className="penalty-line"
      />
      <Tooltip
        labelFormatter={(d) => formatDate(String(d))}
        formatter={(value, name) => [typeof value === "number" && String(name).startsWith("Attendance") ? formatPct(value) : String(value), String(name)]}
      />
      <Legend wrapperStyle={{ fontSize: 13 }} />
    </ComposedChart>
  );
  const tableId = `attendance-weeks-${series.upn}`;
  // One picture for a screen reader, said in words (the chart's own keyboard layer only read out single days).
  const summary =
    `Line chart of attendance this year, ${formatPct(days[0]!.attendancePct)} on ${formatDate(days[0]!.date)} and ${formatPct(last.attendancePct)} on ${formatDate(last.date)}, ` +
    `lowest ${formatPct(Math.min(...days.map((d) => d.attendancePct ?? 100)))}, against the policy's bands at ${lines.map((b) => `${b.min}%`).join(", ")}; ` +
    `unauthorised sessions in the last ${series.penaltyThreshold.schoolWeeks} school weeks now ${last.unauthorisedLast10Weeks}, penalty-notice threshold ${series.penaltyThreshold.sessions}. ` +
    `The figures week by week are in the table below.`;
  return (
    <figure className="attendance-chart" aria-label="Attendance over the year">
      <div className="chart-picture" role="img" aria-label={summary} aria-details={tableId}>
        {width ? chart : <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 800, height }}>{chart}</ResponsiveContainer>}
      </div>
      <figcaption className="muted small">
        Attendance {formatPct(last.attendancePct)} as of {formatDate(last.date)}; {last.unauthorisedLast10Weeks} unauthorised sessions in the last {series.penaltyThreshold.schoolWeeks} school weeks. Dashed lines: the policy's bands (
        {lines.map((b, i) => (
          <span key={b.id}>
            {i > 0 ? ", " : ""}
            <span className="band-swatch" style={{ borderColor: b.colour }} aria-hidden="true" />
            <strong>{b.min}%</strong>{" "}
            {b.label}
          </span>
        ))}
        ) and the penalty-notice threshold of {series.penaltyThreshold.sessions} sessions.
      </figcaption>
      <details className="chart-table" id={tableId}>
        <summary>The figures week by week</summary>
        <table className="data-table">
          <caption className="sr-only">Attendance at the end of each school week</caption>
          <thead>
            <tr>
              <th scope="col">Week ending</th>
              <th scope="col">Attendance this year</th>
              <th scope="col">Unauthorised, last {series.penaltyThreshold.schoolWeeks} school weeks</th>
            </tr>
          </thead>
          <tbody>
            {weekly(days).map((d) => (
              <tr key={d.date}>
                <td>{formatDate(d.date)}</td>
                <td>{formatPct(d.attendancePct)}</td>
                <td>{d.unauthorisedLast10Weeks}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
