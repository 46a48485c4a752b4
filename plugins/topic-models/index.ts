import type { AnyManifest } from '../../core/plugin/manifest.js';
import { topicsStage } from '../stages/topics/stage.js';
import { topicsCommand } from './command/topics-command.js';
import { gibbsPlugin } from './gibbs/plugin.js';
import { warpldaPlugin } from './warplda/plugin.js';

export { readTopics, type TopicsReading, type TopicVectorsFile } from '../stages/topics/read-topics.js';
export { topicsStage, videoDocument } from '../stages/topics/stage.js';
export { createWarpLda } from './warplda/plugin.js';
export { createGibbs } from './gibbs/plugin.js';

/** The topic-model area: `warplda` and `gibbs` TopicModel plugins, the `topics` stage and the `topics` command. */
const topicModels: AnyManifest[] = [warpldaPlugin, gibbsPlugin, topicsStage, topicsCommand];

export default topicModels;
