import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeBlock } from './block.js';
import { checkSameInputs } from './compare.js';
import { PROBE_NOTE, writeFixtureRun, type FixtureRun } from '../../test/support/reproduce/fixture-runs.js';
import { readCaptionRun } from './read-run.js';
import type { SeedResult } from './types.js';

/** Three seeds of LSTM-B / LSTM-I with hand-picked figures; seed 3's LSTM-B has no CIDEr. */
const B: FixtureRun[] = [
  {
    corpus: { Bleu_4: 0.4, METEOR: 0.3, ROUGE_L: 0.6, CIDEr: 0.8 },
    summary: { detectorAuroc: 0.5, groundTruthAgreement: 0.2, topicsScored: 40, topicsWithoutNeuron: 2 },
  },
  {
    corpus: { Bleu_4: 0.42, METEOR: 0.3, ROUGE_L: 0.6, CIDEr: 0.9 },
    summary: { detectorAuroc: 0.55, groundTruthAgreement: 0.3, topicsScored: 38, topicsWithoutNeuron: 4 },
  },
  {
    corpus: { Bleu_4: 0.44, METEOR: 0.3, ROUGE_L: 0.6 },
    summary: { detectorAuroc: 0.6, groundTruthAgreement: 0.4, topicsScored: 39, topicsWithoutNeuron: 3 },
  },
];
const I: FixtureRun[] = [
  {
    corpus: { Bleu_4: 0.41, METEOR: 0.31, ROUGE_L: 0.6, CIDEr: 1.0 },
    summary: { detectorAuroc: 0.9, groundTruthAgreement: 0.8, topicsScored: 40, topicsWithoutNeuron: 0 },
  },
  {
    corpus: { Bleu_4: 0.45, METEOR: 0.31, ROUGE_L: 0.6, CIDEr: 1.2 },
    summary: { detectorAuroc: 0.94, groundTruthAgreement: 0.9, topicsScored: 40, topicsWithoutNeuron: 0 },
  },
  {
    corpus: { Bleu_4: 0.43, METEOR: 0.31, ROUGE_L: 0.6, CIDEr: 1.1 },
    summary: { detectorAuroc: 0.95, groundTruthAgreement: 0.85, topicsScored: 40, topicsWithoutNeuron: 0 },
  },
];

function fixtureSeeds(dir: string, topicsOfB: (seed: number) => string = () => 'topics-hash-1'): SeedResult[] {
  return [1, 2, 3].map((seed) => {
    const b = readCaptionRun(
      writeFixtureRun(join(dir, `b-s${seed}`), { ...B[seed - 1]!, probed: true, stages: { train: `b${seed}`, topics: topicsOfB(seed) } }),
    );
    const i = readCaptionRun(writeFixtureRun(join(dir, `i-s${seed}`), { ...I[seed - 1]!, stages: { train: `i${seed}` } }));
    return {
      seed,
      worldSeed: null,
      captioning: { 'LSTM-B': b, 'LSTM-I': i },
      sameInputs: checkSameInputs(b, i),
      transfer: {},
      refine: { skipped: 'disabled (--refine-videos 0)' },
    };
  });
}

