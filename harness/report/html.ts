// report.html (SPEC 3.6): one self-contained file, no network. Server-side SVG charts; the item
// table, filters and drill-down are built in the page from the embedded results.
import { bootstrapMeanCi, comparisonVerdict, describeEpochAgreement } from '../score/stats.js';
import { failureReason, NO_COMPARISON } from './markdown.js';
import { armColor, barChart, escapeHtml, groupedBarChart } from './svg.js';
import { baselinesOf, type NativeResults } from '../schema/native-results.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e5e5;padding:4px 8px;text-align:left;font-size:13px}tr.item{cursor:pointer}tr.item:hover{background:#f4f7ff}
.pass{color:#137333;font-weight:600}.fail{color:#c5221f;font-weight:600}.infra{color:#b06000;font-weight:600}figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
#filters label{margin-right:14px}#detail{border:1px solid #ccd;padding:12px;margin-top:12px;background:#fafbff;display:none;position:relative}
#detail-close{position:absolute;top:8px;right:8px;font-size:13px;cursor:pointer}.why{border-left:4px solid #c5221f;padding:4px 10px;background:#fff4f3}.why.ok{border-color:#137333;background:#f3fbf4}pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:320px}
.meta{color:#555;font-size:12px}`;

function armCharts(r: NativeResults): string {
  const arms = [...new Set(r.items.map((i) => i.arm))];
  const bars = arms.map((arm, i) => {
    // One observation per case (the mean over its epochs), so repeated epochs do not narrow the CI.
    const mine = r.items.filter((it) => it.arm === arm);
    const scores = [...new Set(mine.map((it) => it.caseId))].sort().map((id) => {
      const runs = mine.filter((it) => it.caseId === id);
      return runs.reduce((s, it) => s + it.primary.alignedScore, 0) / runs.length;
    });
    const mean = scores.reduce((s, x) => s + x, 0) / Math.max(1, scores.length);
    const ci = bootstrapMeanCi(scores, { seed: r.metadata.seed });
    return { label: arm, value: mean, low: ci.low, high: ci.high, color: armColor(i) };
  });
  const families = [...new Set(r.families.map((f) => f.family))];
  const series = arms.map((arm, i) => ({
    name: arm,
    color: armColor(i),
    values: families.map((f) => r.families.find((x) => x.family === f && x.arm === arm)?.meanAlignedScore),
  }));
  return (
    barChart('Mean aligned score per arm (95% bootstrap CI)', bars) +
    groupedBarChart('Mean aligned score per family and arm', families, series)
  );
}

function comparisonTable(r: NativeResults): string {
  if (new Set(r.items.map((i) => i.arm)).size < 2) return `<p id="comparisons">${escapeHtml(NO_COMPARISON)}</p>`;
  const rows = r.comparisons.map(
    (c) =>
      `<tr><td>${escapeHtml(c.arm)}</td><td>${escapeHtml(c.baseline)}</td><td>${c.distinctCases ?? '–'} (${c.pairs})</td><td>${c.meanDelta.toFixed(1)}</td><td>[${c.ci.low.toFixed(1)}, ${c.ci.high.toFixed(1)}]</td><td>${c.mcnemar.baselineOnly} / ${c.mcnemar.armOnly} (p=${c.mcnemar.pValue})</td><td>${c.confidentWin ? '<span class="pass">confident win</span>' : comparisonVerdict(c)}</td></tr>`,
  );
  return `<table id="comparisons"><thead><tr><th>arm</th><th>reference arm</th><th>cases (pairs)</th><th>mean Δ aligned</th><th>95% CI</th><th>McNemar: only reference passes / only arm passes</th><th>verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function flipTable(r: NativeResults): string {
  const base = r.metadata.baselineArm;
  const rows = r.items
    .filter((i) => i.arm !== base)
    .flatMap((i) => {
      const b = r.items.find((x) => x.arm === base && x.caseId === i.caseId && x.epoch === i.epoch);
      if (!b || b.primary.passed === i.primary.passed) return [];
      return [
        `<tr><td>${escapeHtml(i.caseId)}</td><td>${escapeHtml(i.arm)}</td><td>${i.primary.passed ? '<span class="pass">pass</span>' : '<span class="fail">fail</span>'}</td><td>${b.primary.passed ? '<span class="pass">pass</span>' : '<span class="fail">fail</span>'}</td></tr>`,
      ];
    });
  return `<table id="flips"><thead><tr><th>case</th><th>arm</th><th>arm outcome</th><th>${escapeHtml(base)} outcome</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="4">No paired flips.</td></tr>'}</tbody></table>`;
}

const SCRIPT = `(() => {
const data = JSON.parse(document.getElementById('results-data').textContent);
const reasons = JSON.parse(document.getElementById('reasons-data').textContent);
const items = data.items;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[c]);
const num = (x) => typeof x === 'number' && !Number.isInteger(x) ? x.toFixed(1) : String(x);
const arrow = (d) => d === 'lower' ? '↓' : '↑';
const outcome = (i) => i.classification;
const failure = (i) => i.live.failingStatusCode || (i.primary.passed ? 'none' : 'threshold');
const duration = (ms) => ms < 1000 ? ms + ' ms' : ms < 60000 ? (ms / 1000).toFixed(1) + ' s' : ms < 3600000 ? Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s' : Math.floor(ms / 3600000) + ' h ' + Math.round((ms % 3600000) / 60000) + ' min';
const words = (key) => key.replace(/Ms$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
function metricRows(value) {
  if (!value || typeof value !== 'object') return '<tr><td colspan="2">none recorded</td></tr>';
  return Object.entries(value).filter(([k]) => k !== 'measuredAt').map(([k, v]) => {
    const shown = v === null ? 'none yet' : /Ms$/.test(k) && typeof v === 'number' ? duration(v) : Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return '<tr><td>' + esc(words(k)) + '</td><td>' + esc(shown) + '</td></tr>';
  }).join('');
}
function fill(id, values) { const sel = $(id); [...new Set(values)].sort().forEach((v) => { const o = document.createElement('option'); o.value = v; o.textContent = v; sel.appendChild(o); }); sel.addEventListener('change', render); }
fill('f-arm', items.map((i) => i.arm)); fill('f-family', items.map((i) => i.family)); fill('f-outcome', items.map(outcome)); fill('f-failure', items.map(failure));
function render() {
  const want = { arm: $('f-arm').value, family: $('f-family').value, outcome: $('f-outcome').value, failure: $('f-failure').value };
  const shown = items.filter((i) => (!want.arm || i.arm === want.arm) && (!want.family || i.family === want.family) && (!want.outcome || outcome(i) === want.outcome) && (!want.failure || failure(i) === want.failure));
  $('items-body').innerHTML = shown.map((i) => '<tr class="item" data-id="' + esc(i.itemId) + '"><td>' + esc(i.caseId) + '</td><td>' + esc(i.arm) + '</td><td>' + i.epoch + '</td><td>' + esc(i.family) + '</td><td>' + esc(i.primary.metric) + '</td><td title="' + (i.primary.direction === 'lower' ? 'lower is better' : 'higher is better') + '">' + num(i.primary.value) + ' ' + arrow(i.primary.direction) + '</td><td>' + num(i.primary.alignedScore) + ' / ' + num(i.primary.threshold) + '</td><td class="' + (i.classification === 'passed' ? 'pass' : i.classification === 'failed' ? 'fail' : 'infra') + '">' + esc(i.classification) + '</td><td>' + esc(failure(i)) + '</td></tr>').join('');
  $('shown').textContent = shown.length + ' of ' + items.length + ' items';
}
function close() { $('detail').style.display = 'none'; $('detail').innerHTML = ''; }
$('items-body').addEventListener('click', (e) => {
  const row = e.target.closest('tr.item'); if (!row) return;
  const i = items.find((x) => x.itemId === row.dataset.id);
  const p = i.primary;
  const metrics = Object.entries(i.metrics).map(([k, v]) => '<tr><td>' + esc(k) + '</td><td>' + num(v) + '</td></tr>').join('');
  const gates = i.gates.map((g) => '<tr><td>' + esc(g.gate) + (g.agentId ? ' ' + esc(g.agentId) : '') + '</td><td class="' + (g.ok ? 'pass' : 'fail') + '">' + esc(g.statusCode) + '</td><td>' + esc(g.detail) + '</td></tr>').join('');
  const passed = i.classification === 'passed';
  $('detail').innerHTML = '<button id="detail-close" type="button" aria-label="close the item detail">Close ✕</button><h3>' + esc(i.itemId) + '</h3>' +
    '<p class="why' + (passed ? ' ok' : '') + '"><strong>' + (passed ? 'Passed' : i.classification === 'failed' ? 'Failed' : 'Infrastructure error') + ':</strong> ' + esc(passed ? p.metric + ' = ' + num(p.value) + ' (' + arrow(p.direction) + ' ' + p.direction + ' is better; aligned ' + num(p.alignedScore) + ' ≥ threshold ' + num(p.threshold) + ')' : reasons[i.itemId]) + '</p>' +
    '<p class="meta">Launcher: wave ' + esc(i.live.finalStatus) + ' after ' + i.live.attempts + ' attempt(s), gate ' + esc(i.live.failingStatusCode || i.live.gateOutcome) + '; ' + i.live.recordsWritten + ' records; wall ' + duration(i.live.wallTimeMs) + ', agent processes ' + duration(i.live.agentProcessTimeMs) + '</p>' +
    '<h4>Metrics</h4><table>' + metrics + '</table><h4>Gate snapshot</h4><table>' + (gates || '<tr><td>no gates</td></tr>') + '</table>' +
    '<h4>Coordination response metrics</h4><p class="meta">Ages and times come from the coordination log\\'s clock: a logical clock in the native suite, not wall time.</p><table>' + metricRows(i.live.responseMetrics) + '</table>' +
    (i.infraErrors ? '<h4>Infrastructure errors</h4><pre>' + esc(i.infraErrors.join('\\n')) + '</pre>' : '') +
    '<h4>Log excerpt</h4><pre>' + esc(i.logExcerpt || '(none)') + '</pre>';
  $('detail').style.display = 'block';
  $('detail-close').addEventListener('click', close);
  $('detail').scrollIntoView();
});
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
render();
})();`;

/** The whole report as one HTML string. */
export function renderNativeHtml(r: NativeResults): string {
  const m = r.metadata;
  const data = JSON.stringify(r).replace(/</g, '\\u003c');
  const reasons = JSON.stringify(Object.fromEntries(r.items.map((i) => [i.itemId, failureReason(i)]))).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>wave-bench report</title><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"><style>${STYLE}</style></head><body>
<h1>wave-bench native suite</h1>
<p class="meta">wave-bench ${escapeHtml(m.waveBenchVersion)} · git ${escapeHtml(m.gitRevision ?? 'unknown')} · ${r.items.length} items · ${m.epochs} epoch(s) · seed ${m.seed} · finished ${escapeHtml(m.finishedAt)}${r.repeats ? ` · ${escapeHtml(describeEpochAgreement(r.repeats))}` : ''}</p>
<h2>Arms</h2>${armCharts(r)}
<h2>${r.comparisons.length ? `Comparisons against the reference arm${baselinesOf(r).length > 1 ? 's' : ''} ${escapeHtml(baselinesOf(r).join(' and '))}` : 'Comparisons'}</h2>${comparisonTable(r)}
${r.comparisons.length ? `<h2>Paired flips</h2>${flipTable(r)}` : ''}
<h2>Items</h2>
<div id="filters"><label>arm <select id="f-arm"><option value="">all</option></select></label><label>family <select id="f-family"><option value="">all</option></select></label><label>outcome <select id="f-outcome"><option value="">all</option></select></label><label>failure <select id="f-failure"><option value="">all</option></select></label><span id="shown"></span></div>
<p class="meta">value: the primary metric as measured (↓ lower or ↑ higher is better); aligned: turned so that higher is better; an item passes when aligned ≥ threshold.</p>
<table id="items"><thead><tr><th>case</th><th>arm</th><th>epoch</th><th>family</th><th>primary metric</th><th>value</th><th>aligned / threshold</th><th>result</th><th>failure class</th></tr></thead><tbody id="items-body"></tbody></table>
<div id="detail" role="dialog" aria-label="item detail"></div>
<script type="application/json" id="results-data">${data}</script>
<script type="application/json" id="reasons-data">${reasons}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
