import { join } from 'node:path';
import type { Refiner, RefineReport } from '../../../core/contracts/refiner.js';
import { TopiclensError } from '../../../core/errors.js';
import { openLineage, type SetAsideLineage } from '../lineage/open-lineage.js';
import { changedStages, describeChanges, readProvenance, type Provenance } from '../lineage/provenance.js';
import { BASE_ID, LineageStore, type LineageEntry } from '../lineage/store.js';
import { chooseAnchors, earlierAnchors, trainFeatureMeans } from './anchors.js';
import { neuronsForTopic } from './neuron-map.js';
import { readRunData, type RunData } from './run-data.js';
import { captionClips, clipFrames, encodeClip, topicMeans, type Clip, type RunModel, type RunModelLoader } from './run-model.js';
import { cachedTopicMeans, TOPIC_MEANS_FILE, type TopicMeans } from './topic-means-cache.js';
import { carriedWord } from '../../../core/text/carry-words.js';
import { resolveTopic } from './topics.js';

export interface SessionOptions {
  loadModel: RunModelLoader;
  refiner: Refiner;
  /** Recorded in each lineage entry. */
  refinerInfo: { type: string; options: unknown };
  /** At most this many neurons per topic (see neuronsForTopic); default: all the neurons named by it. */
  maxNeurons?: number;
  /** Where one-line notices go (an old lineage set aside because the run changed); default: dropped. */
  notice?: (line: string) => void;
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
 * and the lineage of refined models under `<run>/refine/`, which always derives from the run's
 * stage outputs as they are now (a lineage of an earlier train / attribute / topics / features
 * output is set aside on opening, see openLineage).
 */
export class RefineSession {
  /** Mean frame features of the training videos, for choosing anchor videos (computed on first use). */
  private trainMeans: Float32Array | undefined;

  private constructor(
    readonly data: RunData,
    readonly model: RunModel,
    readonly lineage: LineageStore,
    private readonly options: SessionOptions,
    /** The run's stage outputs this session's base, topic means and neuron map come from. */
    readonly provenance: Provenance,
    /** The lineage this opening moved aside, or null. */
    readonly setAside: SetAsideLineage | null,
    private readonly means: TopicMeans,
    /** The model whose weights `model.encoder` holds (follow() catches up with the lineage's current one). */
    private loaded: string,
  ) {}

  static async open(runDir: string, options: SessionOptions): Promise<RefineSession> {
    const provenance = readProvenance(runDir);
    const data = await readRunData(runDir);
    const model = await options.loadModel(data);
    try {
      const reread = readProvenance(runDir);
      const moved = changedStages(provenance, reread);
      if (moved.length > 0) {
        throw new TopiclensError(
          `${runDir}: the run's ${describeChanges(provenance, reread, moved)} while the refine session was opening (a stage is running?). Wait for the run to finish, then open it again.`,
        );
      }
      // The model holds the train stage's weights here: the base snapshot and the means are taken from them.
      const lock = new LineageStore(join(runDir, 'refine')).lock(options.notice);
      try {
        const { store, setAside } = await openLineage(join(runDir, 'refine'), model.encoder, provenance, options.notice);
        const { means } = cachedTopicMeans(
          join(store.dir, TOPIC_MEANS_FILE),
          provenance,
          { numTopics: data.topics.numTopics, numNeurons: model.encoder.outputDim },
          () => topicMeans(model, data),
        );
        const current = store.current();
        if (current !== BASE_ID) await store.load(current, model.encoder);
        return new RefineSession(data, model, store, options, provenance, setAside, means, current);
      } finally {
        lock.release();
      }
    } catch (e) {
      model.dispose?.();
      throw e;
    }
  }

  get maxNeurons(): number {
    return this.options.maxNeurons ?? Number.POSITIVE_INFINITY;
  }

  /** The refiner's type and options, as recorded in each lineage entry. */
  get refinerInfo(): { type: string; options: unknown } {
    return this.options.refinerInfo;
  }

  /** Topic means of the base model over training videos (refine/topic-means.json). */
  topicMeans(): TopicMeans {
    return this.means;
  }

  /**
   * Refuse to refine when the run's stages changed after this session opened (e.g. the train
   * stage reran while the studio was open): the refinement would continue the replaced model.
   */
  assertRunUnchanged(): void {
    const now = readProvenance(this.data.runDir);
    const changed = changedStages(this.provenance, now);
    if (changed.length > 0) {
      throw new TopiclensError(
        `${this.data.runDir}: the run's ${describeChanges(this.provenance, now, changed)} after this refine session opened, so refining now would continue the model it replaced. Open the run again (rerun the command, restart the studio): its current lineage is then moved to refine/stale-<time>/ and refinement starts from the new model.`,
      );
    }
  }

