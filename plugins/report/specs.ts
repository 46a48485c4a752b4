import type { FrameActivationRow, MeanActivationRow, ScoreRow } from './extract.js';

/** Vega-Lite specs of the report's charts; each takes the rows that also go to data/<chart>.json. */

export type VegaLiteSpec = Record<string, unknown>;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
const distinct = <T>(rows: readonly T[], key: (r: T) => unknown) => new Set(rows.map(key)).size;
/** Values of a field in order of first appearance (facet and legend order = the rows' order, not alphabetical). */
const inOrder = <T>(rows: readonly T[], key: (r: T) => string): string[] => [...new Set(rows.map(key))];

/** Table 2 as bars: BLEU-4 and METEOR, the paper's models beside the runs of this report. */
export function scoresSpec(rows: ScoreRow[]): VegaLiteSpec {
  return {
    data: { values: rows },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: ['BLEU-4', 'METEOR'] } },
    spec: {
      width: 260,
      height: { step: 22 },
      encoding: {
        y: { field: 'model', type: 'nominal', sort: null, title: null },
        x: { field: 'value', type: 'quantitative', title: 'score', scale: { domainMin: 0 } },
        color: { field: 'source', type: 'nominal', title: 'numbers from', scale: { domain: ['paper (MSVD)', 'this report'], range: ['#9e9e9e', '#2166ac'] } },
        tooltip: [
          { field: 'model', type: 'nominal' },
          { field: 'metric', type: 'nominal' },
          { field: 'value', type: 'quantitative', format: '.3f' },
          { field: 'source', type: 'nominal' },
        ],
      },
      layer: [{ mark: 'bar' }, { mark: { type: 'text', align: 'left', dx: 3 }, encoding: { text: { field: 'value', type: 'quantitative', format: '.3f' }, color: { value: '#333' } } }],
    },
    resolve: { scale: { x: 'independent' } },
  };
}

/** Fig. 3: mean activation of every neuron for each topic; rows of the facet are runs (LSTM-I beside LSTM-B). */
export function meanActivationSpec(rows: MeanActivationRow[]): VegaLiteSpec {
  const neurons = distinct(rows, (r) => r.neuron);
  return {
    data: { values: rows },
    facet: {
      row: { field: 'run', type: 'nominal', title: null, sort: inOrder(rows, (r) => r.run) },
      column: { field: 'topicLabel', type: 'nominal', title: 'topic', sort: inOrder(rows, (r) => r.topicLabel) },
    },
    spec: {
      width: 220,
      height: 110,
      encoding: {
        x: { field: 'neuron', type: 'quantitative', title: 'neuron', scale: { domain: [-0.5, neurons - 0.5], nice: false }, axis: { tickMinStep: 1 } },
        y: { field: 'activation', type: 'quantitative', title: 'mean activation' },
        tooltip: [
          { field: 'run', type: 'nominal' },
          { field: 'topic', type: 'nominal' },
          { field: 'neuron', type: 'quantitative' },
          { field: 'activation', type: 'quantitative', format: '.4f' },
        ],
      },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: neurons <= 64 ? 3 : 1 },
          encoding: {
            y2: { datum: 0 },
            color: { field: 'role', type: 'nominal', title: null, scale: { domain: ['topic neuron', 'other neuron'], range: ['#d6604d', '#9e9e9e'] } },
          },
        },
        { transform: [{ filter: "datum.role === 'topic neuron'" }], mark: { type: 'point', shape: 'triangle-down', filled: true, size: 60, color: '#d6604d' } },
      ],
    },
  };
}

