import type { AnyManifest } from '../../core/plugin/manifest.js';
import { attentionLstmDecoder } from './attention-lstm/plugin.js';

export { AttentionLstmDecoder } from './attention-lstm/decoder.js';

const decoders: AnyManifest[] = [attentionLstmDecoder];
export default decoders;
