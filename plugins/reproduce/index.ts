import type { AnyManifest } from '../../core/plugin/manifest.js';
import { transferStage } from '../stages/transfer/stage.js';

export { transferStage } from '../stages/transfer/stage.js';
export { hasTransfer } from '../stages/transfer/schema.js';

/** Transfer to action recognition (Table 3): the `transfer` stage; `topiclens reproduce`. */
const reproduce: AnyManifest[] = [transferStage];
export default reproduce;
