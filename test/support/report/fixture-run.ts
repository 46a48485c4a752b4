import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUTS } from '../../../plugins/report/read-run.js';
import { mulberry32 } from '../../../core/tensor/rng.js';

/**
 * A small, realistic run folder in the layout of core/runner/RUN-LAYOUT.md, for the report's
 * tests (the stages that write the real thing are developed in parallel). Deterministic.
 */

export interface FixtureOptions {
  name?: string;
  variant?: 'LSTM-I' | 'LSTM-B';
  seed?: number;
  /** Inputs to leave out (as if their stage had not run). */
  omit?: (keyof typeof INPUTS)[];
  /** Neuron–topic map form: the layout's count matrix or the attributors' builder form. */
  mapForm?: 'counts' | 'builder';
  /** How attribute files name topics: by label (`dog`, as the attribute stage does) or by Table-1 name. */
  attributeNames?: 'labels' | 'names';
  neurons?: number;
  frames?: number;
  epochs?: number;
  /**
   * 'current' (default): the attribute files as the attribute stage writes them now — one name
   * per neuron (`neurons[].label`, `topics[].ownNeurons`), fig3.json, sign-aware scores.
   * 'legacy': as runs made before that left them (PDM counts only, no fig3.json, raw-sign AUROC).
   */
  format?: 'current' | 'legacy';
}

const LABELS = ['dog', 'cooking', 'guitar', 'car', 'swimming', '</script><b>onion & "garlic"</b>'];
const TOPIC_WORDS: string[][] = [
  ['dog', 'puppy', 'running', 'grass', 'ball', 'playing', 'barking', 'park', 'fetch', 'animal'],
  ['cooking', 'pan', 'kitchen', 'woman', 'stirring', 'food', 'pot', 'oil', 'frying', 'adding'],
  ['guitar', 'playing', 'man', 'music', 'song', 'singing', 'stage', 'strumming', 'band', 'chair'],
  ['car', 'driving', 'road', 'street', 'racing', 'fast', 'truck', 'highway', 'turning', 'track'],
  ['swimming', 'pool', 'water', 'boy', 'diving', 'jumping', 'lake', 'splashing', 'girl', 'sea'],
  ['onion', 'slicing', 'knife', 'cutting', 'board', 'vegetable', 'chopping', 'garlic', 'peeling', 'person'],
];
/** Topic names in the topics stage's Table-1 form (`label: top words`); the last label is hostile, to check escaping end to end. */
export const FIXTURE_TOPICS = LABELS.map((l, k) => `${l}: ${TOPIC_WORDS[k]!.slice(0, 5).join(', ')}`);
export const FIXTURE_LABELS = LABELS;
export const EVIL_CAPTION = 'a man is <script>window.__pwned = 1</script> slicing an "onion" & a tomato';

const rng = mulberry32;

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

