import { readFileSync } from 'node:fs';
import { configPath } from '../../../core/config/config-path.js';
import { TopiclensError } from '../../../core/errors.js';
import type { OptionsSchema } from '../../../core/plugin/manifest.js';
import { ENGLISH_STOPWORDS } from './stopwords.js';

/**
 * When topic i counts as occurring in a document (s_i = 1): at least `minTokens` of its tokens
 * are assigned to i AND those are at least a share `minShare` of its tokens. Set minShare = 0
 * for the pure count rule, minTokens = 1 for the pure share rule.
 */
export interface OccurrenceRule {
  minTokens: number;
  minShare: number;
}

/** Plugin options shared by `warplda` and `gibbs` (gibbs ignores mhSteps). */
export interface LdaOptions {
  topics: number;
  alpha: number;
  beta: number;
  iterations: number;
  mhSteps: number;
  /** WarpLDA: sampling threads (default 1; more needs mhSteps 1 and samples a different chain). */
  threads?: number;
  /** Defaults to the experiment seed. */
  seed?: number;
  minCount: number;
  /** `"english"` (built-in list), `"none"`, or the words themselves. */
  stopwords: 'english' | 'none' | string[];
  /** A file with more stopwords (whitespace-separated), relative to the config file. */
  stopwordsFile?: string;
  topWords: number;
  occurrence: OccurrenceRule;
  inferIterations: number;
  /**
   * Merge topics whose word distributions overlap by a Bhattacharyya coefficient ≥ this value
   * (merge-duplicates.ts); absent: keep all K topics, as published LDA does.
   */
  mergeDuplicates?: number;
}

/**
 * Defaults. occurrence {minTokens: 2, minShare: 0.05}: with α = 0.5 and K = 100 the prior alone
 * scatters single tokens over many topics (Kα = 50 pseudo-tokens against ~300 tokens in an MSVD
 * document), so "any token" (m = 1) marks dozens of topics per video; a share threshold is what
 * separates the few topics a video's captions are about, and it scales with document length (MSVD
 * videos have 10–80 captions). 5% of a ~300-token document is ~15 tokens, i.e. a topic mentioned
 * in several captions; minTokens = 2 keeps one stray token of a short document from counting.
 */
export const LDA_DEFAULTS: LdaOptions = {
  topics: 100,
  alpha: 0.5,
  beta: 0.01,
  iterations: 300,
  mhSteps: 2,
  minCount: 2,
  stopwords: 'english',
  topWords: 10,
  occurrence: { minTokens: 2, minShare: 0.05 },
  inferIterations: 50,
};

export const LDA_OPTIONS_SCHEMA: OptionsSchema<LdaOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    topics: { type: 'integer', minimum: 2, maximum: 65535, description: 'Number of topics K (the paper: 100).' },
    alpha: { type: 'number', exclusiveMinimum: 0, description: 'Symmetric Dirichlet prior on document-topic proportions.' },
    beta: { type: 'number', exclusiveMinimum: 0, description: 'Symmetric Dirichlet prior on topic-word distributions.' },
    iterations: { type: 'integer', minimum: 1, description: 'Sampling iterations (sweeps over all tokens).' },
    mhSteps: { type: 'integer', minimum: 1, maximum: 64, description: 'WarpLDA: Metropolis-Hastings steps per token per phase.' },
    threads: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      nullable: true,
      description:
        'WarpLDA: sampling threads (worker threads over word / document blocks); more than 1 needs mhSteps 1. Deterministic for a given seed and thread count.',
    },
    seed: { type: 'integer', nullable: true, description: 'Sampler seed; defaults to the experiment seed.' },
    minCount: { type: 'integer', minimum: 1, description: 'Drop words seen fewer times in the corpus.' },
    stopwords: {
      description: '"english" (built-in list), "none", or a list of words to drop.',
      anyOf: [
        { type: 'string', enum: ['english', 'none'] },
        { type: 'array', items: { type: 'string' } },
      ],
    },
    stopwordsFile: {
      type: 'string',
      nullable: true,
      description: 'File of extra stopwords (whitespace-separated), relative to the config.',
    },
    topWords: { type: 'integer', minimum: 1, description: 'Top words kept per topic in summaries.' },
    occurrence: {
      type: 'object',
      additionalProperties: false,
      description: 'Topic i occurs in a document when ≥ minTokens of its tokens AND a share ≥ minShare are assigned to i.',
      properties: {
        minTokens: { type: 'integer', minimum: 1 },
        minShare: { type: 'number', minimum: 0, maximum: 1 },
      },
      required: ['minTokens', 'minShare'],
    },
    inferIterations: { type: 'integer', minimum: 2, description: 'Gibbs sweeps for infer() on unseen documents.' },
    mergeDuplicates: {
      type: 'number',
      nullable: true,
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'Merge topics whose word distributions overlap (Bhattacharyya coefficient) by at least this value; absent: no merging.',
    },
  },
  // Validation merges the plugin's defaults (LDA_DEFAULTS) first, so a config gives any subset.
  required: ['topics', 'alpha', 'beta', 'iterations', 'mhSteps', 'minCount', 'stopwords', 'topWords', 'occurrence', 'inferIterations'],
};

