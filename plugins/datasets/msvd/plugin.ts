import { configPath } from '../../../core/config/config-path.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { loadMsvd, type MsvdOptions } from './load.js';
import { splitProblems } from '../shared/split-checks.js';
import { defaults, optionsSchema } from './schema.js';

export const msvdPlugin = definePlugin<'dataset', MsvdOptions>({
  extensionPoint: 'dataset',
  name: 'msvd',
  version: '0.1.0',
  description:
    'MSVD / YouTubeClips: "MSR Video Description Corpus.csv" (English rows), clips as <clip>.avi files or <clip>.npy features, vid1..vid1970 order, split 1200/100/670.',
  optionsSchema,
  defaults,
  // A split file decides the splits when given; only the sizes are known before loading.
  validate: (o, ctx) => (o.splitFile ? {} : { problems: splitProblems(o.split, `${ctx.path}/split`), splits: o.split }),
  create(options, ctx) {
    const abs = (p: string | undefined): string | undefined => configPath(ctx.configDir, p);
    const o: MsvdOptions = {
      ...options,
      csv: abs(options.csv)!,
      videos: abs(options.videos),
      features: abs(options.features),
      mapping: abs(options.mapping),
      splitFile: abs(options.splitFile),
    };
    return { load: () => loadMsvd(o) };
  },
});
