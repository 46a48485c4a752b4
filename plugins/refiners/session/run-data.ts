import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../../core/config/types.js';
import { TopiclensError } from '../../../core/errors.js';
import { ATTRIBUTE_FILES } from '../../stages/attribute/read-attribute.js';
import { CAPTIONS_FILE, readCaptions } from '../../stages/evaluate/read-captions.js';
import { readFeatures, type FeatureStore } from '../../stages/features/read-features.js';
import { readNeuronMap, type TopicNeurons } from './neuron-map.js';
import { fail, readStageJson } from './read-json.js';
import { readRunTopics, type RunTopics } from './topics.js';

/** What the refine commands and the studio read from a finished run folder (RUN-LAYOUT.md). */
export interface RunData {
  runDir: string;
  config: ExperimentConfig;
  features: FeatureStore;
  topics: RunTopics;
  neurons: TopicNeurons;
  /** Test videos with captions in evaluate/captions.json, in data-set order. */
  testIds: string[];
  trainIds: string[];
  references(id: string): string[];
  /** The caption the evaluate stage generated with the trained model. */
  evaluated(id: string): string | undefined;
}

export async function readRunData(runDir: string): Promise<RunData> {
  if (!existsSync(runDir))
    throw new TopiclensError(`Run folder ${runDir} does not exist; give the runs/<name> folder that "topiclens run" wrote.`);
  const config = readStageJson(join(runDir, 'config.json'), 'run') as ExperimentConfig;
  const features = await readFeatures(join(runDir, 'features'));
  const topics = readRunTopics(join(runDir, 'topics'));
  const neurons = readNeuronMap(join(runDir, 'attribute', ATTRIBUTE_FILES.neuronTopicMap), topics.numTopics);
  const capFile = join(runDir, 'evaluate', CAPTIONS_FILE);
  const captions = readCaptions(join(runDir, 'evaluate'));
  for (const [id, c] of Object.entries(captions)) {
    if (c.references.length === 0) throw fail(capFile, `/${id}/references`, 'a non-empty array of sentences', 'evaluate');
  }
  const has = new Set(features.ids);
  const testIds = features.ids.filter((id) => captions[id] !== undefined);
  if (testIds.length === 0)
    throw new TopiclensError(`${capFile} names no video of the feature store; the run's stages disagree — rerun "evaluate".`);
  for (const id of Object.keys(captions))
    if (!has.has(id)) throw new TopiclensError(`${capFile}: video "${id}" has no features in ${join(runDir, 'features')}; rerun the run.`);
  return {
    runDir,
    config,
    features,
    topics,
    neurons,
    testIds,
    trainIds: features.ids.filter((id) => features.splitOf(id) === 'train'),
    references: (id) => {
      const c = captions[id];
      if (!c) throw new TopiclensError(`Video "${id}" is not a test video of this run (evaluate/captions.json has ${testIds.length}).`);
      return c.references;
    },
    evaluated: (id) => captions[id]?.hypothesis,
  };
}
