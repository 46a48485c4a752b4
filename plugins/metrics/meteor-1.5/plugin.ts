import { configPath } from '../../../core/config/config-path.js';
import { definePlugin } from '../../../core/plugin/manifest.js';
import { assemble } from '../shared/run.js';
import { prepareItems } from '../shared/prepare.js';
import { meteor15, type Meteor15Options } from './meteor15.js';

export const meteor15Plugin = definePlugin<'metric', Meteor15Options>({
  extensionPoint: 'metric',
  name: 'meteor-1.5',
  version: '1.0.0',
  description:
    "METEOR 1.5 through a user-provided meteor-1.5.jar and Java, run as coco-caption does (-l en -norm; paraphrase tables, so numbers differ from 'meteor').",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      jar: { type: 'string', minLength: 1, description: 'Path to meteor-1.5.jar (relative to the config folder).' },
      java: { type: 'string', minLength: 1, default: 'java' },
      memory: { type: 'string', pattern: '^[0-9]+[mMgG]$', default: '2G' },
    },
    required: ['jar', 'java', 'memory'],
  },
  defaults: { jar: 'meteor-1.5.jar', java: 'java', memory: '2G' },
  validate: () => ({ keys: ['METEOR'] }),
  create: (options, ctx) => {
    const jar = configPath(ctx.configDir, options.jar);
    const o = { ...options, jar };
    return {
      keys: ['METEOR'],
      score: async (items) => {
        const prepared = prepareItems(items, 'meteor-1.5');
        const r = await meteor15(prepared, o);
        return assemble(prepared, { METEOR: r.items }, { METEOR: r.corpus });
      },
    };
  },
});
