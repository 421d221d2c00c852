/** A plain horizontal bar chart: label, bar to scale, figure. Readable printed and without colour. */
export function Bars({ items, label }: { items: readonly { key: string; label: string; value: number; colour?: string }[]; label: string }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <table className="bars" aria-label={label}>
      <tbody>
        {items.map((i) => (
          <tr key={i.key} data-bar={i.key}>
            <th scope="row">{i.label}</th>
            <td className="bar-cell">
              <span className="bar" style={{ width: `${(i.value / max) * 100}%`, ...(i.colour ? { background: i.colour } : {}) }} />
            </td>
            <td className="bar-value">{i.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
