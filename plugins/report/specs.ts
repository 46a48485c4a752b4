import type { ContrastRow, FrameActivationRow, MeanActivationRow, ScoreRow } from './extract.js';
import { TOPIC_COLORS, topicScales } from './palette.js';

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
        color: {
          field: 'source',
          type: 'nominal',
          title: 'numbers from',
          scale: { domain: ['paper (MSVD)', 'this report'], range: ['#9e9e9e', '#2166ac'] },
        },
        tooltip: [
          { field: 'model', type: 'nominal' },
          { field: 'metric', type: 'nominal' },
          { field: 'value', type: 'quantitative', format: '.3f' },
          { field: 'source', type: 'nominal' },
        ],
      },
      layer: [
        { mark: 'bar' },
        {
          mark: { type: 'text', align: 'left', dx: 3 },
          encoding: { text: { field: 'value', type: 'quantitative', format: '.3f' }, color: { value: '#333' } },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  };
}

/**
 * Width a chart may take inside a report section (main 1200 px − paddings − borders = 1114):
 * charts are sized so that their cells, axes, headers and legends fit it, never a scroll bar.
 */
export const CARD_WIDTH = 1100;
/** Room taken besides the plot cells: a y axis with its title, a row header, a legend, facet spacing. */
const Y_AXIS = 60;
const ROW_HEADER = 30;
const SPACING = 20;
/** Cell width for `columns` cells side by side with `reserved` px of legend (and row headers) beside them. */
const cellWidth = (columns: number, reserved: number, max: number) =>
  Math.max(80, Math.min(max, Math.floor((CARD_WIDTH - Y_AXIS - reserved) / columns) - SPACING));

/** A neuron-by-neuron profile (Fig. 3): one rule per neuron from 0, own neurons red and marked with ▼; rows = runs, columns = topics. */
function profileSpec<R extends { run: string; topicLabel: string; neuron: number; role: string }>(
  rows: R[],
  y: { field: string; title: string },
  roles: [own: string, other: string],
  tooltip: { field: string; type: string; format?: string; title?: string }[],
): VegaLiteSpec {
  const neurons = Math.max(...rows.map((r) => r.neuron)) + 1;
  const topics = distinct(rows, (r) => r.topicLabel);
  const own = `datum.role === ${JSON.stringify(roles[0])}`;
  return {
    data: { values: rows },
    facet: {
      row: { field: 'run', type: 'nominal', title: null, sort: inOrder(rows, (r) => r.run) },
      column: { field: 'topicLabel', type: 'nominal', title: 'topic', sort: inOrder(rows, (r) => r.topicLabel) },
    },
    spec: {
      width: cellWidth(topics, 130 + ROW_HEADER, 260),
      height: 120,
      encoding: {
        x: {
          field: 'neuron',
          type: 'quantitative',
          title: 'neuron',
          scale: { domain: [-0.5, neurons - 0.5], nice: false },
          axis: { tickMinStep: 1 },
        },
        y: { field: y.field, type: 'quantitative', title: y.title },
        tooltip,
      },
      layer: [
        {
          // Own neurons drawn last, over the others.
          transform: [{ calculate: `${own} ? 1 : 0`, as: 'drawOrder' }],
          mark: { type: 'rule', strokeWidth: neurons <= 64 ? 3 : 1.5 },
          encoding: {
            y2: { datum: 0 },
            order: { field: 'drawOrder', type: 'quantitative' },
            color: { field: 'role', type: 'nominal', title: null, scale: { domain: roles, range: ['#d6604d', '#b0b0b0'] } },
          },
        },
        {
          transform: [{ filter: own }],
          mark: { type: 'point', shape: 'triangle-down', filled: true, size: 70, color: '#d6604d', yOffset: -7 },
        },
      ],
    },
  };
}

