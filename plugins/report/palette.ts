/**
 * Colours for topics in charts. Vega's default (category10) repeats after 10 values, so two
 * topics of one chart could share a colour (bear and yellow both orange). Here each chart colours
 * only the topics it draws, from 20 colours that stay apart (Sasha Trubetskoy's list of 20
 * distinct colours, reordered so the palest, weakest on white, come last), and past 20 a point
 * shape tells the rest apart.
 */

export const TOPIC_COLORS = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
  '#469990',
  '#9a6324',
  '#800000',
  '#808000',
  '#000075',
  '#a9a9a9',
  '#000000',
  '#ffe119',
  '#fabed4',
  '#dcbeff',
  '#aaffc3',
  '#ffd8b1',
] as const;

export const TOPIC_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down'] as const;

/** Vega-Lite scales for `values` (in order of first appearance): a colour each, and a shape that changes every 20. */
export function topicScales(values: readonly string[]): {
  color: { domain: string[]; range: string[] };
  shape: { domain: string[]; range: string[] };
} {
  const domain = [...new Set(values)];
  return {
    color: { domain, range: domain.map((_, i) => TOPIC_COLORS[i % TOPIC_COLORS.length]!) },
    shape: { domain, range: domain.map((_, i) => TOPIC_SHAPES[Math.floor(i / TOPIC_COLORS.length) % TOPIC_SHAPES.length]!) },
  };
}
