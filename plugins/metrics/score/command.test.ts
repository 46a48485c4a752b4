import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../../../core/plugin/registry.js';
import metrics from '../index.js';
import { scoreCommand } from './command.js';

function setup() {
  const registry = new PluginRegistry();
  for (const m of metrics) registry.register(m, 'builtin:metrics');
  const dir = mkdtempSync(join(tmpdir(), 'topiclens-score-'));
  const file = join(dir, 'caps.json');
  writeFileSync(
    file,
    JSON.stringify({
      v1: { hypothesis: 'A man is cooking.', references: ['A man cooks food in the kitchen.', 'Someone is cooking.'] },
      v2: { hypothesis: 'a dog runs', references: ['A dog is running!'] },
    }),
  );
  const out: string[] = [];
  const ctx = { registry, cwd: dir, stdout: (t: string) => out.push(t), stderr: () => {} };
  return { file, out, ctx };
}

describe('topiclens score', () => {
  it('prints coco-caption keys for the corpus and, with --per-item, for each item', async () => {
    const { file, out, ctx } = setup();
    expect(await scoreCommand.run([file, '--per-item'], ctx)).toBe(0);
    const r = JSON.parse(out.join('\n'));
    expect(Object.keys(r.corpus)).toEqual(['Bleu_1', 'Bleu_2', 'Bleu_3', 'Bleu_4', 'METEOR', 'ROUGE_L', 'CIDEr']);
    expect(Object.keys(r.items)).toEqual(['v1', 'v2']);
    // ROUGE_L corpus = mean of items; METEOR too.
    expect(r.corpus.ROUGE_L).toBeCloseTo((r.items.v1.ROUGE_L + r.items.v2.ROUGE_L) / 2, 12);
    // v1: "a man is cooking" vs "someone is cooking": LCS 2 → P 1/2, R 2/3 ... and vs ref 1 LCS 2 (a man) → P 1/2, R 2/7.
    expect(r.items.v1.ROUGE_L).toBeCloseTo((2.44 * 0.5 * (2 / 3)) / (2 / 3 + 1.44 * 0.5), 12);
  });

  it('scores only the metrics asked for, corpus only without --per-item', async () => {
    const { file, out, ctx } = setup();
    expect(await scoreCommand.run([file, '--metrics', 'rouge-l,cider'], ctx)).toBe(0);
    const r = JSON.parse(out.join('\n'));
    expect(Object.keys(r)).toEqual(['corpus']);
    expect(Object.keys(r.corpus)).toEqual(['ROUGE_L', 'CIDEr']);
  });

  it('names unknown metrics and missing jars clearly', async () => {
    const { file, ctx } = setup();
    await expect(scoreCommand.run([file, '--metrics', 'bleuu'], ctx)).rejects.toThrow(/did you mean "bleu"/);
    await expect(scoreCommand.run([file, '--metrics', 'meteor-1.5'], ctx)).rejects.toThrow(/meteor-1.5.jar/);
  });
});
