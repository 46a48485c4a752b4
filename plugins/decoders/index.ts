import type { AnyManifest } from '../../core/plugin/manifest.js';
import { attentionLstmDecoder } from './attention-lstm/plugin.js';
import { mlpClassifierDecoder } from './mlp-classifier/plugin.js';

export { AttentionLstmDecoder } from './attention-lstm/decoder.js';

const decoders: AnyManifest[] = [attentionLstmDecoder, mlpClassifierDecoder];
export default decoders;
