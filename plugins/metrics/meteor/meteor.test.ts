import { describe, expect, it } from 'vitest';
import { MeteorScorer } from './meteor.js';
import { porterStem } from './porter.js';
import { wordNet } from './wordnet.js';

const scorer = new MeteorScorer(() => wordNet());
const t = (s: string): string[] => (s ? s.split(' ') : []);

describe('porterStem (NLTK 3.8 PorterStemmer, NLTK_EXTENSIONS)', () => {
  // Values printed by NLTK 3.8's PorterStemmer().stem.
  const NLTK: Record<string, string> = JSON.parse(
    '{"caresses": "caress", "ponies": "poni", "ties": "tie", "cats": "cat", "feed": "feed", "agreed": "agre", "plastered": "plaster", "motoring": "motor", "sing": "sing", "conflated": "conflat", "troubled": "troubl", "sized": "size", "hopping": "hop", "tanned": "tan", "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail", "filing": "file", "happy": "happi", "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "news": "news", "innings": "inning", "relational": "relat", "conditional": "condit", "rational": "ration", "generalization": "gener", "hopefulness": "hope", "formaliti": "formal", "sensibiliti": "sensibl", "triplicate": "triplic", "formative": "form", "electrical": "electr", "goodness": "good", "revival": "reviv", "allowance": "allow", "adjustable": "adjust", "adoption": "adopt", "homologous": "homolog", "effective": "effect", "bowdlerize": "bowdler", "probate": "probat", "rate": "rate", "cease": "ceas", "controll": "control", "roll": "roll", "running": "run", "women": "women", "ate": "ate", "generously": "gener", "logically": "logic", "dies": "die", "spied": "spi", "is": "is", "as": "as", "fly": "fli"}',
  );
  it('matches NLTK on the paper’s examples and NLTK’s extensions', () => {
    for (const [w, s] of Object.entries(NLTK)) expect(porterStem(w), w).toBe(s);
  });
  it('counts astral characters as one character, like Python', () => {
    expect(porterStem('😀s')).toBe('😀s'); // 2 code points ≤ 2: unchanged
    expect(porterStem('😀ing')).toBe('😀ing'); // no vowel before "ing"
  });
});

describe('meteor (NLTK 3.8 meteor_score)', () => {
  it('matches the hand-computed value: exact + stem matches, 2 chunks', () => {
    // a, man exact; cooks/cooking by stem → m = 3, P = 1, R = 3/4; chunks 2 → penalty 0.5·(2/3)³.
    const fmean = (1 * 0.75) / (0.9 * 1 + 0.1 * 0.75);
    expect(scorer.score([t('a man is cooking')], t('a man cooks'))).toBeCloseTo(fmean * (1 - 0.5 * (2 / 3) ** 3), 12);
  });

  it('reproduces the NLTK docstring example (0.6944…)', () => {
    const h = t('It is a guide to action which ensures that the military always obeys the commands of the party');
    const r = t('It is a guide to action that ensures that the military will forever heed Party commands');
    expect(scorer.score([r], h)).toBeCloseTo(0.6944444444444445, 12);
  });

  it('matches WordNet synonyms of the hypothesis word, after NLTK has stemmed both words', () => {
    // "automobile"/"large" are stemmed to "automobil"/"larg" before the synonym stage → no match (NLTK: 0.0, 0.25).
    expect(scorer.score([t('car')], t('automobile'))).toBe(0);
    expect(scorer.score([t('automobile')], t('car'))).toBe(0);
    expect(scorer.score([t('large dog')], t('big dogs'))).toBeCloseTo(0.25, 12);
    // "man" → synonyms include "world" (and NLTK keeps case: "Isle_of_Man" has "_" so is dropped).
    expect(wordNet().synonyms('man').has('world')).toBe(true);
    expect(scorer.score([t('world')], t('man'))).toBeCloseTo(0.5, 12);
  });

  it('takes the best reference and scores empty sides 0', () => {
    expect(scorer.score([t('a cat'), t('a dog')], t('a dog'))).toBeCloseTo(scorer.single(t('a dog'), t('a dog')), 15);
    expect(scorer.score([t('a dog')], [])).toBe(0);
    expect(scorer.score([[]], t('a dog'))).toBe(0);
  });

  it('morphy uses the exception lists (geese → goose)', () => {
    expect(wordNet().morphy('geese', 'n')).toEqual(['goose']);
    expect(wordNet().morphy('dogs', 'n')).toEqual(['dog']);
  });
});
