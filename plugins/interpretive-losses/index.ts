import type { AnyManifest } from '../../core/plugin/manifest.js';
import { alignedInterpretiveLoss } from './aligned/plugin.js';
import { l2InterpretiveLoss } from './l2/plugin.js';
import { noInterpretiveLoss } from './none/plugin.js';

export { AlignedInterpretiveLoss } from './aligned/aligned.js';
export { L2InterpretiveLoss } from './l2/l2.js';
export { NoInterpretiveLoss } from './none/plugin.js';

const interpretiveLosses: AnyManifest[] = [l2InterpretiveLoss, alignedInterpretiveLoss, noInterpretiveLoss];
export default interpretiveLosses;