/** Resolved settings the samplers and the fitted model use. */
export interface LdaSettings {
  K: number;
  alpha: number;
  beta: number;
  iterations: number;
  mhSteps: number;
  /** WarpLDA sampling threads (1: the single-thread chain). */
  threads: number;
  seed: number;
  minCount: number;
  stopwords: Set<string>;
  topWords: number;
  occurrence: OccurrenceRule;
  inferIterations: number;
  /** Bhattacharyya threshold for merging duplicate topics; undefined: no merging. */
  mergeDuplicates?: number;
}

const positive = (v: unknown, name: string, integer: boolean, min: number): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v)) || (min === 0 && v <= 0)) {
    throw new TopiclensError(
      `topic model option "${name}": expected ${integer ? 'an integer' : 'a number'} ${min === 0 ? '> 0' : `≥ ${min}`}, found ${JSON.stringify(v)}.`,
      2,
    );
  }
  return v;
};

const mergeThreshold = (v: unknown): number => {
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) {
    throw new TopiclensError(
      `topic model option "mergeDuplicates": expected a number in (0, 1] (a Bhattacharyya coefficient), found ${JSON.stringify(v)}.`,
      2,
    );
  }
  return v;
};

/** The sampler's settings from resolved options (defaults merged by resolveOptions): values checked, stopwords loaded. */
export function resolveSettings(o: LdaOptions, fallbackSeed: number, configDir = process.cwd()): LdaSettings {
  const K = positive(o.topics, 'topics', true, 2);
  if (K > 65535) throw new TopiclensError(`topic model option "topics": at most 65535 topics are supported, found ${K}.`, 2);
  const stop = new Set<string>();
  if (Array.isArray(o.stopwords)) {
    for (const w of o.stopwords) stop.add(w);
  } else if (o.stopwords === 'english') {
    for (const w of ENGLISH_STOPWORDS) stop.add(w);
  } else if (o.stopwords !== 'none') {
    throw new TopiclensError(
      `topic model option "stopwords": expected "english", "none" or a list of words, found ${JSON.stringify(o.stopwords)}.`,
      2,
    );
  }
  if (o.stopwordsFile) {
    const file = configPath(configDir, o.stopwordsFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new TopiclensError(`topic model option "stopwordsFile": cannot read ${file} (${(e as Error).message}).`, 2);
    }
    for (const w of text.split(/\s+/)) if (w) stop.add(w);
  }
  const share = o.occurrence.minShare;
  if (typeof share !== 'number' || !(share >= 0 && share <= 1)) {
    throw new TopiclensError(`topic model option "occurrence.minShare": expected a number in [0, 1], found ${JSON.stringify(share)}.`, 2);
  }
  return {
    K,
    alpha: positive(o.alpha, 'alpha', false, 0),
    beta: positive(o.beta, 'beta', false, 0),
    iterations: positive(o.iterations, 'iterations', true, 1),
    mhSteps: positive(o.mhSteps, 'mhSteps', true, 1),
    threads: o.threads === undefined ? 1 : positive(o.threads, 'threads', true, 1),
    seed: o.seed === undefined ? fallbackSeed : positive(o.seed, 'seed', true, -(2 ** 53)),
    minCount: positive(o.minCount, 'minCount', true, 1),
    stopwords: stop,
    topWords: positive(o.topWords, 'topWords', true, 1),
    occurrence: { minTokens: positive(o.occurrence.minTokens, 'occurrence.minTokens', true, 1), minShare: share },
    inferIterations: positive(o.inferIterations, 'inferIterations', true, 2),
    ...(o.mergeDuplicates === undefined ? {} : { mergeDuplicates: mergeThreshold(o.mergeDuplicates) }),
  };
}
