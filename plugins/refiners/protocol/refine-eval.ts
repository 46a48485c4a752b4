import type { Metric, MetricItem, ScoreTable } from '../../../core/contracts/metric.js';
import type { RefineReport } from '../../../core/contracts/refiner.js';
import { scoreSplit } from '../../../core/config/types.js';
import { TopiclensError } from '../../../core/errors.js';
import { ptbTokenize } from '../../../core/text/ptb-tokenize.js';
import { shortHash, type Provenance } from '../lineage/provenance.js';
import { BASE_ID } from '../lineage/store.js';
import { halves } from '../session/run-model.js';
import type { RefineSession } from '../session/session.js';
import { CARRY_MIN_PROB, CARRY_WORDS, carriedWord } from '../../../core/text/carry-words.js';

export interface RefineEvalItem {
  video: string;
  topic: number;
  topicName: string;
  neurons: number[];
  firstHalf: [number, number];
  secondHalf: [number, number];
  /** Caption of the whole video by the base model (the "inaccurate prediction"). */
  captionWhole: string;
  /** Captions of the unseen second half: base model; right after this video's refinement; after all refinements. */
  secondBefore: string;
  secondAfterOwn: string;
  secondAfterAll: string;
  /** The topic word each caption carries, or null. */
  carriedAfterOwn: string | null;
  carriedAfterAll: string | null;
  model: string;
  report: RefineReport;
}

export interface RefineEvalResult {
  protocol: string;
  carries: string;
  requested: number;
  selected: number;
  /** Second halves whose caption carries the topic after the video's own refinement / after all. */
  carriedAfterOwn: number;
  carriedAfterAll: number;
  /**
   * Videos that did not gain the topic although its neurons already read it on the first half
   * before refinement (`alreadyRead`): the encoder carried the topic, the decoder left it out.
   * Absent when the refiner reports no topic-neuron levels.
   */
  missedAlreadyRead?: number;
  /** Refined clips whose topic neurons reach ≥ 90 % of the topic's training mean after their refinement. */
  neuronsReached?: number;
  scores: { before: ScoreTable; after: ScoreTable; testVideos: number };
  /** The split the videos were picked from and scored on (the run's scoreOn). */
  split: 'test' | 'val';
  items: RefineEvalItem[];
  baseModel: string;
  finalModel: string;
  /** The run's stage outputs the base model (the run's train/model), topic means and neurons came from. */
  derivedFrom: Provenance;
  notes: string[];
}

export const PROTOCOL =
  'Sec. 4 of Dong et al. 2017: test videos whose whole-video caption (base model) misses a topic of their references (topic vector s_t = 1); each video split into frame halves [0, ⌊n/2⌋) and [⌊n/2⌋, n); Eq. 10 applied on the first halves in turn (each refinement starts from the previous one); captions of the unseen second halves checked for the topic; BLEU/METEOR of every test video (whole) before and after all refinements.';
export const CARRIES = `a caption carries topic t when one of t's ${CARRY_WORDS} most probable words (topics/topics.json) that has p(w | t) ≥ ${CARRY_MIN_PROB} is one of its tokens (coco-caption tokenization)`;

/** Share of the topic's training mean its neurons reach before refinement at which the encoder counts as reading the topic. */
export const ALREADY_READ_SHARE = 0.9;

/** Did the topic's neurons read the topic on the refined clip (at ≥ 90 % of its training mean, sign-aware) before (or `after`) refinement? */
export function alreadyRead(report: RefineReport, when: 'before' | 'after' = 'before'): boolean | undefined {
  const t = report.topicNeurons;
  if (!t || t.topicMean === 0) return undefined;
  return t[when] / t.topicMean >= ALREADY_READ_SHARE;
}

/**
 * Videos for the protocol, in data-set order: the whole-video caption and the second-half
 * caption of the base model both miss topic t, t is in the video's topic vector and has
 * neurons; when several topics qualify, the one whose top words occur in the most reference
 * sentences (the most salient to annotators), then the lowest index.
 */
