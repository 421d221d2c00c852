/**
 * A plain horizontal bar chart: label, bar to scale, figure. Readable printed and without colour. A value of null
 * is a count withheld because it is fewer than 5 pupils: no bar, and the words instead of the figure.
 */
export function Bars({ items, label }: { items: readonly { key: string; label: string; value: number | null; colour?: string }[]; label: string }) {
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  return (
    <table className="bars" aria-label={label}>
      <tbody>
        {items.map((i) => (
          <tr key={i.key} data-bar={i.key}>
            <th scope="row">{i.label}</th>
            <td className="bar-cell">
              {i.value === null ? null : <span className="bar" style={{ width: `${(i.value / max) * 100}%`, ...(i.colour ? { background: i.colour } : {}) }} />}
            </td>
            <td className="bar-value">{i.value === null ? "fewer than 5" : i.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