/** Write a fixture run folder at `dir`; returns `dir`. */
export function writeFixtureRun(dir: string, options: FixtureOptions = {}): string {
  const variant = options.variant ?? 'LSTM-I';
  const name = options.name ?? (variant === 'LSTM-I' ? 'fixture-lstm-i' : 'fixture-lstm-b');
  const rand = rng(options.seed ?? (variant === 'LSTM-I' ? 7 : 11));
  const omit = new Set(options.omit ?? []);
  const D = options.neurons ?? 24;
  const frames = options.frames ?? 10;
  const epochs = options.epochs ?? 6;
  const K = FIXTURE_TOPICS.length;
  const AN = (options.attributeNames ?? 'labels') === 'labels' ? LABELS : FIXTURE_TOPICS;
  const strong = variant === 'LSTM-I';
  const current = (options.format ?? 'current') === 'current';
  const write = (key: keyof typeof INPUTS, value: unknown) => {
    if (omit.has(key)) return;
    const [stage, file] = INPUTS[key];
    const folder = stage === 'run' ? dir : join(dir, stage);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, file), `${JSON.stringify(value, null, 2)}\n`);
  };
  mkdirSync(dir, { recursive: true });

  write('config', {
    name,
    seed: 7,
    backend: 'cpu',
    plugins: [],
    runsDir: 'runs',
    dataset: { type: 'synthetic-clips', options: { videos: 40 } },
    topicModel: { type: 'warplda', options: { topics: K } },
    encoder: { type: 'bilstm', options: { units: D / 2 } },
    ...(strong ? { interpretiveLoss: { type: 'l2', options: { lambda: 0.1 } } } : {}),
    attributor: { type: 'pdm' },
    train: { epochs, validation: { metric: 'METEOR', beam: 1 } },
  });

  write('topics', {
    topics: FIXTURE_TOPICS.map((t, k) => ({ name: t, words: TOPIC_WORDS[k]!.map((w, i) => [w, round(0.2 / (i + 1))]) })),
    loglik: [-9.1, -8.4, -8.2],
  });

  const trainIds = Array.from({ length: 12 }, (_, i) => `train${String(i).padStart(3, '0')}`);
  const testIds = ['vid1201', 'vid1202', 'vid1203', 'vid1204', 'vid1205'];
  const vectors: Record<string, number[]> = {};
  [...trainIds, ...testIds].forEach((id, i) => {
    vectors[id] = [i % K, (i * 2 + 1) % K].filter((v, j, a) => a.indexOf(v) === j).sort();
  });
  write('topicVideos', { numTopics: K, names: FIXTURE_TOPICS, vectors });

  write(
    'history',
    Array.from({ length: epochs }, (_, e) => ({
      epoch: e + 1,
      taskLoss: round(4.2 * Math.exp(-0.35 * e) + 1.1 + 0.05 * rand()),
      interpretiveLoss: round((strong ? 0.9 : 1.2) * Math.exp(-(strong ? 0.5 : 0.05) * e) + 0.1 + 0.02 * rand()),
      val: {
        Bleu_4: round((strong ? 0.3 : 0.27) * (1 - Math.exp(-0.6 * (e + 1))) + 0.01 * rand()),
        METEOR: round(0.22 * (1 - Math.exp(-0.5 * (e + 1))) + 0.01 * rand()),
      },
    })),
  );

  const captions: Record<string, { hypothesis: string; references: string[] }> = {};
  const items: Record<string, Record<string, number>> = {};
  const hyps = [
    'a dog is running on the grass',
    'a woman is cooking in a kitchen',
    'a man is playing a guitar',
    'a car is driving on the road',
    EVIL_CAPTION,
  ];
  testIds.forEach((id, i) => {
    const references = [hyps[i]!.replace(/^a /, 'the '), `someone ${TOPIC_WORDS[i]![0]}`, 'a video clip, with "quotes"'];
    // Real videos have ~20 references: the first fixture video has 12.
    if (i === 0) references.push(...TOPIC_WORDS[0]!.slice(1, 10).map((w) => `a dog and a ${w} <ref>`));
    captions[id] = { hypothesis: hyps[i]!, references };
    items[id] = { Bleu_4: round(0.2 + 0.5 * rand()), METEOR: round(0.15 + 0.2 * rand()) };
  });
  write('captions', captions);
  write('scores', {
    corpus: strong
      ? { Bleu_1: 0.612, Bleu_2: 0.455, Bleu_3: 0.351, Bleu_4: 0.287, METEOR: 0.231, ROUGE_L: 0.552, CIDEr: 0.418 }
      : { Bleu_1: 0.598, Bleu_2: 0.437, Bleu_3: 0.33, Bleu_4: 0.262, METEOR: 0.226, ROUGE_L: 0.541, CIDEr: 0.377 },
    items,
    baseline: { corpus: { Bleu_1: 0.41, Bleu_2: 0.25, Bleu_3: 0.16, Bleu_4: 0.104, METEOR: 0.152, ROUGE_L: 0.43, CIDEr: 0.12 } },
  });

  // Topic k's neuron: 3k+1 in LSTM-I, scattered in LSTM-B; a second, rarer choice 7 further on.
  const topicNeuron = (k: number) => (strong ? (3 * k + 1) % D : (5 * k + 2) % D);
  const secondNeuron = (k: number) => (topicNeuron(k) + 7) % D;
  const counts: number[][] = Array.from({ length: D }, () => new Array<number>(K).fill(0));
  const add = (neuron: number, k: number, n: number): void => {
    const row = counts[neuron];
    if (!row) throw new Error(`fixture-run: neuron ${neuron} is outside 0..${D - 1}`);
    row[k] = (row[k] ?? 0) + n;
  };
  for (let k = 0; k < K; k++) {
    counts[topicNeuron(k)]![k] = strong ? 9 : 4;
    add(secondNeuron(k), k, strong ? 2 : 3);
  }
  // As in real maps, PDM chooses one neuron for two topics: LSTM-I's neuron 1 (dog's) also for onion, more often.
  if (strong) counts[topicNeuron(0)]![K - 1] = 12;
  /** The names the attribute stage gives: each topic its two neurons (primary first), each neuron one topic. */
  const ownNeurons = AN.map((_, k) => [topicNeuron(k), secondNeuron(k)]);
  const label = (j: number) => ownNeurons.findIndex((list) => list.includes(j));
  if (options.mapForm === 'builder') {
    const neurons = counts
      .map((row, neuron) => ({
        neuron,
        topics: row
          .map((count, topic) => ({ topic, name: AN[topic]!, count }))
          .filter((t) => t.count > 0)
          .sort((a, b) => b.count - a.count),
      }))
      .filter((n) => n.topics.length > 0)
      .map((n) => ({
        ...n,
        preferredTopic: n.topics[0]!.topic,
        preferredTopicName: n.topics[0]!.name,
        total: n.topics.reduce((s, t) => s + t.count, 0),
        ...(current ? { label: label(n.neuron), labelName: AN[label(n.neuron)] } : {}),
      }));
    const topics = AN.map((name, k) => ({
      topic: k,
      name,
      pairs: counts.reduce((s, row) => s + row[k]!, 0),
      neurons: counts.flatMap((row, neuron) => (row[k]! > 0 ? [{ neuron, count: row[k]! }] : [])).sort((a, b) => b.count - a.count),
      ...(current ? { ownNeurons: ownNeurons[k] } : {}),
    }));
    write('neuronMap', { method: 'pdm', numNeurons: D, numTopics: K, numVideos: 12, topicNames: AN, neurons, topics, notes: [] });
  } else {
    write('neuronMap', {
      counts,
      preferredTopic: counts.map((row) => (row.some((c) => c > 0) ? row.indexOf(Math.max(...row)) : -1)),
      topicNeurons: AN.map((_, k) => [topicNeuron(k)]),
      topicNames: AN,
      ...(current ? { topics: AN.map((name, k) => ({ topic: k, name, ownNeurons: ownNeurons[k] })) } : {}),
      method: 'pdm',
      notes: ['fixture'],
    });
  }

  /** LSTM-I's guitar neuron falls with its topic (a BiLSTM's signed outputs do that). */
  const directionOf = (k: number): 1 | -1 => (strong && k === 2 ? -1 : 1);
  const mean: Record<string, number[]> = {};
  AN.forEach((t, k) => {
    mean[t] = Array.from({ length: D }, (_, j) =>
      round(j === topicNeuron(k) ? (strong ? 0.55 + 0.2 * rand() : 0.18 + 0.05 * rand()) : 0.05 + 0.12 * rand()),
    );
  });
  write('meanActivations', mean);

  const fa: Record<string, Record<string, { neuron: number; relevant: boolean; values: number[]; direction?: 1 | -1 }>> = {};
  testIds.slice(0, 3).forEach((id, i) => {
    fa[id] = {};
    // Listed with a topic the video does not have first: readers must put the video's own topics first.
    for (const [k, relevant] of [
      [(i + 2) % K, false],
      [i, true],
    ] as const) {
      const peak = frames * (0.3 + 0.4 * rand());
      fa[id]![AN[k]!] = {
        neuron: topicNeuron(k),
        ...(current ? { direction: directionOf(k) } : {}),
        relevant,
        values: Array.from({ length: frames }, (_, f) =>
          round((strong ? 0.8 : 0.3) * Math.exp(-(((f - peak) / (frames / 4)) ** 2)) + 0.05 * rand()),
        ),
      };
    }
  });
  write('frameActivations', fa);

  if (current) {
    writeFig3(write, { AN, D, strong, ownNeurons, directionOf, seed: (options.seed ?? 0) + (strong ? 101 : 202) });
    writeScores(write, { AN, strong, topicNeuron, ownNeurons, directionOf, rand });
  } else {
    write('interpretability', {
      perTopic: AN.map((name, k) => ({
        topic: k,
        name,
        neuron: topicNeuron(k),
        consistency: round(strong ? 9 / 11 : 4 / 7),
        auroc: k === 4 ? null : round(strong ? 0.85 + 0.1 * rand() : 0.55 + 0.1 * rand()),
        positives: 3,
        negatives: 2,
        peakedness: round(strong ? 4 + rand() : 1.5 + rand()),
        gini: round(strong ? 0.5 + 0.1 * rand() : 0.3 + 0.1 * rand()),
      })),
      summary: {
        meanAuroc: strong ? 0.9 : 0.6,
        topicsWithAuroc: K - 1,
        meanPeakedness: strong ? 4.5 : 2,
        meanGini: strong ? 0.55 : 0.35,
        topicsWithSelectivity: K,
        consistency: strong ? 0.818 : 0.571,
        pairs: 66,
        groundTruthAgreement: null,
      },
    });
  }
  return dir;
}

