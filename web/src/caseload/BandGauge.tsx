import type { Band } from "../../../machines/policy/schema.ts";
import { formatPct } from "../words.ts";

/**
 * Attendance on the policy's traffic-light bands: each band drawn to scale from its lowest figure, the
 * pupil's figure marked. Shows the bands' thresholds in words too, so colour is never the only signal.
 */
export function BandGauge({ bands, pct, from = 50 }: { bands: readonly Band[]; pct: number | null; from?: number }) {
  const sorted = [...bands].sort((a, b) => a.min - b.min);
  const span = 100 - from;
  const pos = (v: number) => `${((Math.min(100, Math.max(from, v)) - from) / span) * 100}%`;
  return (
    <figure className="band-gauge" aria-label={`Attendance ${formatPct(pct)} on the school's bands`}>
      <div className="gauge-track">
        {sorted.map((b) => {
          const lo = Math.max(from, b.min);
          const hi = Math.min(100, b.max);
          if (hi <= from) return null;
          return <div key={b.id} className="gauge-band" title={b.label} style={{ left: pos(lo), width: `${((hi - lo) / span) * 100}%`, background: b.colour }} />;
        })}
        {pct !== null ? <div className="gauge-marker" style={{ left: pos(pct) }} aria-hidden="true" /> : null}
      </div>
      <div className="gauge-scale" aria-hidden="true">
        <span style={{ left: "0%" }}>{from < 1 ? "0" : `≤${from}`}%</span>
        {sorted.filter((b, i) => b.min > from && (i === 0 || b.min - sorted[i - 1]!.min >= 4 || sorted[i - 1]!.min <= from)).map((b) => (
          <span key={b.id} style={{ left: pos(b.min) }}>
            {Math.round(b.min)}%
          </span>
        ))}
        <span style={{ left: "100%" }}>100%</span>
      </div>
      <figcaption className="small muted">
        {sorted
          .slice()
          .reverse()
          .map((b) => b.label)
          .join(" · ")}
      </figcaption>
    </figure>
  );
}
