import type { AnyManifest } from '../../core/plugin/manifest.js';
import { l2InterpretiveLoss } from './l2/plugin.js';
import { noInterpretiveLoss } from './none/plugin.js';

export { L2InterpretiveLoss } from './l2/l2.js';
export { NoInterpretiveLoss } from './none/plugin.js';

const interpretiveLosses: AnyManifest[] = [l2InterpretiveLoss, noInterpretiveLoss];
export default interpretiveLosses;
