import type { AnyManifest } from '../../core/plugin/manifest.js';
import { bilstmEncoder } from './bilstm/plugin.js';

export { BiLstmEncoder } from './bilstm/bilstm.js';

const encoders: AnyManifest[] = [bilstmEncoder];
export default encoders;
