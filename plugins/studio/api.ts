import { TopiclensError } from '../../core/errors.js';
import type { RefineSession } from '../refiners/session/session.js';
import { carriedWord } from '../refiners/session/topics.js';

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
    if (!Number.isInteger(q) || q < 0 || q >= session.data.topics.numTopics) throw new HttpError(404, `unknown topic index ${q}; topics are 0..${session.data.topics.numTopics - 1}`);
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
function heatmap(data: Float32Array, frames: number, dim: number, cols = 64): { frames: number; bins: number; binSize: number; values: number[][] } {
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
 * by the caller.
 */
export const api = {
  run(session: RefineSession): Reply {
    const { data } = session;
    return ok({
      name: data.config.name,
      runDir: data.runDir,
      numNeurons: data.neurons.numNeurons,
      testVideos: data.testIds,
      topics: data.topics.names.map((name, k) => ({ index: k, label: data.topics.labels[k], name, words: data.topics.words[k]!.slice(0, 5), neurons: session.neurons(k) })),
      neuronMap: data.neurons.byTopic.flatMap((list, k) => list.map((n) => ({ topic: data.topics.labels[k], neuron: n.neuron, count: n.count }))),
      history: history(session),
    });
  },

  async video(session: RefineSession, idArg: unknown): Promise<Reply> {
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

  activations(session: RefineSession, idArg: unknown, topicsArg: unknown): Reply {
    const id = video(session, idArg);
    const list = typeof topicsArg === 'string' && topicsArg !== '' ? topicsArg.split(',') : [];
    if (list.length > 20) throw new HttpError(400, 'at most 20 topics at a time');
    const topics = list.map((t) => topic(session, /^\d+$/.test(t) ? Number(t) : t));
    const series = topics.flatMap((k) => {
      const neurons = session.neurons(k);
      const values = session.activations(id, neurons);
      return neurons.map((neuron, i) => ({ topic: session.data.topics.labels[k], neuron, values: values[i]!.map((x) => Number(x.toFixed(5))) }));
    });
    return ok({ id, series, model: session.lineage.current() });
  },

  async refine(session: RefineSession, body: Record<string, unknown>): Promise<Reply> {
    const id = video(session, body.video);
    const k = topic(session, body.topic);
    if (session.neurons(k).length === 0) throw new HttpError(409, `topic "${session.data.topics.labels[k]}" has no neurons in the neuron–topic map; it cannot be enhanced`);
    try {
      const r = await session.refine(session.wholeClip(id), k);
      return ok({ video: id, topic: r.topicName, neurons: r.neurons, before: r.before, after: r.after, report: r.report, model: r.entry.id, history: history(session) });
    } catch (e) {
      if (e instanceof TopiclensError) throw new HttpError(409, e.message);
      throw e;
    }
  },

  async undo(session: RefineSession): Promise<Reply> {
    if (session.lineage.entry(session.lineage.current()).parent === null) throw new HttpError(409, 'nothing to undo: the current model is the trained base model');
    const e = await session.undo();
    return ok({ model: e.id, history: history(session) });
  },

  async checkout(session: RefineSession, body: Record<string, unknown>): Promise<Reply> {
    const id = body.model;
    if (typeof id !== 'string' || !session.lineage.has(id)) throw new HttpError(404, `unknown model ${JSON.stringify(id)?.slice(0, 80)}`);
    const e = await session.checkout(id);
    return ok({ model: e.id, history: history(session) });
  },

  history: (session: RefineSession): Reply => ok(history(session)),
};
