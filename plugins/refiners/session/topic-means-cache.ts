import { existsSync, readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import { changedStages, MEANS_STAGES, type Provenance } from '../lineage/provenance.js';

export const TOPIC_MEANS_FILE = 'topic-means.json';
const FORMAT = 'topiclens-topic-means/2';

export type TopicMeans = (Float32Array | null)[];

interface MeansFile {
  format: string;
  note: string;
  derivedFrom: Partial<Provenance>;
  numTopics: number;
  numNeurons: number;
  means: (number[] | null)[];
}

/**
 * The base model's topic means (mean v̄ over the training videos with each topic), cached in
 * `file` with the stage outputs they were computed from (features, topics, train). The cache is
 * used only when those match `provenance` and its shape is `[numTopics][numNeurons]`; otherwise
 * `compute` runs (with the base weights loaded) and the file is replaced atomically.
 */
export function cachedTopicMeans(
  file: string,
  provenance: Provenance,
  shape: { numTopics: number; numNeurons: number },
  compute: () => TopicMeans,
): { means: TopicMeans; computed: boolean } {
  const cached = readValid(file, provenance, shape);
  if (cached) return { means: cached, computed: false };
  const means = compute();
  const body: MeansFile = {
    format: FORMAT,
    note: 'mean v̄ of the base model (train/model) over the training videos that contain each topic; null: no training video has the topic',
    derivedFrom: Object.fromEntries(MEANS_STAGES.map((s) => [s, provenance[s]])),
    ...shape,
    means: means.map((m) => (m ? Array.from(m) : null)),
  };
  writeJsonAtomic(file, body);
  return { means, computed: true };
}

function readValid(file: string, provenance: Provenance, shape: { numTopics: number; numNeurons: number }): TopicMeans | null {
  if (!existsSync(file)) return null;
  let j: Partial<MeansFile>;
  try {
    j = JSON.parse(readFileSync(file, 'utf8')) as Partial<MeansFile>;
  } catch {
    return null; // unreadable: recomputed and replaced
  }
  if (j.format !== FORMAT || changedStages(j.derivedFrom, provenance, MEANS_STAGES).length > 0) return null;
  if (!Array.isArray(j.means) || j.means.length !== shape.numTopics) return null;
  if (j.means.some((m) => m !== null && (!Array.isArray(m) || m.length !== shape.numNeurons))) return null;
  return j.means.map((m) => (m ? Float32Array.from(m) : null));
}
