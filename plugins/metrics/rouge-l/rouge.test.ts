import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL } from './rouge.js';

const t = (s: string): string[] => (s ? s.split(' ') : []);

describe('rouge-l (pycocoevalcap Rouge, beta 1.2)', () => {
  it('computes the LCS', () => {
    expect(lcsLength(t('a x c y'), t('a b c'))).toBe(2);
    expect(lcsLength(t('a b c d'), t('d c b a'))).toBe(1);
  });

  it('matches the hand-computed F with beta 1.2', () => {
    // LCS 2: P = 2/3, R = 1/2 → 2.44·(1/3) / (1/2 + 1.44·2/3)
    expect(rougeL(t('a b c'), [t('a x c y')])).toBeCloseTo((2.44 * (1 / 3)) / (0.5 + 0.96), 12);
  });

  it('takes max precision and max recall separately over the references', () => {
    // ref 1: P 0.5 R 1; ref 2: P 1 R 0.5 → max P 1, max R 1 → F 1, though no single ref gives it.
    expect(rougeL(t('a b c d'), [t('a b'), t('a b c d e f g h')])).toBeCloseTo(1, 12);
  });

  it('keeps split(" ") semantics: an empty hypothesis vs an empty reference scores 1', () => {
    expect(rougeL([], [[], t('a man')])).toBe(1);
    expect(rougeL([], [t('a man')])).toBe(0);
    expect(rougeL(t('a man'), [[]])).toBe(0);
  });
});
