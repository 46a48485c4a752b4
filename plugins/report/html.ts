import type { ChartLibrary } from './assets.js';
import { escapeHtml as h, jsonForScript } from './escape.js';
import { INPUTS, type Part, type RunData } from './read-run.js';
import type { Section } from './sections.js';

/**
 * No network at all: scripts and styles are inline; Vega compiles its expressions with
 * `new Function` (hence 'unsafe-eval'); images only as data: URLs (the chart export menu is off).
 */
export const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 0 0 6px; } h3 { font-size: 15px; margin: 14px 0 6px; }
section { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 14px 18px; margin: 16px 0; overflow-x: auto; }
nav a { margin-right: 12px; } .small, .lead { color: #555; } .small { font-size: 12px; }
.note { padding: 6px 10px; border-radius: 4px; margin: 6px 0; }
.note.missing { background: #fff4e5; border-left: 4px solid #e08a00; }
.note.info { background: #eef4fb; border-left: 4px solid #2166ac; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td ul { margin: 0; padding-left: 16px; }
.chart { margin: 10px 0; min-height: 40px; } .chart-title { font-weight: 600; margin-top: 10px; }
.chart-error { color: #b00020; } code { background: #f0f0f0; padding: 0 3px; border-radius: 3px; }
details > summary { cursor: pointer; color: #2166ac; margin: 4px 0; } td details > summary { font-size: 12px; }
`;

/** Turns `code` spans of an escaped note into <code>. */
const withCode = (escaped: string) => escaped.replace(/`([^`]+)`/g, '<code>$1</code>');

function inputsTable(runs: readonly RunData[]): string {
  const keys = Object.keys(INPUTS) as (keyof typeof INPUTS)[];
  const status = (p: Part<unknown>) => (p.ok ? 'ok' : p.problem);
  const head = `<tr><th>input</th><th>stage</th>${runs.map((r) => `<th>${h(r.label)}</th>`).join('')}</tr>`;
  const rows = keys.map((k) => {
    const [stage, file] = INPUTS[k];
    const cells = runs.map((r) => `<td>${h(status(r[k] as Part<unknown>))}</td>`).join('');
    return `<tr><td>${h(stage === 'run' ? file : `${stage}/${file}`)}</td><td>${h(stage === 'run' ? '(run)' : stage)}</td>${cells}</tr>`;
  });
  return `<table class="inputs"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderSection(s: Section): string {
  const notes = s.notes.map((n) => `<p class="note ${n.kind}">${withCode(h(n.text))}</p>`).join('\n');
  const charts = s.charts
    .map((c) => `<div class="chart-title">${h(c.title)}</div>\n<div class="chart" id="chart-${h(c.id)}" data-chart="${h(c.id)}"></div>`)
    .join('\n');
  const data = s.data.length
    ? `<p class="small">Data: ${s.data.map((d) => `<a href="data/${h(d.name)}.json">${h(d.name)}.json</a> · <a href="data/${h(d.name)}.csv">${h(d.name)}.csv</a>`).join(' | ')}</p>`
    : '';
  return `<section id="${h(s.id)}">
<h2>${h(s.title)}</h2>
<p class="lead">${h(s.lead)}</p>
${notes}
${charts}
${s.tables.join('\n')}
${data}
</section>`;
}

/** The renderer: draws each chart into its container, marks it data-rendered, and reports failures in place. */
const BOOT = `
(function () {
  var charts = JSON.parse(document.getElementById('report-charts').textContent);
  var done = 0, failed = 0;
  function finish() { if (done + failed === charts.length) { document.body.setAttribute('data-charts-done', String(done)); document.body.setAttribute('data-charts-failed', String(failed)); } }
  function fail(el, id, err) {
    failed++;
    el.setAttribute('data-rendered', 'error');
    var p = document.createElement('p');
    p.className = 'chart-error';
    p.textContent = 'This chart could not be drawn: ' + (err && err.message ? err.message : String(err));
    el.appendChild(p);
    console.error('topiclens report: chart ' + id + ' failed: ' + (err && err.message ? err.message : String(err)));
    finish();
  }
  if (charts.length === 0) finish();
  charts.forEach(function (c) {
    var el = document.getElementById('chart-' + c.id);
    try {
      vegaEmbed(el, c.spec, { mode: 'vega-lite', renderer: 'svg', actions: false }).then(function () {
        done++;
        el.setAttribute('data-rendered', 'true');
        finish();
      }, function (err) { fail(el, c.id, err); });
    } catch (err) { fail(el, c.id, err); }
  });
})();
`;

export interface PageInput {
  runs: readonly RunData[];
  sections: Section[];
  library: ChartLibrary;
}

/** The whole self-contained page. Every piece of run data is escaped (text) or JSON-escaped (script data). */
export function renderPage({ runs, sections, library }: PageInput): string {
  const title = `topiclens report — ${runs.map((r) => r.label).join(' vs ')}`;
  const charts = sections.flatMap((s) => s.charts.map((c) => ({ id: c.id, spec: c.spec })));
  const nav = sections.map((s) => `<a href="#${h(s.id)}">${h(s.title)}</a>`).join('');
  const libs = library.scripts.map((s) => `${s.name} ${s.version}`).join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${h(title)}</h1>
<p class="small">${runs.map((r) => `${h(r.label)}: <code>${h(r.dir)}</code>`).join('<br>')}</p>
<nav>${nav}</nav>
<section id="inputs"><h2>Inputs</h2><p class="lead">What each run folder holds (missing inputs leave their section without a chart and say which stage writes them).</p>${inputsTable(runs)}</section>
${sections.map(renderSection).join('\n')}
<p class="small">Charts: ${h(libs)}, inlined; the page makes no network requests.</p>
</main>
${library.scripts.map((s) => `<script>/* ${h(s.name)} ${h(s.version)} */\n${s.source}\n</script>`).join('\n')}
<script type="application/json" id="report-charts">${jsonForScript(charts)}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}
