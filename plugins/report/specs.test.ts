import { describe, expect, it } from 'vitest';
import type { FrameActivationRow } from './extract.js';
import { TOPIC_COLORS, topicScales } from './palette.js';
import { CARD_WIDTH, frameActivationSpec, IN_VIDEO_DASH, perEpochSpec } from './specs.js';

const frameRows = (topics: number, videos = 4, runs = ['LSTM-I (a)']): FrameActivationRow[] =>
  runs.flatMap((run) =>
    Array.from({ length: topics }, (_, t) =>
      Array.from({ length: 8 }, (_, frame) => {
        const video = `v${t % videos}`;
        return {
          run,
          video,
          series: `t${t} (neuron ${t})`,
          topic: `t${t}`,
          topicLabel: `t${t}`,
          neuron: t,
          inVideo: 'yes' as const,
          frame,
          value: Math.sin(frame + t),
        };
      }),
    ).flat(),
  );

describe('topic colours', () => {
  it('gives 12 topics 12 different colours (category10 repeats after 10)', () => {
    const { color } = topicScales(Array.from({ length: 12 }, (_, i) => `topic${i}`));
    expect(color.domain).toHaveLength(12);
    expect(new Set(color.range).size).toBe(12);
  });

  it('keeps 25 topics apart by colour and shape together', () => {
    const names = Array.from({ length: 25 }, (_, i) => `topic${i}`);
    const { color, shape } = topicScales(names);
    const pairs = names.map((_, i) => `${color.range[i]}|${shape.range[i]}`);
    expect(new Set(pairs).size).toBe(25);
    expect(new Set(color.range).size).toBe(TOPIC_COLORS.length);
  });

  it('colours only the topics a chart draws, in the order they appear', () => {
    const spec = frameActivationSpec(frameRows(3)) as { spec: { encoding: { color: { scale: { domain: string[] } } } } };
    expect(spec.spec.encoding.color.scale.domain).toEqual(['t0', 't1', 't2']);
  });
});

describe('Fig. 4 line styles', () => {
  it('draws yes, no and unknown with three different dash patterns', () => {
    expect(IN_VIDEO_DASH.domain).toEqual(['yes', 'no', 'unknown']);
    expect(new Set(IN_VIDEO_DASH.range.map((d) => d.join(','))).size).toBe(3);
  });
});

describe('chart widths', () => {
  it('wraps per-epoch panels so that a row of them (with its legend) fits the card', () => {
    const rows = ['METEOR (selection metric)', 'Bleu_1', 'Bleu_2', 'Bleu_3', 'Bleu_4'].flatMap((panel) =>
      [1, 2].map((epoch) => ({ run: 'r', epoch, panel, value: 0.5 })),
    );
    const spec = perEpochSpec(rows, 'panel', 'score') as { columns: number; spec: { width: number }; facet: { sort: string[] } };
    expect(spec.columns).toBeGreaterThanOrEqual(2);
    expect(spec.columns).toBeLessThan(5);
    // cells + y axes + spacing + legend
    expect(spec.columns * (spec.spec.width + 80) + 170).toBeLessThanOrEqual(CARD_WIDTH);
    expect(spec.facet.sort[0]).toBe('METEOR (selection metric)');
  });

  it('narrows Fig. 4 cells so that four videos of two runs fit beside the legend', () => {
    const spec = frameActivationSpec(frameRows(8, 4, ['LSTM-I (a)', 'LSTM-B (b)'])) as { spec: { width: number } };
    expect(4 * (spec.spec.width + 20) + 60 + 30 + 170).toBeLessThanOrEqual(CARD_WIDTH);
  });
});