type Write = (key: keyof typeof INPUTS, value: unknown) => void;

/**
 * attribute/fig3.json: mean v̄ over the test videos with / without each topic. LSTM-I's contrast
 * peaks at the topic's own neurons (downwards where the neuron falls with it); LSTM-B's is flat.
 */
function writeFig3(
  write: Write,
  f: { AN: readonly string[]; D: number; strong: boolean; ownNeurons: number[][]; directionOf: (k: number) => 1 | -1; seed: number },
): void {
  const rand = rng(f.seed);
  write('fig3', {
    split: 'test',
    topics: f.AN.map((name, k) => {
      const own = new Set(f.ownNeurons[k]);
      const withoutMean = Array.from({ length: f.D }, () => round(0.1 + 0.2 * rand()));
      const withMean = withoutMean.map((w, j) =>
        round(
          w +
            (own.has(j) && f.strong ? f.directionOf(k) * (j === f.ownNeurons[k]![0] ? 0.6 : 0.35) : 0) +
            (f.strong ? 0.04 : 0.16) * (rand() - 0.5),
        ),
      );
      return {
        topic: k,
        name,
        neurons: f.ownNeurons[k],
        direction: f.directionOf(k),
        positives: 2 + (k % 3),
        negatives: 3 - (k % 3) + 2,
        withMean,
        withoutMean,
      };
    }),
  });
}