/** Fig. 3: per neuron, mean v̄ with the topic minus mean v̄ without it (test videos); own neurons red. */
export function contrastSpec(rows: ContrastRow[]): VegaLiteSpec {
  return profileSpec(
    rows,
    { field: 'contrast', title: 'with − without' },
    ['own neuron', 'other neuron'],
    [
      { field: 'run', type: 'nominal' },
      { field: 'topic', type: 'nominal' },
      { field: 'neuron', type: 'quantitative' },
      { field: 'role', type: 'nominal' },
      { field: 'contrast', type: 'quantitative', format: '.4f', title: 'with − without' },
      { field: 'withMean', type: 'quantitative', format: '.4f', title: 'mean with the topic' },
      { field: 'withoutMean', type: 'quantitative', format: '.4f', title: 'mean without it' },
    ],
  );
}

/** Fig. 3 of a run without fig3.json: mean activation of every neuron over test videos with the topic. */
export function meanActivationSpec(rows: MeanActivationRow[]): VegaLiteSpec {
  return profileSpec(
    rows,
    { field: 'activation', title: 'mean activation' },
    ['topic neuron', 'other neuron'],
    [
      { field: 'run', type: 'nominal' },
      { field: 'topic', type: 'nominal' },
      { field: 'neuron', type: 'quantitative' },
      { field: 'activation', type: 'quantitative', format: '.4f' },
    ],
  );
}

/** Dash patterns of "topic in video": solid yes, dashed no, dotted unknown (three patterns a reader can tell apart). */
export const IN_VIDEO_DASH = {
  domain: ['yes', 'no', 'unknown'],
  range: [
    [1, 0],
    [7, 4],
    [1, 3],
  ],
} as const;

/** Fig. 4: activation of topic neurons through the frames of sample test videos. */
export function frameActivationSpec(rows: FrameActivationRow[]): VegaLiteSpec {
  const runs = distinct(rows, (r) => r.run);
  const videos = distinct(rows, (r) => r.video);
  const frames = distinct(rows, (r) => r.frame);
  const scales = topicScales(inOrder(rows, (r) => r.topicLabel));
  const legend = 170;
  const columns = runs > 1 ? videos : Math.min(2, videos);
  const encoding = {
    x: { field: 'frame', type: 'quantitative', title: 'frame', axis: { tickMinStep: 1 } },
    y: { field: 'value', type: 'quantitative', title: 'activation' },
    color: {
      field: 'topicLabel',
      type: 'nominal',
      title: 'topic',
      scale: scales.color,
      legend: { symbolType: 'stroke', symbolStrokeWidth: 3, encode: { symbols: { update: { strokeDash: { value: [] } } } } },
    },
    detail: { field: 'series', type: 'nominal' },
    tooltip: [
      { field: 'video', type: 'nominal' },
      { field: 'series', type: 'nominal', title: 'topic (neuron)' },
      { field: 'inVideo', type: 'nominal', title: 'topic in video' },
      { field: 'frame', type: 'quantitative' },
      { field: 'value', type: 'quantitative', format: '.4f' },
    ],
  };
  const inner = {
    width: cellWidth(columns, legend + (runs > 1 ? ROW_HEADER : 0), 260),
    height: 140,
    encoding,
    layer: [
      {
        mark: { type: 'line', strokeWidth: 2, strokeCap: 'butt' },
        encoding: {
          strokeDash: {
            field: 'inVideo',
            type: 'nominal',
            title: 'topic in video',
            scale: IN_VIDEO_DASH,
            legend: { symbolType: 'stroke', symbolStrokeColor: '#333', symbolStrokeWidth: 2, symbolSize: 700 },
          },
        },
      },
      ...(frames <= 32 && scales.shape.domain.length > TOPIC_COLORS.length
        ? [
            {
              mark: { type: 'point', filled: true, size: 18 },
              encoding: { shape: { field: 'topicLabel', type: 'nominal', title: 'topic', scale: scales.shape } },
            },
          ]
        : []),
    ],
  };
  if (runs > 1) {
    return {
      data: { values: rows },
      facet: {
        row: { field: 'run', type: 'nominal', title: null, sort: inOrder(rows, (r) => r.run) },
        column: { field: 'video', type: 'nominal', title: 'video' },
      },
      spec: inner,
    };
  }
  return { data: { values: rows }, facet: { field: 'video', type: 'nominal', title: 'video' }, columns, spec: inner };
}

