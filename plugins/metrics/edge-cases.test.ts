import { describe, expect, it } from 'vitest';
import { TopiclensError } from '../../core/errors.js';
import { bleuPlugin } from './bleu/plugin.js';
import { ciderPlugin } from './cider/plugin.js';
import { meteorPlugin } from './meteor/plugin.js';
import { rougeLPlugin } from './rouge-l/plugin.js';
import { metricPluginContext } from '../../test/support/metrics/test-helpers.js';

const plugins = [bleuPlugin, meteorPlugin, rougeLPlugin, ciderPlugin];
const long = Array.from({ length: 2000 }, (_, i) => ['a', 'man', 'is', 'cooking', 'food'][i % 5]).join(' ');

describe('metric plugins on edge cases', () => {
  it('score empty, single-word, unicode and very long hypotheses with finite numbers in [0, 10]', async () => {
    const items = [
      { id: 'empty', hypothesis: '', references: ['a man is cooking'] },
      { id: 'one', hypothesis: 'Man.', references: ['A man is cooking.', 'man'] },
      { id: 'unicode', hypothesis: 'Un café über 日本 😀', references: ['un café 😀', 'über 日本'] },
      { id: 'long', hypothesis: long, references: ['a man is cooking food'] },
    ];
    for (const p of plugins) {
      const m = await p.create(p.defaults as never, metricPluginContext());
      const r = await m.score(items);
      for (const key of m.keys) {
        expect(Number.isFinite(r.corpus[key]), `${p.name} corpus ${key}`).toBe(true);
        for (const it of items) {
          const v = r.items[it.id]![key]!;
          expect(Number.isFinite(v) && v >= 0 && v <= 10, `${p.name} ${it.id} ${key} = ${v}`).toBe(true);
        }
      }
      if (p.name !== 'cider') {
        // an empty hypothesis scores 0 on the first key (CIDEr has no such guarantee: idf weights)
        expect(r.items.empty![m.keys[0]!]).toBe(0);
      }
    }
  });

  it('reject an empty reference list with a TopiclensError naming the item', async () => {
    for (const p of plugins) {
      const m = await p.create(p.defaults as never, metricPluginContext());
      const err = await m.score([{ id: 'vid42', hypothesis: 'a', references: [] }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TopiclensError);
      expect((err as Error).message).toContain('vid42');
    }
  });
});
