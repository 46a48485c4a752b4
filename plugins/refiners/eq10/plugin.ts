import { definePlugin } from '../../../core/plugin/manifest.js';
import { Eq10Refiner } from './refine.js';
import { eq10Defaults, eq10Schema, type Eq10Options } from './schema.js';

export const eq10Refiner = definePlugin<'refiner', Eq10Options>({
  extensionPoint: 'refiner',
  name: 'eq10',
  version: '1.0.0',
  description:
    "Human-in-the-loop correction (Dong et al. 2017, Sec. 4, Eq. 10): raise the topic's neurons to v*, then fine-tune the encoder on ‖v' − v*‖² + μ‖θ' − θ‖².",
  optionsSchema: eq10Schema,
  defaults: eq10Defaults,
  create: (options) => new Eq10Refiner(options),
});