/** Fig. 4: activation of topic neurons through the frames of sample test videos. */
export function frameActivationSpec(rows: FrameActivationRow[]): VegaLiteSpec {
  const runs = distinct(rows, (r) => r.run);
  const frames = distinct(rows, (r) => r.frame);
  const inner = {
    width: 240,
    height: 140,
    mark: { type: 'line', point: frames <= 32 },
    encoding: {
      x: { field: 'frame', type: 'quantitative', title: 'frame', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: 'activation' },
      color: { field: 'topicLabel', type: 'nominal', title: 'topic' },
      detail: { field: 'neuron', type: 'nominal' },
      strokeDash: { field: 'inVideo', type: 'nominal', title: 'topic in video', scale: { domain: ['yes', 'no', 'unknown'], range: [[1, 0], [4, 3], [1, 0]] }, legend: { symbolType: 'stroke', symbolStrokeWidth: 2 } },
      tooltip: [
        { field: 'video', type: 'nominal' },
        { field: 'series', type: 'nominal', title: 'topic (neuron)' },
        { field: 'frame', type: 'quantitative' },
        { field: 'value', type: 'quantitative', format: '.4f' },
      ],
    },
  };
  if (runs > 1) {
    return {
      data: { values: rows },
      facet: { row: { field: 'run', type: 'nominal', title: null, sort: inOrder(rows, (r) => r.run) }, column: { field: 'video', type: 'nominal', title: 'video' } },
      spec: inner,
    };
  }
  return { data: { values: rows }, facet: { field: 'video', type: 'nominal', title: 'video' }, columns: 2, spec: inner };
}

/** The neuron–topic map as a heatmap of counts (neurons and topics that occur in the map only). */
export function neuronMapSpec(rows: { run: string; neuron: number; topic: string; topicLabel: string; count: number }[]): VegaLiteSpec {
  const neurons = distinct(rows, (r) => r.neuron);
  const topics = distinct(rows, (r) => r.topicLabel);
  const inner = {
    width: clamp(neurons * 14, 120, 900),
    height: clamp(topics * 16, 60, 1600),
    mark: 'rect',
    encoding: {
      x: { field: 'neuron', type: 'ordinal', title: 'neuron', sort: 'ascending' },
      y: { field: 'topicLabel', type: 'nominal', title: 'topic', sort: inOrder(rows, (r) => r.topicLabel) },
      color: { field: 'count', type: 'quantitative', title: 'times chosen', scale: { scheme: 'blues' } },
      tooltip: [
        { field: 'neuron', type: 'ordinal' },
        { field: 'topic', type: 'nominal' },
        { field: 'count', type: 'quantitative' },
      ],
    },
  };
  if (distinct(rows, (r) => r.run) > 1) {
    return { data: { values: rows }, facet: { column: { field: 'run', type: 'nominal', title: null, sort: inOrder(rows, (r) => r.run) } }, spec: inner, resolve: { scale: { x: 'independent' } } };
  }
  return { data: { values: rows }, ...inner };
}

/** One small line chart per series (independent y scales), runs as colours. */
export function perEpochSpec<F extends 'series' | 'metric'>(rows: ({ run: string; epoch: number; value: number } & Record<F, string>)[], facetField: F, yTitle: string): VegaLiteSpec {
  return {
    data: { values: rows },
    facet: { column: { field: facetField, type: 'nominal', title: null, sort: inOrder(rows, (r) => r[facetField]) } },
    spec: {
      width: 240,
      height: 160,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: false } },
        color: { field: 'run', type: 'nominal', title: 'run', sort: inOrder(rows, (r) => r.run) },
        tooltip: [
          { field: 'run', type: 'nominal' },
          { field: facetField, type: 'nominal' },
          { field: 'epoch', type: 'quantitative' },
          { field: 'value', type: 'quantitative', format: '.4f' },
        ],
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** Per-topic interpretability scores: one box plot per run and measure (points = topics). */
export function interpretabilitySpec(rows: { run: string; topicLabel: string; neuron: number; measure: string; value: number }[]): VegaLiteSpec {
  return {
    data: { values: rows },
    facet: { column: { field: 'measure', type: 'nominal', title: null, sort: inOrder(rows, (r) => r.measure) } },
    spec: {
      width: 180,
      height: { step: 36 },
      encoding: {
        y: { field: 'run', type: 'nominal', title: null, sort: inOrder(rows, (r) => r.run) },
        x: { field: 'value', type: 'quantitative', title: 'per-topic value', scale: { zero: false }, axis: { tickCount: 4 } },
      },
      layer: [
        { mark: { type: 'boxplot', extent: 'min-max', opacity: 0.5 }, encoding: { color: { field: 'run', type: 'nominal', legend: null, sort: inOrder(rows, (r) => r.run) } } },
        {
          mark: { type: 'point', size: 14, opacity: 0.7, color: '#333' },
          encoding: {
            tooltip: [
              { field: 'topicLabel', type: 'nominal', title: 'topic' },
              { field: 'neuron', type: 'quantitative' },
              { field: 'value', type: 'quantitative', format: '.3f' },
            ],
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  };
}
