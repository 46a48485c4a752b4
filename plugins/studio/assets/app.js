// topiclens studio: plain browser JavaScript over the studio's JSON API. Charts: vega-lite via vega-embed (served locally).
'use strict';
const $ = (id) => document.getElementById(id);
const state = { run: null, video: null, data: null, list: null };
/** Topics the activation chart starts with for a video. */
const FIRST_TOPICS = 2;

async function call(path, body) {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error || `HTTP ${res.status}`);
  return json;
}
const status = (text) => { $('status').textContent = text; };
const label = (k) => state.run.topics[k].label;
const el = (tag, props, ...children) => { const e = Object.assign(document.createElement(tag), props); e.append(...children); return e; };
/** A neuron with its one name: `117 (black)`. */
const neuronName = (j) => (state.run.neuronNames[j] ? `${j} (${state.run.neuronNames[j]})` : String(j));
const chips = (target, list, cls) => {
  target.replaceChildren(...list.map((k) => el('span', { className: `chip ${cls}`, textContent: label(k), title: state.run.topics[k].name })));
  if (!list.length) target.textContent = '—';
};
const embed = (target, spec) => vegaEmbed(target, { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...spec }, { actions: false, renderer: 'svg' });

function renderHistory(h) {
  const byId = new Map(h.models.map((m) => [m.id, m]));
  const step = (id) => { const m = byId.get(id); return m && m.parent ? `${id} (+${m.topicName} on ${m.video})` : `${id} (trained model)`; };
  $('lineage').textContent = `${h.ancestry.map(step).join(' → ')}  ← current`;
  $('history').replaceChildren(...h.models.map((m) => {
    const li = el('li', { textContent: m.parent ? `${m.id}: +${m.topicName} on ${m.video}` : `${m.id}: trained model` });
    li.dataset.id = m.id;
    if (m.id === h.current) li.className = 'current';
    return li;
  }));
  $('undo').disabled = h.current === 'base';
}

function renderVideoList() {
  const rows = state.list ? [...state.list.videos] : state.run.testVideos.map((id) => ({ id, missing: null }));
  if ($('video-order').value === 'missing' && state.list) rows.sort((a, b) => b.missing.length - a.missing.length || a.id.localeCompare(b.id));
  $('videos').replaceChildren(...rows.map((r) => {
    const button = el('button', { onclick: () => showVideo(r.id).catch((e) => status(`error: ${e.message}`)) }, r.id);
    button.dataset.id = r.id;
    if (r.missing && r.missing.length) {
      button.append(el('span', { className: 'badge', textContent: String(r.missing.length), title: `misses ${r.missing.map(label).join(', ')}` }));
      button.title = r.caption;
    }
    if (r.id === state.video) button.classList.add('active');
    return el('li', {}, button);
  }));
  if (state.list) {
    const missing = state.list.videos.filter((r) => r.missing.length).length;
    $('video-summary').textContent = `${missing} of ${state.list.videos.length} captions miss a reference topic (model ${state.list.model}).`;
  }
}

async function loadVideoList() {
  status(`captioning ${state.run.testVideos.length} test videos with the current model…`);
  state.list = await call('/api/videos');
  renderVideoList();
}

function renderNeuronMap() {
  if (!state.run.neuronMap.length) { $('neuron-map').textContent = 'no neurons mapped'; return; }
  embed($('neuron-map'), {
    data: { values: state.run.neuronMap }, width: 260, height: { step: 14 },
    mark: 'rect',
    encoding: {
      x: { field: 'neuron', type: 'ordinal', axis: { labelOverlap: 'parity' } }, y: { field: 'topic', type: 'nominal', title: 'chosen for' },
      color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } },
      tooltip: [{ field: 'topic', title: 'chosen for' }, { field: 'neuron' }, { field: 'named', title: 'neuron named' }, { field: 'count' }],
    },
  });
}

/** The activation picker of a video: topics with neurons of their own, the video's first; its missing topics, then its others, selected (at most FIRST_TOPICS). */
function fillTopicPicker(v) {
  const withNeurons = state.run.topics.filter((t) => t.neurons.length);
  const rank = (t) => (v.missing.includes(t.index) ? 0 : v.present.includes(t.index) ? 1 : 2);
  const ordered = [...withNeurons].sort((a, b) => rank(a) - rank(b) || a.index - b.index);
  const chosen = new Set(ordered.filter((t) => rank(t) < 2).slice(0, FIRST_TOPICS).map((t) => t.label));
  $('act-topic').replaceChildren(...ordered.map((t) => el('option', { value: t.label, textContent: `${rank(t) < 2 ? '✓ ' : ''}${t.label}`, selected: chosen.has(t.label) })));
}