export async function selectVideos(
  session: RefineSession,
  n: number,
): Promise<{ id: string; topic: number; whole: string; second: string }[]> {
  const { data } = session;
  const ids = data.testIds;
  const whole = await session.captions(ids.map((id) => session.wholeClip(id)));
  const second = await session.captions(ids.map((id) => halves(data, id)[1]));
  const out: { id: string; topic: number; whole: string; second: string }[] = [];
  ids.forEach((id, i) => {
    if (out.length >= n || data.features.framesOf(id) < 2) return;
    const missing = session.missingTopics(id, whole[i]!).filter((k) => !carriedWord(second[i]!, data.topics.carryWords[k]!));
    if (missing.length === 0) return;
    const refs = data.references(id).map((r) => new Set(ptbTokenize(r)));
    const salience = (k: number) => refs.filter((r) => data.topics.carryWords[k]!.some((w) => r.has(w))).length;
    const topic = [...missing].sort((a, b) => salience(b) - salience(a) || a - b)[0]!;
    out.push({ id, topic, whole: whole[i]!, second: second[i]! });
  });
  return out;
}

async function scoreAll(session: RefineSession, metrics: Metric[]): Promise<ScoreTable> {
  const ids = session.data.testIds;
  const hyps = await session.captions(ids.map((id) => session.wholeClip(id)));
  const items: MetricItem[] = ids.map((id, i) => ({ id, hypothesis: hyps[i]!, references: session.data.references(id) }));
  const table: ScoreTable = {};
  for (const m of metrics) Object.assign(table, (await m.score(items)).corpus);
  return table;
}

