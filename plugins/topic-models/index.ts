import type { AnyManifest } from '../../core/plugin/manifest.js';
import { topicsCommand } from './command/topics-command.js';
import { gibbsPlugin } from './gibbs/plugin.js';
import { warpldaPlugin } from './warplda/plugin.js';

export { createWarpLda } from './warplda/plugin.js';
export { createGibbs } from './gibbs/plugin.js';

/** The topic-model area: `warplda` and `gibbs` TopicModel plugins and the `topics` command (the `topics` stage is in plugins/stages/topics). */
const topicModels: AnyManifest[] = [warpldaPlugin, gibbsPlugin, topicsCommand];

export default topicModels;
