import { configPath } from '../../../core/config/config-path.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { loadUcf11, type Ucf11Options } from './load.js';
import { splitProblems } from '../shared/split-checks.js';
import { defaults, optionsSchema } from './schema.js';

export const ucf11Plugin = definePlugin<'dataset', Ucf11Options>({
  extensionPoint: 'dataset',
  name: 'ucf11',
  version: '0.1.0',
  description:
    'UCF YouTube Action (UCF11): 11 actions from the <action>/<group>/v_*_GG_CC.(avi|mpg) layout; seeded 800/800 random split (as the paper), leave-groups-out, or a split file.',
  optionsSchema,
  defaults,
  // Only the random split's sizes are known before the folder tree is read.
  validate: (o, ctx) => (o.split === 'random' ? { problems: splitProblems(o.counts, `${ctx.path}/counts`), splits: o.counts } : {}),
  create(options, ctx) {
    const abs = (p: string | undefined): string | undefined => configPath(ctx.configDir, p);
    const o: Ucf11Options = { ...options, root: abs(options.root)!, features: abs(options.features), splitFile: abs(options.splitFile) };
    return { load: () => loadUcf11(o, ctx.seed) };
  },
});
