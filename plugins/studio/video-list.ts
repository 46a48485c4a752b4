import type { RefineSession } from '../refiners/session/session.js';

export interface VideoRow {
  id: string;
  caption: string;
  /** Reference topics (s_i = 1) the caption does not carry, with neurons to enhance. */
  missing: number[];
}

/**
 * Every test video's caption under the current model, with its missing topics. A refinement
 * changes the encoder, so it changes every caption: the list is cached per model id (ids are
 * never reused within a lineage) and recomputed after a model change.
 */
export class VideoList {
  private readonly cache = new Map<string, VideoRow[]>();

  constructor(
    private readonly session: RefineSession,
    private readonly batch = 64,
  ) {}

  /** The rows of the current model (captioned now when not cached). */
  async current(): Promise<{ model: string; videos: VideoRow[] }> {
    const model = this.session.lineage.current();
    let rows = this.cache.get(model);
    if (!rows) {
      const ids = this.session.data.testIds;
      const captions: string[] = [];
      for (let i = 0; i < ids.length; i += this.batch)
        captions.push(...(await this.session.captions(ids.slice(i, i + this.batch).map((id) => this.session.wholeClip(id)))));
      rows = ids.map((id, i) => ({ id, caption: captions[i]!, missing: this.session.missingTopics(id, captions[i]!) }));
      this.cache.set(model, rows);
    }
    return { model, videos: rows };
  }
}

export interface Propagation {
  /** Test videos. */
  total: number;
  /** Videos other than the refined one whose caption the refinement changed. */
  changedOthers: number;
  /** Test videos that have the topic (s_i = 1) and can show it. */
  withTopic: number;
  /** Of those, how many captions carried it before and after. */
  carriedBefore: number;
  carriedAfter: number;
}

/** What a refinement did to the captions of every test video (correction propagation reaches them all). */
export function propagation(
  before: readonly VideoRow[],
  after: readonly VideoRow[],
  video: string,
  topic: number,
  hasTopic: (id: string) => boolean,
): Propagation {
  const was = new Map(before.map((r) => [r.id, r]));
  const withTopic = after.filter((r) => hasTopic(r.id));
  return {
    total: after.length,
    changedOthers: after.filter((r) => r.id !== video && was.get(r.id)?.caption !== r.caption).length,
    withTopic: withTopic.length,
    carriedBefore: withTopic.filter((r) => was.get(r.id) && !was.get(r.id)!.missing.includes(topic)).length,
    carriedAfter: withTopic.filter((r) => !r.missing.includes(topic)).length,
  };
}
