import type { AnyManifest } from '../../core/plugin/manifest.js';
import { ablationPlugin } from './ablation/plugin.js';
import { gradientInputPlugin } from './gradient-input/plugin.js';
import { integratedGradientsPlugin } from './integrated-gradients/plugin.js';
import { pdmPlugin } from './pdm/plugin.js';

/** The built-in attributors (extension point `attributor`). */
export const attributorPlugins: AnyManifest[] = [pdmPlugin, ablationPlugin, gradientInputPlugin, integratedGradientsPlugin];

export {
  buildNeuronTopicMap,
  modalNeurons,
  primaryNeurons,
  type NeuronEntry,
  type NeuronTopicMap,
  type TopicEntry,
} from './neuron-topic-map/build.js';
export { neuronTopicMapToCsv, neuronTopicMapToJson, writeNeuronTopicMap } from './neuron-topic-map/write.js';
export { withProbe } from './shared/with-probe.js';
export { naiveAblation } from './shared/naive-ablation.js';

export default attributorPlugins;