async function renderActivations() {
  const chosen = [...$('act-topic').selectedOptions].map((o) => o.value);
  if (!state.video || !chosen.length) { $('activations').textContent = 'choose topics'; return; }
  const a = await call(`/api/videos/${encodeURIComponent(state.video)}/activations?topics=${chosen.map(encodeURIComponent).join(',')}`);
  const values = a.series.flatMap((s) => s.values.map((v, frame) => ({ frame, activation: v, neuron: `neuron ${neuronName(s.neuron)}` })));
  const domain = [...new Set(values.map((x) => x.neuron))];
  embed($('activations'), {
    data: { values }, width: 520, height: 180, mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'frame', type: 'quantitative' }, y: { field: 'activation', type: 'quantitative' },
      color: { field: 'neuron', type: 'nominal', scale: { domain, range: domain.map((_, i) => state.run.palette[i % state.run.palette.length]) } },
    },
  });
}

async function showVideo(id) {
  status(`loading ${id}…`);
  state.video = id;
  document.querySelectorAll('#videos button').forEach((b) => b.classList.toggle('active', b.dataset.id === id));
  const v = await call(`/api/videos/${encodeURIComponent(id)}`);
  state.data = v;
  $('detail').hidden = false;
  $('video-title').textContent = id;
  $('caption').textContent = v.caption;
  $('model').textContent = `(model ${v.model})`;
  $('references').replaceChildren(...v.references.map((r) => el('li', { textContent: r })));
  chips($('present'), v.present, '');
  chips($('predicted'), v.predicted, 'hit');
  chips($('missing-list'), v.missing, 'missing');
  $('missing').replaceChildren(...v.missing.map((k) => el('option', { value: label(k), textContent: label(k) })));
  $('refine').disabled = v.missing.length === 0;
  fillTopicPicker(v);
  const cells = v.heatmap.values.flatMap((row, frame) => row.map((x, bin) => ({ frame, bin, value: x })));
  embed($('heatmap'), {
    data: { values: cells }, width: 520, height: 140, mark: 'rect',
    encoding: { x: { field: 'bin', type: 'ordinal', title: `feature (bins of ${v.heatmap.binSize})`, axis: { labels: false } }, y: { field: 'frame', type: 'ordinal' }, color: { field: 'value', type: 'quantitative', scale: { scheme: 'viridis' } } },
  });
  await renderActivations();
  status(`ready (model ${v.model})`);
}

function showOutcome(r) {
  const raised = r.neurons.map(neuronName).join(', ');
  $('refine-result').textContent = `"${r.before}" → "${r.after}" (model ${r.model}; raised neurons ${raised}; ‖v′−v*‖² ${r.report.targetDistanceBefore.toFixed(3)} → ${r.report.targetDistanceAfter.toFixed(3)})`;
  $('refine-outcome').hidden = false;
  $('refine-outcome').className = r.gained ? 'gained' : 'not-gained';
  $('advice-text').textContent = r.advice.text + (r.gained ? '' : ' What to try:');
  $('advice').replaceChildren(...r.advice.tries.map((t) => el('li', {}, el('b', { textContent: t.change }), ` — ${t.why}; ${t.how}`, ...(t.command ? [' ', el('code', { textContent: t.command })] : []))));
  const p = r.propagation;
  $('propagation').textContent =
    `Correction propagation: the refined model captions ${p.changedOthers} of the other ${p.total - 1} test videos differently; ` +
    `"${r.topic}" is now in ${p.carriedAfter} of the ${p.withTopic} captions of videos with it (before: ${p.carriedBefore}).`;
}

async function refine() {
  const topic = $('missing').value;
  if (!state.video || !topic) return;
  $('refine').disabled = true;
  status(`refining the model for "${topic}" on ${state.video}, then captioning every test video…`);
  try {
    const r = await call('/api/refine', { video: state.video, topic });
    showOutcome(r);
    renderHistory(r.history);
    await loadVideoList();
    await showVideo(state.video);
  } catch (e) {
    status(`error: ${e.message}`);
  } finally {
    $('refine').disabled = false;
  }
}

async function undo() {
  try {
    const r = await call('/api/undo', {});
    renderHistory(r.history);
    $('refine-result').textContent = `undone: back to ${r.model}`;
    $('refine-outcome').hidden = true;
    $('propagation').textContent = '';
    await loadVideoList();
    if (state.video) await showVideo(state.video);
  } catch (e) {
    status(`error: ${e.message}`);
  }
}

async function main() {
  state.run = await call('/api/run');
  $('run').textContent = `${state.run.name} — ${state.run.runDir}`;
  renderVideoList();
  renderHistory(state.run.history);
  renderNeuronMap();
  $('refine').onclick = refine;
  $('undo').onclick = undo;
  $('video-order').onchange = renderVideoList;
  $('act-topic').onchange = () => renderActivations().catch((e) => status(`error: ${e.message}`));
  await loadVideoList();
  status('pick a video');
}
main().catch((e) => status(`error: ${e.message}`));
