import { definePlugin } from '../../../core/plugin/manifest.js';
import { seedFor } from '../../../core/tensor/rng.js';
import { BiLstmEncoder } from './bilstm.js';
import { defaults, optionsSchema, type BiLstmOptions } from './schema.js';
import { bilstmMemory } from './memory.js';

export const bilstmEncoder = definePlugin<'encoder', BiLstmOptions>({
  extensionPoint: 'encoder',
  name: 'bilstm',
  version: '1.0.0',
  description: 'Bidirectional LSTM over frame features → v_1..v_n (Dong et al. 2017, Sec. 2.2).',
  optionsSchema,
  defaults,
  validate: bilstmMemory,
  create: (options, ctx) => new BiLstmEncoder(options, seedFor(ctx.seed, 'encoder/bilstm')),
});