describe('LSTM-B against LSTM-I over seeds', () => {
  it('mean ± sample std per model and the paired difference I − B per seed, hand-computed for 3 seeds', () => {
    const block = summarizeBlock(null, 'Results', fixtureSeeds(mkdtempSync(join(tmpdir(), 'topiclens-compare-'))));
    const det = block.comparison.interpretability.find((r) => r.key === 'detectorAuroc')!;
    // B: 0.50, 0.55, 0.60 → 0.55 ± 0.05. I: 0.90, 0.94, 0.95 → 0.93, deviations −.03, .01, .02 → √(.0014/2).
    expect(det['LSTM-B'].mean).toBeCloseTo(0.55, 12);
    expect(det['LSTM-B'].std).toBeCloseTo(0.05, 12);
    expect(det['LSTM-I'].mean).toBeCloseTo(0.93, 12);
    expect(det['LSTM-I'].std).toBeCloseTo(Math.sqrt(0.0007), 12);
    // I − B: 0.40, 0.39, 0.35 → 0.38, deviations .02, .01, −.03 → √(.0014/2).
    expect(det.difference.values.map((x) => +x.toFixed(12))).toEqual([0.4, 0.39, 0.35]);
    expect(det.difference.mean).toBeCloseTo(0.38, 12);
    expect(det.difference.std).toBeCloseTo(Math.sqrt(0.0007), 12);
    expect(det.difference.n).toBe(3);

    const bleu = block.comparison.captioning.find((r) => r.key === 'Bleu_4')!;
    expect(bleu['LSTM-B'].mean).toBeCloseTo(0.42, 12);
    expect(bleu['LSTM-B'].std).toBeCloseTo(0.02, 12);
    expect(bleu['LSTM-I'].mean).toBeCloseTo(0.43, 12);
    expect(bleu['LSTM-I'].std).toBeCloseTo(0.02, 12);
    expect(bleu.difference.mean).toBeCloseTo(0.01, 12); // 0.01, 0.03, −0.01
    expect(bleu.difference.std).toBeCloseTo(0.02, 12);
    // Paired only where both runs have the figure: seed 3's LSTM-B has no CIDEr → n = 2 (0.2, 0.3).
    const cider = block.comparison.captioning.find((r) => r.key === 'CIDEr')!;
    expect(cider['LSTM-B'].n).toBe(2);
    expect(cider['LSTM-I'].n).toBe(3);
    expect(cider['LSTM-I'].mean).toBeCloseTo(1.1, 12);
    expect(cider.difference.n).toBe(2);
    expect(cider.difference.mean).toBeCloseTo(0.25, 12);
    expect(cider.difference.std).toBeCloseTo(Math.sqrt(0.005), 12);
    const without = block.comparison.interpretability.find((r) => r.key === 'topicsWithoutNeuron')!;
    expect(without.difference.mean).toBeCloseTo(-3, 12);
    // Every score of the summary is compared, and the notes say LSTM-B went through a probe f.
    expect(block.comparison.interpretability.map((r) => r.key)).toEqual([
      'detectorAuroc',
      'signedAuroc',
      'selectivity',
      'contrastPeakedness',
      'standsOutShare',
      'decodingOwn',
      'decodingAll',
      'consistency',
      'groundTruthAgreement',
      'topicsScored',
      'topicsWithoutNeuron',
    ]);
    expect(block.comparison.captioning.map((r) => r.key)).toEqual(['Bleu_4', 'METEOR', 'ROUGE_L', 'CIDEr']);
    expect(block.probeNote).toBe(PROBE_NOTE);
    expect(block.notes).toEqual([
      'seed 1: refine protocol skipped: disabled (--refine-videos 0)',
      'seed 2: refine protocol skipped: disabled (--refine-videos 0)',
      'seed 3: refine protocol skipped: disabled (--refine-videos 0)',
    ]);
    expect(block.perSeed.map((s) => `${s.sameInputs.features}/${s.sameInputs.topics}`)).toEqual(['same/same', 'same/same', 'same/same']);
  });

  it("warns when a seed's LSTM-B and LSTM-I runs do not share their topics", () => {
    const block = summarizeBlock(
      null,
      'Results',
      fixtureSeeds(mkdtempSync(join(tmpdir(), 'topiclens-compare-')), (seed) => (seed === 2 ? 'other-topics-hash' : 'topics-hash-1')),
    );
    expect(block.perSeed.map((s) => s.sameInputs.topics)).toEqual(['same', 'different', 'same']);
    const warning = block.notes.find((n) => n.startsWith('seed 2:'))!;
    expect(warning).toMatch(
      /LSTM-B and LSTM-I do not share their topics: .*b-s2\/topics has output other-topics, .*i-s2\/topics has topics-hash-;/,
    );
  });

  it('an interpretability.json of an older format is a problem that names the file and the fix, not a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-compare-'));
    const run = writeFixtureRun(join(dir, 'old'), { corpus: { Bleu_4: 0.4 } });
    mkdirSync(join(run, 'attribute'), { recursive: true });
    writeFileSync(
      join(run, 'attribute', 'interpretability.json'),
      JSON.stringify({ method: 'pdm', notes: [], perTopic: [], summary: { meanAuroc: 0.48 } }),
    );
    const r = readCaptionRun(run);
    expect(r.interpretability).toBeUndefined();
    expect(r.scores).toEqual({ Bleu_4: 0.4 });
    expect(r.problems.join('\n')).toMatch(
      /interpretability\.json does not have the attribute stage's current format[\s\S]*topiclens attribute <runDir>/,
    );
  });
});
