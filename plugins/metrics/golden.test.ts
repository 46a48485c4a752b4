import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MetricItem, MetricResult } from '../../core/contracts/metric.js';
import { bleuPlugin } from './bleu/plugin.js';
import { ciderPlugin } from './cider/plugin.js';
import { meteorPlugin } from './meteor/plugin.js';
import { rougeLPlugin } from './rouge-l/plugin.js';
import { metricPluginContext } from '../../test/support/metrics/test-helpers.js';

interface Golden {
  reference: Record<string, string>;
  corpora: { name: string; items: MetricItem[]; expected: MetricResult }[];
}

const golden = JSON.parse(readFileSync(new URL('./fixtures/golden.json', import.meta.url), 'utf8')) as Golden;
const plugins = [bleuPlugin, meteorPlugin, rougeLPlugin, ciderPlugin] as const;
const TOL = 1e-6;

describe('golden values from pycocoevalcap and NLTK 3.8 (fixtures/golden.json)', () => {
  it('has a few hundred cases', () => {
    expect(golden.corpora.reduce((s, c) => s + c.items.length, 0)).toBeGreaterThanOrEqual(300);
  });

  for (const plugin of plugins) {
    it(`${plugin.name} matches every corpus and item to ≤ ${TOL}`, async () => {
      const metric = await plugin.create(plugin.defaults as never, metricPluginContext());
      let maxDiff = 0;
      let worst = '';
      for (const corpus of golden.corpora) {
        const got = await metric.score(corpus.items);
        for (const key of metric.keys) {
          const d = Math.abs(got.corpus[key]! - corpus.expected.corpus[key]!);
          if (!(d <= maxDiff)) [maxDiff, worst] = [d, `${corpus.name} corpus ${key}`];
          for (const item of corpus.items) {
            const e = Math.abs(got.items[item.id]![key]! - corpus.expected.items[item.id]![key]!);
            if (!(e <= maxDiff)) [maxDiff, worst] = [e, `${corpus.name} ${item.id} ${key}`];
          }
        }
      }
      if (process.env.TOPICLENS_PARITY) console.log(`${plugin.name}: max |diff| ${maxDiff.toExponential(2)} (${worst || 'all exact'})`);
      expect(maxDiff, worst).toBeLessThanOrEqual(TOL);
    });
  }
});
