// topiclens studio: plain browser JavaScript over the studio's JSON API. Charts: vega-lite via vega-embed (served locally).
'use strict';
const $ = (id) => document.getElementById(id);
const state = { run: null, video: null, data: null };

async function call(path, body) {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error || `HTTP ${res.status}`);
  return json;
}
const status = (text) => { $('status').textContent = text; };
const label = (k) => state.run.topics[k].label;
const chips = (el, list, cls) => {
  el.replaceChildren(...list.map((k) => Object.assign(document.createElement('span'), { className: `chip ${cls}`, textContent: label(k), title: state.run.topics[k].name })));
  if (!list.length) el.textContent = '—';
};
const embed = (el, spec) => vegaEmbed(el, { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...spec }, { actions: false, renderer: 'svg' });

function renderHistory(h) {
  $('history').replaceChildren(...h.models.map((m) => {
    const li = document.createElement('li');
    li.dataset.id = m.id;
    li.textContent = m.parent ? `${m.id}: +${m.topicName} on ${m.video}` : `${m.id}: trained model`;
    if (m.id === h.current) li.className = 'current';
    return li;
  }));
  $('undo').disabled = h.current === 'base';
}

function renderNeuronMap() {
  if (!state.run.neuronMap.length) { $('neuron-map').textContent = 'no neurons mapped'; return; }
  embed($('neuron-map'), {
    data: { values: state.run.neuronMap }, width: 260, height: { step: 14 },
    mark: 'rect',
    encoding: { x: { field: 'neuron', type: 'ordinal' }, y: { field: 'topic', type: 'nominal' }, color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } }, tooltip: [{ field: 'topic' }, { field: 'neuron' }, { field: 'count' }] },
  });
}

async function renderActivations() {
  const chosen = [...$('act-topic').selectedOptions].map((o) => o.value);
  if (!state.video || !chosen.length) { $('activations').textContent = 'choose topics'; return; }
  const a = await call(`/api/videos/${encodeURIComponent(state.video)}/activations?topics=${chosen.join(',')}`);
  const values = a.series.flatMap((s) => s.values.map((v, frame) => ({ frame, activation: v, neuron: `neuron ${s.neuron} (${s.topic})` })));
  embed($('activations'), {
    data: { values }, width: 520, height: 180, mark: { type: 'line', point: true },
    encoding: { x: { field: 'frame', type: 'quantitative' }, y: { field: 'activation', type: 'quantitative' }, color: { field: 'neuron', type: 'nominal' } },
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
  $('references').replaceChildren(...v.references.map((r) => Object.assign(document.createElement('li'), { textContent: r })));
  chips($('present'), v.present, '');
  chips($('predicted'), v.predicted, 'hit');
  chips($('missing-list'), v.missing, 'missing');
  $('missing').replaceChildren(...v.missing.map((k) => Object.assign(document.createElement('option'), { value: label(k), textContent: label(k) })));
  $('refine').disabled = v.missing.length === 0;
  const act = $('act-topic');
  const keep = new Set([...act.selectedOptions].map((o) => o.value));
  act.replaceChildren(...state.run.topics.filter((t) => t.neurons.length).map((t) => Object.assign(document.createElement('option'), { value: t.label, textContent: t.label, selected: keep.size ? keep.has(t.label) : v.present.includes(t.index) })));
  const cells = v.heatmap.values.flatMap((row, frame) => row.map((x, bin) => ({ frame, bin, value: x })));
  embed($('heatmap'), {
    data: { values: cells }, width: 520, height: 140, mark: 'rect',
    encoding: { x: { field: 'bin', type: 'ordinal', title: `feature (bins of ${v.heatmap.binSize})`, axis: { labels: false } }, y: { field: 'frame', type: 'ordinal' }, color: { field: 'value', type: 'quantitative', scale: { scheme: 'viridis' } } },
  });
  await renderActivations();
  status(`ready (model ${v.model})`);
}

async function refine() {
  const topic = $('missing').value;
  if (!state.video || !topic) return;
  $('refine').disabled = true;
  status(`refining ${state.video} for "${topic}"…`);
  try {
    const r = await call('/api/refine', { video: state.video, topic });
    $('refine-result').textContent = `"${r.before}" → "${r.after}" (model ${r.model}; ‖v′−v*‖² ${r.report.targetDistanceBefore.toFixed(3)} → ${r.report.targetDistanceAfter.toFixed(3)})`;
    renderHistory(r.history);
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
    if (state.video) await showVideo(state.video);
  } catch (e) {
    status(`error: ${e.message}`);
  }
}

async function main() {
  state.run = await call('/api/run');
  $('run').textContent = `${state.run.name} — ${state.run.runDir}`;
  $('videos').replaceChildren(...state.run.testVideos.map((id) => {
    const li = document.createElement('li');
    li.append(Object.assign(document.createElement('button'), { textContent: id, onclick: () => showVideo(id).catch((e) => status(`error: ${e.message}`)) }));
    li.firstChild.dataset.id = id;
    return li;
  }));
  renderHistory(state.run.history);
  renderNeuronMap();
  $('refine').onclick = refine;
  $('undo').onclick = undo;
  $('act-topic').onchange = () => renderActivations().catch((e) => status(`error: ${e.message}`));
  status('pick a video');
}
main().catch((e) => status(`error: ${e.message}`));
