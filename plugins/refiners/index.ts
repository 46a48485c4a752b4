import type { AnyManifest } from '../../core/plugin/manifest.js';
import { eq10Refiner } from './eq10/plugin.js';

export { Eq10Refiner } from './eq10/refine.js';
export { enhancementDelta } from './eq10/enhance.js';

/** The refiner plugins (extension point `refiner`) and the refine / refine-eval commands. */
const refiners: AnyManifest[] = [eq10Refiner];
export default refiners;