/** Run the protocol. Starts from the base model; leaves the session on the model it was on. */
export async function refineEval(
  session: RefineSession,
  options: { videos: number; metrics: Metric[]; log?: (line: string) => void },
): Promise<RefineEvalResult> {
  const log = options.log ?? (() => {});
  const { data, lineage } = session;
  const previous = lineage.current();
  const notes: string[] = [];
  if (previous !== BASE_ID) {
    notes.push(`the run's current model was ${previous}; the protocol started from the base model and ${previous} was restored afterwards`);
    await session.checkout(BASE_ID);
  }
  const split = scoreSplit(data.config);
  const picked = await selectVideos(session, options.videos);
  if (picked.length === 0) {
    throw new TopiclensError(
      `No ${split} video of ${data.runDir} has a caption missing a topic of its references (with neurons in the neuron–topic map) on both the whole video and its second half; nothing to refine.`,
    );
  }
  if (picked.length < options.videos) notes.push(`only ${picked.length} of the ${options.videos} requested ${split} videos qualify`);
  log(`refine-eval: ${picked.length} videos selected; scoring the ${data.testIds.length} ${split} videos with the base model`);
  const before = await scoreAll(session, options.metrics);
  const items: RefineEvalItem[] = [];
  for (const [i, p] of picked.entries()) {
    const [first, second] = halves(data, p.id);
    const r = await session.refine(first, p.topic, second, { protocol: 'refine-eval' });
    const topicName = data.topics.labels[p.topic]!;
    const level = r.report.topicNeurons;
    const levels = level
      ? `; topic neurons ${level.before.toFixed(2)} → ${level.after.toFixed(2)} (training mean ${level.topicMean.toFixed(2)})`
      : '';
    log(
      `  ${i + 1}/${picked.length} ${p.id} +${topicName}: ‖v′−v*‖² ${r.report.targetDistanceBefore.toFixed(3)} → ${r.report.targetDistanceAfter.toFixed(3)}${levels}; "${r.before}" → "${r.after}"`,
    );
    items.push({
      video: p.id,
      topic: p.topic,
      topicName,
      neurons: r.neurons,
      firstHalf: [first.from, first.to],
      secondHalf: [second.from, second.to],
      captionWhole: p.whole,
      secondBefore: p.second,
      secondAfterOwn: r.after,
      secondAfterAll: '',
      carriedAfterOwn: carriedWord(r.after, data.topics.carryWords[p.topic]!),
      carriedAfterAll: null,
      model: r.entry.id,
      report: r.report,
    });
  }
  const finalModel = lineage.current();
  const finalSecond = await session.captions(items.map((it) => ({ id: it.video, from: it.secondHalf[0], to: it.secondHalf[1] })));
  items.forEach((it, i) => {
    it.secondAfterAll = finalSecond[i]!;
    it.carriedAfterAll = carriedWord(finalSecond[i]!, data.topics.carryWords[it.topic]!);
  });
  const after = await scoreAll(session, options.metrics);
  await session.checkout(previous);
  return {
    protocol: PROTOCOL,
    carries: CARRIES,
    requested: options.videos,
    selected: items.length,
    carriedAfterOwn: items.filter((it) => it.carriedAfterOwn).length,
    carriedAfterAll: items.filter((it) => it.carriedAfterAll).length,
    ...(items.some((it) => alreadyRead(it.report) !== undefined)
      ? {
          missedAlreadyRead: items.filter((it) => !it.carriedAfterAll && alreadyRead(it.report)).length,
          neuronsReached: items.filter((it) => alreadyRead(it.report, 'after')).length,
        }
      : {}),
    scores: { before, after, testVideos: data.testIds.length },
    split,
    items,
    baseModel: BASE_ID,
    finalModel,
    derivedFrom: session.provenance,
    notes,
  };
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The table `refine-eval` prints. */
export function formatRefineEval(r: RefineEvalResult): string {
  const rows = r.items.map((it) =>
    [
      cut(it.video, 18).padEnd(18),
      cut(it.topicName, 12).padEnd(12),
      cut(it.secondBefore, 34).padEnd(34),
      cut(it.secondAfterAll, 34).padEnd(34),
      it.carriedAfterOwn ? 'yes' : 'no ',
      it.carriedAfterAll ? 'yes' : 'no',
    ].join('  '),
  );
  const keys = [...new Set([...Object.keys(r.scores.before), ...Object.keys(r.scores.after)])].filter((k) =>
    /Bleu_4|METEOR|CIDEr|ROUGE/.test(k),
  );
  return [
    `refine-eval: ${r.selected} ${r.split} videos refined in turn on their first halves (requested ${r.requested})`,
    '',
    `${'video'.padEnd(18)}  ${'topic'.padEnd(12)}  ${'2nd half before'.padEnd(34)}  ${'2nd half after all'.padEnd(34)}  own  all`,
    ...rows,
    '',
    `second halves now carrying the missing topic: ${r.carriedAfterAll} of ${r.selected} after all refinements, ${r.carriedAfterOwn} of ${r.selected} right after their own (paper: 17 of 20)`,
    ...(r.missedAlreadyRead === undefined
      ? []
      : [
          `the topic's neurons reached ≥ ${ALREADY_READ_SHARE * 100} % of its training mean on ${r.neuronsReached} of ${r.selected} refined first halves; of the ${r.selected - r.carriedAfterAll} that did not gain the topic, ${r.missedAlreadyRead} were there before refinement (the encoder read the topic, the decoder left it out)`,
        ]),
    `${`${r.split} set (${r.scores.testVideos} videos)`.padEnd(24)}${keys.map((k) => k.padStart(8)).join(' ')}`,
    `  before                ${keys.map((k) => (r.scores.before[k] ?? NaN).toFixed(4).padStart(8)).join(' ')}`,
    `  after                 ${keys.map((k) => (r.scores.after[k] ?? NaN).toFixed(4).padStart(8)).join(' ')}`,
    `"carries": ${r.carries}`,
    `the chain started from ${r.baseModel} = the run's train/model (train output ${shortHash(r.derivedFrom.train)}, attribute output ${shortHash(r.derivedFrom.attribute)})`,
    ...r.notes.map((n) => `note: ${n}`),
    `final refined model: ${r.finalModel} (refine/models/${r.finalModel}); the run stays on its previous model`,
  ].join('\n');
}
