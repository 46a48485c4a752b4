import type { AnyManifest } from '../../core/plugin/manifest.js';
import { bleuPlugin } from './bleu/plugin.js';
import { ciderPlugin } from './cider/plugin.js';
import { meteorPlugin } from './meteor/plugin.js';
import { meteor15Plugin } from './meteor-1.5/plugin.js';
import { rougeLPlugin } from './rouge-l/plugin.js';
import { scoreCommand } from './score/command.js';

/** Caption metrics (extension point `metric`) and the `topiclens score` command. */
const metrics: AnyManifest[] = [bleuPlugin, meteorPlugin, rougeLPlugin, ciderPlugin, meteor15Plugin, scoreCommand];

export default metrics;
export { bleuPlugin, ciderPlugin, meteorPlugin, meteor15Plugin, rougeLPlugin, scoreCommand };
