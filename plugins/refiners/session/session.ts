import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Refiner, RefineReport } from '../../../core/contracts/refiner.js';
import { TopiclensError } from '../../../core/errors.js';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import { BASE_ID, LineageStore, type LineageEntry } from '../lineage/store.js';
import { neuronsForTopic } from './neuron-map.js';
import { readRunData, type RunData } from './run-data.js';
import { captionClips, clipFrames, encodeClip, topicMeans, type Clip, type RunModel, type RunModelLoader } from './run-model.js';
import { carriedWord, resolveTopic } from './topics.js';

export interface SessionOptions {
  loadModel: RunModelLoader;
  refiner: Refiner;
  /** Recorded in each lineage entry. */
  refinerInfo: { type: string; options: unknown };
  /** At most this many neurons per topic (see neuronsForTopic); default: every neuron PDM tied to it. */
  maxNeurons?: number;
}

export interface RefineOutcome {
  entry: LineageEntry;
  report: RefineReport;
  topic: number;
  topicName: string;
  neurons: number[];
  /** Caption of the whole video before and after (or of `evalClip` when given). */
  before: string;
  after: string;
}

/**
 * A run opened for refinement: its data, its model with the current refined encoder loaded,
 * and the lineage of refined models under `<run>/refine/`.
 */
export class RefineSession {
  private means: (Float32Array | null)[] | null = null;

  private constructor(
    readonly data: RunData,
    readonly model: RunModel,
    readonly lineage: LineageStore,
    private readonly options: SessionOptions,
  ) {}

  static async open(runDir: string, options: SessionOptions): Promise<RefineSession> {
    const data = await readRunData(runDir);
    const model = await options.loadModel(data);
    const lineage = new LineageStore(join(runDir, 'refine'));
    const session = new RefineSession(data, model, lineage, options);
    await lineage.init(model.encoder, join('train', 'model'));
    session.loadTopicMeans(); // with the base weights, before any refined model is loaded
    const current = lineage.current();
    if (current !== BASE_ID) await lineage.checkout(current, model.encoder);
    return session;
  }

  get maxNeurons(): number {
    return this.options.maxNeurons ?? Number.POSITIVE_INFINITY;
  }

  /** Topic means of the base model over training videos (cached in refine/topic-means.json). */
  private loadTopicMeans(): (Float32Array | null)[] {
    if (this.means) return this.means;
    const file = join(this.lineage.dir, 'topic-means.json');
    if (existsSync(file)) {
      const j = JSON.parse(readFileSync(file, 'utf8')) as { means: (number[] | null)[] };
      this.means = j.means.map((m) => (m ? Float32Array.from(m) : null));
    } else {
      this.means = topicMeans(this.model, this.data);
      writeJsonAtomic(file, { note: 'mean v̄ of the base model over the training videos that contain each topic', means: this.means.map((m) => (m ? Array.from(m) : null)) });
    }
    return this.means;
  }

  checkVideo(id: string): void {
    if (!this.data.testIds.includes(id)) {
      const known = this.data.features.ids.includes(id);
      throw new TopiclensError(`Video "${id}" ${known ? 'is not a test video' : 'is not in this run'}; test videos: ${this.data.testIds.slice(0, 6).join(', ')}${this.data.testIds.length > 6 ? ', …' : ''}.`);
    }
  }

  topic(query: string | number): number {
    if (typeof query === 'number') {
      if (!Number.isInteger(query) || query < 0 || query >= this.data.topics.numTopics) throw new TopiclensError(`Topic index ${query} is outside 0..${this.data.topics.numTopics - 1}.`);
      return query;
    }
    return resolveTopic(this.data.topics, query);
  }

  neurons(topic: number): number[] {
    return neuronsForTopic(this.data.neurons, topic, this.maxNeurons);
  }

  wholeClip(id: string): Clip {
    return { id, from: 0, to: this.data.features.framesOf(id) };
  }

  async captions(clips: readonly Clip[]): Promise<string[]> {
    return captionClips(this.model, this.data, clips);
  }

  async caption(clip: Clip): Promise<string> {
    return (await this.captions([clip]))[0]!;
  }

  /** Topics of the video's references (s_i = 1) that `caption` does not carry, with carry words and neurons to enhance. */
  missingTopics(id: string, caption: string): number[] {
    const { carryWords } = this.data.topics;
    return this.data.topics.vectorOf(id).filter((k) => carryWords[k]!.length > 0 && !carriedWord(caption, carryWords[k]!) && this.neurons(k).length > 0);
  }

  /** Per-frame activations of `neurons` for the whole video with the current model: `[neuron][frame]`. */
  activations(id: string, neurons: number[]): number[][] {
    const clip = this.wholeClip(id);
    const enc = encodeClip(this.model, this.data, clip);
    const D = this.model.encoder.outputDim;
    const n = clip.to - clip.from;
    return neurons.map((j) => Array.from({ length: n }, (_, i) => enc[i * D + j]!));
  }

  /** Eq. 10 on `clip` (default: the whole video) for `topic`, then a new lineage entry. */
  async refine(clip: Clip, topicQuery: string | number, evalClip: Clip = clip, notes?: Record<string, unknown>): Promise<RefineOutcome> {
    this.checkVideo(clip.id);
    const topic = this.topic(topicQuery);
    const neurons = this.neurons(topic);
    const topicName = this.data.topics.labels[topic]!;
    const mean = this.loadTopicMeans()[topic];
    if (neurons.length === 0 || !mean) {
      throw new TopiclensError(`Topic "${topicName}" has ${neurons.length === 0 ? 'no neurons in the neuron–topic map' : 'no training video'}, so it cannot be enhanced; pick another topic.`);
    }
    const before = await this.caption(evalClip);
    const report = await this.options.refiner.refine(this.model.encoder, {
      frames: clipFrames(this.data, clip),
      numFrames: clip.to - clip.from,
      frameDim: this.data.features.dim,
      videoId: clip.id,
      topic,
      topicName,
      neurons,
      meanActivation: Float32Array.from(neurons, (j) => mean[j]!),
    });
    const after = await this.caption(evalClip);
    const entry = await this.lineage.commit(this.model.encoder, {
      video: clip.id,
      topic,
      topicName,
      frames: [clip.from, clip.to],
      refiner: this.options.refinerInfo,
      report,
      notes: { neurons, captionBefore: before, captionAfter: after, ...notes },
    });
    return { entry, report, topic, topicName, neurons, before, after };
  }

  async undo(): Promise<LineageEntry> {
    return this.lineage.undo(this.model.encoder);
  }

  async checkout(id: string): Promise<LineageEntry> {
    return this.lineage.checkout(id, this.model.encoder);
  }

  dispose(): void {
    this.model.dispose?.();
  }
}