/** attribute/interpretability.json with the sign-aware scores (plugins/interpretability). */
function writeScores(
  write: Write,
  f: {
    AN: readonly string[];
    strong: boolean;
    topicNeuron: (k: number) => number;
    ownNeurons: number[][];
    directionOf: (k: number) => 1 | -1;
    rand: () => number;
  },
): void {
  const { strong, rand } = f;
  const perTopic = f.AN.map((name, k) => {
    const detector = round(strong ? 0.88 + 0.1 * rand() : 0.55 + 0.1 * rand());
    return {
      topic: k,
      name,
      neuron: f.topicNeuron(k),
      ownNeurons: f.ownNeurons[k],
      direction: f.directionOf(k),
      detectorAuroc: detector,
      signedAuroc: f.directionOf(k) < 0 ? round(1 - detector) : detector,
      selectivity: round(strong ? 1.8 + rand() : 0.2 + 0.3 * rand()),
      contrastPeakedness: round(strong ? 0.7 + 0.2 * rand() : 0.2 + 0.1 * rand()),
      standsOut: strong,
      decodingOwn: round(strong ? 0.9 + 0.05 * rand() : 0.6 + 0.1 * rand()),
      decodingAll: round(0.95 + 0.04 * rand()),
      consistency: round(strong ? 9 / 11 : 4 / 7),
      positives: 3,
      negatives: 2,
    };
  });
  const mean = (key: 'detectorAuroc' | 'signedAuroc' | 'selectivity' | 'contrastPeakedness' | 'decodingOwn' | 'decodingAll') =>
    round(perTopic.reduce((s, t) => s + t[key], 0) / perTopic.length);
  write('interpretability', {
    perTopic,
    summary: {
      detectorAuroc: mean('detectorAuroc'),
      signedAuroc: mean('signedAuroc'),
      selectivity: mean('selectivity'),
      contrastPeakedness: mean('contrastPeakedness'),
      standsOutShare: strong ? 1 : 0,
      decodingOwn: mean('decodingOwn'),
      decodingAll: mean('decodingAll'),
      groundTruthAgreement: strong ? 0.92 : 0.31,
      topicsScored: perTopic.length,
      topicsWithoutNeuron: 0,
      consistency: strong ? 0.818 : 0.571,
      pairs: 66,
    },
  });
}
