import { definePlugin } from '../../../core/plugin/manifest.js';
import { seedFor } from '../../../core/tensor/rng.js';
import { AttentionLstmDecoder } from './decoder.js';
import { defaults, optionsSchema, type AttentionLstmOptions } from './schema.js';
import { attentionLstmMemory } from './memory.js';

export const attentionLstmDecoder = definePlugin<'decoder', AttentionLstmOptions>({
  extensionPoint: 'decoder',
  name: 'attention-lstm',
  version: '1.0.0',
  description: 'LSTM caption decoder with soft temporal attention (Dong et al. 2017, Eq. 3–7); greedy and beam search.',
  optionsSchema,
  defaults,
  validate: attentionLstmMemory,
  create: (options, ctx) => new AttentionLstmDecoder(options, seedFor(ctx.seed, 'decoder/attention-lstm')),
});
