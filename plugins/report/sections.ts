import type { RunData } from './read-run.js';
import { captionsSection } from './sections/captions.js';
import type { Section } from './sections/common.js';
import { fig3Section } from './sections/fig3.js';
import { fig4Section } from './sections/fig4.js';
import { interpretabilitySection } from './sections/interpretability.js';
import { neuronMapSection } from './sections/neuron-map.js';
import { scoresSection } from './sections/scores.js';
import { topicsSection } from './sections/topics.js';
import { trainingSection } from './sections/training.js';

export type { Chart, DataFile, Note, Section } from './sections/common.js';
export { partNote } from './sections/common.js';
export { CAPTIONS_SHOWN, REFERENCES_SHOWN } from './sections/captions.js';

/** Every section of the report, in page order. */
export function buildSections(runs: readonly RunData[]): Section[] {
  return [
    topicsSection(runs),
    scoresSection(runs),
    fig3Section(runs),
    fig4Section(runs),
    neuronMapSection(runs),
    interpretabilitySection(runs),
    trainingSection(runs),
    captionsSection(runs),
  ];
}