  checkVideo(id: string): void {
    if (!this.data.testIds.includes(id)) {
      const known = this.data.features.ids.includes(id);
      throw new TopiclensError(
        `Video "${id}" ${known ? 'is not a test video' : 'is not in this run'}; test videos: ${this.data.testIds.slice(0, 6).join(', ')}${this.data.testIds.length > 6 ? ', …' : ''}.`,
      );
    }
  }

  topic(query: string | number): number {
    if (typeof query === 'number') {
      if (!Number.isInteger(query) || query < 0 || query >= this.data.topics.numTopics)
        throw new TopiclensError(`Topic index ${query} is outside 0..${this.data.topics.numTopics - 1}.`);
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
    await this.follow();
    return captionClips(this.model, this.data, clips);
  }

  /**
   * Load the lineage's current model when another process (`topiclens refine` beside the studio)
   * changed it since this session last looked, so captions and refinements use the model the
   * lineage names. Returns the current id.
   */
  async follow(): Promise<string> {
    const head = this.lineage.current();
    if (head !== this.loaded) {
      await this.lineage.load(head, this.model.encoder);
      this.loaded = head;
    }
    return head;
  }

  /** Run a change of the lineage under its lock, on the lineage's current model. */
  private async changing<T extends { id: string }>(change: () => Promise<T>): Promise<T> {
    const lock = this.lineage.lock(this.options.notice);
    try {
      await this.follow();
      const entry = await change();
      this.loaded = entry.id;
      return entry;
    } finally {
      lock.release();
    }
  }

  async caption(clip: Clip): Promise<string> {
    return (await this.captions([clip]))[0]!;
  }

  /** Topics of the video's references (s_i = 1) that `caption` does not carry, with carry words and neurons to enhance. */
  missingTopics(id: string, caption: string): number[] {
    const { carryWords } = this.data.topics;
    return this.data.topics
      .vectorOf(id)
      .filter((k) => carryWords[k]!.length > 0 && !carriedWord(caption, carryWords[k]!) && this.neurons(k).length > 0);
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
    let outcome: RefineOutcome | undefined;
    await this.changing(async () => {
      const o = await this.refineLocked(clip, topicQuery, evalClip, notes);
      outcome = o;
      return o.entry;
    });
    return outcome!;
  }

  private async refineLocked(
    clip: Clip,
    topicQuery: string | number,
    evalClip: Clip,
    notes?: Record<string, unknown>,
  ): Promise<RefineOutcome> {
    this.checkVideo(clip.id);
    this.assertRunUnchanged();
    const topic = this.topic(topicQuery);
    const neurons = this.neurons(topic);
    const topicName = this.data.topics.labels[topic]!;
    const mean = this.means[topic];
    if (neurons.length === 0 || !mean) {
      throw new TopiclensError(
        `Topic "${topicName}" has ${neurons.length === 0 ? 'no neurons in the neuron–topic map' : 'no training video'}, so it cannot be enhanced; pick another topic.`,
      );
    }
    const before = await this.caption(evalClip);
    const want = this.options.refiner.anchorRequest;
    const anchors =
      want && want.videos > 0
        ? [
            chooseAnchors(this.data, clip, topic, want, this.cachedTrainMeans()),
            ...(want.earlier ? earlierAnchors(this.data, this.earlierClips(), clip) : []),
          ]
        : undefined;
    const report = await this.options.refiner.refine(this.model.encoder, {
      frames: clipFrames(this.data, clip),
      numFrames: clip.to - clip.from,
      frameDim: this.data.features.dim,
      videoId: clip.id,
      topic,
      topicName,
      neurons,
      meanActivation: Float32Array.from(neurons, (j) => mean[j]!),
      ...(anchors ? { anchors } : {}),
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

  private cachedTrainMeans(): Float32Array {
    this.trainMeans ??= trainFeatureMeans(this.data);
    return this.trainMeans;
  }

  /** The clips refined in the current model's chain, oldest first. */
  private earlierClips(): Clip[] {
    return this.lineage.ancestry().flatMap((e) => (e.video && e.frames ? [{ id: e.video, from: e.frames[0], to: e.frames[1] }] : []));
  }

  async undo(): Promise<LineageEntry> {
    return this.changing(() => this.lineage.undo(this.model.encoder));
  }

  async checkout(id: string): Promise<LineageEntry> {
    return this.changing(() => this.lineage.checkout(id, this.model.encoder));
  }

  dispose(): void {
    this.model.dispose?.();
  }
}