/** The neuron–topic map as a heatmap of counts (neurons and topics that occur in the map only); several runs stack. */
export function neuronMapSpec(
  rows: { run: string; neuron: number; topic: string; topicLabel: string; named: string; count: number }[],
): VegaLiteSpec {
  const neurons = distinct(rows, (r) => r.neuron);
  const topics = distinct(rows, (r) => r.topicLabel);
  const inner = {
    width: clamp(neurons * 12, 120, CARD_WIDTH - 130 - 90 - ROW_HEADER),
    height: clamp(topics * 14, 60, 1600),
    mark: 'rect',
    encoding: {
      x: { field: 'neuron', type: 'ordinal', title: 'neuron', sort: 'ascending', axis: { labelOverlap: 'parity', labelAngle: 0 } },
      y: { field: 'topicLabel', type: 'nominal', title: 'topic', sort: inOrder(rows, (r) => r.topicLabel) },
      color: { field: 'count', type: 'quantitative', title: 'times chosen', scale: { scheme: 'blues' } },
      tooltip: [
        { field: 'neuron', type: 'ordinal' },
        { field: 'named', type: 'nominal', title: 'neuron named' },
        { field: 'topic', type: 'nominal', title: 'chosen for' },
        { field: 'count', type: 'quantitative' },
      ],
    },
  };
  if (distinct(rows, (r) => r.run) > 1) {
    return {
      data: { values: rows },
      facet: { row: { field: 'run', type: 'nominal', title: null, sort: inOrder(rows, (r) => r.run) } },
      spec: inner,
      resolve: { scale: { x: 'independent' } },
    };
  }
  return { data: { values: rows }, ...inner };
}

/** One small line chart per series (independent y scales), wrapped so that a row fits the card; runs as colours. */
export function perEpochSpec<F extends 'series' | 'panel'>(
  rows: ({ run: string; epoch: number; value: number } & Record<F, string>)[],
  facetField: F,
  yTitle: string,
): VegaLiteSpec {
  const width = 220;
  const legend = 170;
  const columns = Math.max(
    1,
    Math.min(
      distinct(rows, (r) => r[facetField]),
      Math.floor((CARD_WIDTH - legend) / (width + Y_AXIS + SPACING)),
    ),
  );
  return {
    data: { values: rows },
    facet: { field: facetField, type: 'nominal', title: null, sort: inOrder(rows, (r) => r[facetField]) },
    columns,
    spec: {
      width,
      height: 150,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: false } },
        color: { field: 'run', type: 'nominal', title: 'run', sort: inOrder(rows, (r) => r.run), legend: { labelLimit: legend - 40 } },
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

/** Per-topic interpretability scores: one box plot per run and measure (points = topics), wrapped three measures a row. */
export function interpretabilitySpec(
  rows: { run: string; topicLabel: string; neuron: number | null; measureName: string; value: number }[],
): VegaLiteSpec {
  const measures = inOrder(rows, (r) => r.measureName);
  const columns = Math.min(3, measures.length);
  return {
    data: { values: rows },
    facet: { field: 'measureName', type: 'nominal', title: null, sort: measures },
    columns,
    spec: {
      width: cellWidth(columns, 150, 240),
      height: { step: 36 },
      encoding: {
        y: { field: 'run', type: 'nominal', title: null, sort: inOrder(rows, (r) => r.run), axis: { labelLimit: 140 } },
        x: { field: 'value', type: 'quantitative', title: 'per-topic value', scale: { zero: false }, axis: { tickCount: 4 } },
      },
      layer: [
        {
          mark: { type: 'boxplot', extent: 'min-max', opacity: 0.5 },
          encoding: { color: { field: 'run', type: 'nominal', legend: null, sort: inOrder(rows, (r) => r.run) } },
        },
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
