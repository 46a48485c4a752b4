import { TopiclensError } from '../../core/errors.js';
import type { NeuronNames } from '../report/neuron-names.js';
import { TOPIC_COLORS } from '../report/palette.js';
import type { RefineSession } from '../refiners/session/session.js';
import { carriedWord } from '../../core/text/carry-words.js';
import { refineAdvice } from './advice.js';
import { displayPath } from './display-path.js';
import { propagation, type VideoList } from './video-list.js';

/** What the API works on: the session, the one name of each neuron, the per-model caption list. */
export interface StudioContext {
  session: RefineSession;
  names: NeuronNames;
  videos: VideoList;
  /** The attributor that made the run's map, and those installed (another neuron set, when a refinement fails). */
  attributor?: string;
  attributors?: readonly string[];
}

/** An API answer: status and JSON body. */
export interface Reply {
  status: number;
  body: unknown;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ok = (body: unknown): Reply => ({ status: 200, body });

/** Test video id from a request, or 404 naming it. */
function video(session: RefineSession, id: unknown): string {
  if (typeof id !== 'string' || id === '') throw new HttpError(400, 'give a video id ("video")');
  if (!session.data.testIds.includes(id)) throw new HttpError(404, `unknown test video "${id.slice(0, 80)}"`);
  return id;
}

function topic(session: RefineSession, q: unknown): number {
  if (typeof q === 'number') {
    if (!Number.isInteger(q) || q < 0 || q >= session.data.topics.numTopics)
      throw new HttpError(404, `unknown topic index ${q}; topics are 0..${session.data.topics.numTopics - 1}`);
    return q;
  }
  if (typeof q !== 'string' || q === '') throw new HttpError(400, 'give a topic ("topic": label or index)');
  try {
    return session.topic(q);
  } catch (e) {
    throw new HttpError(404, (e as Error).message);
  }
}

function history(session: RefineSession) {
  return { current: session.lineage.current(), models: session.lineage.list(), ancestry: session.lineage.ancestry().map((e) => e.id) };
}

/** Down-sample a `[frames, dim]` matrix to at most `cols` columns (mean of each column bin). */
function heatmap(
  data: Float32Array,
  frames: number,
  dim: number,
  cols = 64,
): { frames: number; bins: number; binSize: number; values: number[][] } {
  const binSize = Math.ceil(dim / cols);
  const bins = Math.ceil(dim / binSize);
  const values = Array.from({ length: frames }, (_, i) =>
    Array.from({ length: bins }, (_, b) => {
      let s = 0;
      let n = 0;
      for (let d = b * binSize; d < Math.min(dim, (b + 1) * binSize); d++, n++) s += data[i * dim + d]!;
      return Number((s / n).toFixed(4));
    }),
  );
  return { frames, bins, binSize, values };
}

/**
 * The studio's API over a session. Every argument is checked; unknown videos and topics are 404
 * with a message, malformed requests 400. Mutations (refine, undo, checkout) must be serialized
 * by the caller. Neurons are shown by their one name (`neuronNames`); a topic's `neurons` are the
 * neurons named by it, `refineNeurons` those Eq. 10 raises for it (the neurons named by it; every neuron PDM chose for it on maps without names).
 */
export const api = {
  run({ session, names }: StudioContext): Reply {
    const { data } = session;
    const labelOf = (j: number) => {
      const t = names.labelOf[j];
      return t === null || t === undefined ? null : (data.topics.labels[t] ?? null);
    };
    return ok({
      name: data.config.name,
      runDir: displayPath(data.runDir),
      numNeurons: data.neurons.numNeurons,
      testVideos: data.testIds,
      topics: data.topics.names.map((name, k) => ({
        index: k,
        label: data.topics.labels[k],
        name,
        words: data.topics.words[k]!.slice(0, 5),
        neurons: names.ownNeurons[k] ?? [],
        refineNeurons: session.neurons(k),
      })),
      neuronNames: Array.from({ length: data.neurons.numNeurons }, (_, j) => labelOf(j)),
      namesFrom: names.source,
      neuronMap: data.neurons.byTopic.flatMap((list, k) =>
        list.map((n) => ({ topic: data.topics.labels[k], neuron: n.neuron, named: labelOf(n.neuron) ?? '—', count: n.count })),
      ),
      refiner: session.refinerInfo,
      palette: TOPIC_COLORS,
      history: history(session),
    });
  },

  /** Every test video's caption under the current model and the reference topics it misses. */
  async videos({ videos }: StudioContext): Promise<Reply> {
    return ok(await videos.current());
  },

  async video({ session }: StudioContext, idArg: unknown): Promise<Reply> {
    const id = video(session, idArg);
    const { data } = session;
    const caption = await session.caption(session.wholeClip(id));
    const present = data.topics.vectorOf(id);
    const predicted = data.topics.carryWords.map((w, k) => (carriedWord(caption, w) ? k : -1)).filter((k) => k >= 0);
    const frames = data.features.framesOf(id);
    return ok({
      id,
      frames,
      caption,
      evaluated: data.evaluated(id) ?? null,
      references: data.references(id),
      present,
      predicted,
      missing: session.missingTopics(id, caption),
      heatmap: heatmap(data.features.get(id), frames, data.features.dim),
      model: session.lineage.current(),
    });
  },

  /** Per-frame activations of the neurons named by each topic asked for. */
  activations({ session, names }: StudioContext, idArg: unknown, topicsArg: unknown): Reply {
    const id = video(session, idArg);
    const list = typeof topicsArg === 'string' && topicsArg !== '' ? topicsArg.split(',') : [];
    if (list.length > 20) throw new HttpError(400, 'at most 20 topics at a time');
    const topics = list.map((t) => topic(session, /^\d+$/.test(t) ? Number(t) : t));
    const label = (k: number) => session.data.topics.labels[k]!;
    const series = topics.flatMap((k) => {
      const neurons = names.ownNeurons[k] ?? [];
      const values = session.activations(id, neurons);
      return neurons.map((neuron, i) => ({ topic: label(k), neuron, values: values[i]!.map((x) => Number(x.toFixed(5))) }));
    });
    return ok({
      id,
      series,
      withoutNeuron: topics.filter((k) => (names.ownNeurons[k] ?? []).length === 0).map(label),
      model: session.lineage.current(),
    });
  },

  async refine(ctx: StudioContext, body: Record<string, unknown>): Promise<Reply> {
    const { session } = ctx;
    const id = video(session, body.video);
    const k = topic(session, body.topic);
    if (session.neurons(k).length === 0)
      throw new HttpError(409, `topic "${session.data.topics.labels[k]}" has no neurons in the neuron–topic map; it cannot be enhanced`);
    try {
      const before = (await ctx.videos.current()).videos;
      const r = await session.refine(session.wholeClip(id), k);
      const after = (await ctx.videos.current()).videos;
      const carry = session.data.topics.carryWords[k]!;
      const gained = carriedWord(r.after, carry) !== null;
      const spread = propagation(before, after, id, k, (v) => carry.length > 0 && session.data.topics.vectorOf(v).includes(k));
      const advice = refineAdvice({
        topicName: r.topicName,
        gained,
        report: r.report,
        refiner: r.entry.refiner ?? session.refinerInfo,
        runDir: displayPath(session.data.runDir),
        ...(ctx.attributor ? { attributor: ctx.attributor } : {}),
        ...(ctx.attributors ? { attributors: ctx.attributors } : {}),
      });
      return ok({
        video: id,
        topic: r.topicName,
        neurons: r.neurons,
        before: r.before,
        after: r.after,
        gained,
        advice,
        propagation: spread,
        report: r.report,
        model: r.entry.id,
        history: history(session),
      });
    } catch (e) {
      if (e instanceof TopiclensError) throw new HttpError(409, e.message);
      throw e;
    }
  },

  async undo({ session }: StudioContext): Promise<Reply> {
    if (session.lineage.entry(session.lineage.current()).parent === null)
      throw new HttpError(409, 'nothing to undo: the current model is the trained base model');
    const e = await session.undo();
    return ok({ model: e.id, history: history(session) });
  },

  async checkout({ session }: StudioContext, body: Record<string, unknown>): Promise<Reply> {
    const id = body.model;
    if (typeof id !== 'string' || !session.lineage.has(id)) throw new HttpError(404, `unknown model ${JSON.stringify(id)?.slice(0, 80)}`);
    const e = await session.checkout(id);
    return ok({ model: e.id, history: history(session) });
  },

  history: ({ session }: StudioContext): Reply => ok(history(session)),
};
