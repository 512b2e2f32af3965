// Small inline-SVG charts for report.html: horizontal bars with optional whiskers, grouped bars.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PALETTE = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00'];
export const armColor = (index: number) => PALETTE[index % PALETTE.length]!;

export interface Bar {
  label: string;
  value: number;
  low?: number;
  high?: number;
  color: string;
}

const MIN_BAR_PX = 3; // drawn width of a bar whose value is 0

/** Horizontal bars on a 0–100 scale, with CI whiskers when low/high are given. */
export function barChart(title: string, bars: Bar[]): string {
  const row = 28;
  const left = Math.max(120, Math.min(380, 12 + 7 * Math.max(0, ...bars.map((b) => b.label.length))));
  const width = 420;
  const height = bars.length * row + 40;
  const x = (v: number) => left + (Math.max(0, Math.min(100, v)) / 100) * width;
  const body = bars.map((b, i) => {
    const y = 30 + i * row;
    const hasCi = b.low !== undefined && b.high !== undefined;
    const whisker = hasCi
      ? `<line x1="${x(b.low!)}" x2="${x(b.high!)}" y1="${y + 9}" y2="${y + 9}" stroke="#222" stroke-width="2"/><line x1="${x(b.low!)}" x2="${x(b.low!)}" y1="${y + 4}" y2="${y + 14}" stroke="#222"/><line x1="${x(b.high!)}" x2="${x(b.high!)}" y1="${y + 4}" y2="${y + 14}" stroke="#222"/>`
      : '';
    // A zero bar keeps a sliver and an outline so it reads as "measured, 0" rather than "missing".
    const barWidth = Math.max(MIN_BAR_PX, x(b.value) - left);
    // The value label starts right of both the bar and the whisker, so the CI never strikes through it.
    const labelX = Math.max(left + barWidth, hasCi ? x(b.high!) : 0) + 6;
    return `<text x="${left - 8}" y="${y + 13}" text-anchor="end" font-size="12">${escapeHtml(b.label)}</text><rect x="${left}" y="${y}" width="${barWidth}" height="18" fill="${b.color}" stroke="${b.color}"><title>${escapeHtml(`${b.label}: ${b.value.toFixed(1)}${hasCi ? ` [${b.low!.toFixed(1)}, ${b.high!.toFixed(1)}]` : ''}`)}</title></rect>${whisker}<text x="${labelX}" y="${y + 13}" font-size="11" fill="#444">${b.value.toFixed(1)}${hasCi ? ` [${b.low!.toFixed(1)}, ${b.high!.toFixed(1)}]` : ''}</text>`;
  });
  const axis = [0, 25, 50, 75, 100]
    .map(
      (v) =>
        `<line x1="${x(v)}" x2="${x(v)}" y1="24" y2="${height - 10}" stroke="#ddd"/><text x="${x(v)}" y="18" font-size="10" text-anchor="middle" fill="#666">${v}</text>`,
    )
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" width="${left + width + 140}" height="${height}" xmlns="http://www.w3.org/2000/svg">${axis}${body.join('')}</svg></figure>`;
}

/** One bar group per category, one bar per series. */
export function groupedBarChart(
  title: string,
  categories: string[],
  series: { name: string; color: string; values: (number | undefined)[] }[],
): string {
  const bars: Bar[] = [];
  categories.forEach((c, ci) =>
    series.forEach((s) => s.values[ci] !== undefined && bars.push({ label: `${c} · ${s.name}`, value: s.values[ci]!, color: s.color })),
  );
  return barChart(title, bars);
}
