import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import { defineCommand } from '../../../core/plugin/manifest.js';
import { reopenRun, runExperiment, STAGE_MANIFEST } from '../../../core/runner/run-experiment.js';
import { ATTRIBUTE_FILES, readInterpretability } from './read-attribute.js';

export const attributeCommand = defineCommand({
  name: 'attribute',
  summary: "Attribute a trained run's neurons to topics with any registered attributor (JSON + CSV)",
  usage: `Usage: topiclens attribute <runDir> [--attributor NAME] [--options JSON]

Reruns the attribute stage of a finished run (its trained model and topics are reused) with the
run's attributor, or with --attributor NAME and its --options (JSON, validated against the
plugin's schema). Writes <runDir>/attribute/: neuron-topic-map.json and .csv, interpretability.json,
fig3.json, mean-activations.json, frame-activations.json (core/runner/RUN-LAYOUT.md).`,
  flags: { attributor: { type: 'string' }, options: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const runDir = positionals[0] ? resolve(ctx.cwd, positionals[0]) : undefined;
    if (!runDir) throw new TopiclensError('topiclens attribute: give the run folder, e.g. `topiclens attribute runs/quick`.', 2);
    if (!existsSync(join(runDir, 'train', STAGE_MANIFEST))) {
      throw new TopiclensError(`${runDir} has no finished train stage; run the experiment first (\`topiclens run <config>\`).`, 2);
    }
    let options: Record<string, unknown> = {};
    if (values.options) {
      try {
        options = JSON.parse(values.options) as Record<string, unknown>;
      } catch (e) {
        throw new TopiclensError(`--options: not valid JSON: ${(e as Error).message}`, 2);
      }
    }
    const overrides = values.attributor ? { attributor: { type: values.attributor, options } } : {};
    const loaded = reopenRun(runDir, ctx.registry, overrides);
    await runExperiment(loaded, ctx.registry, { from: 'attribute', until: 'attribute' });
    const summary = readInterpretability(join(runDir, 'attribute'));
    ctx.stdout(
      `${summary.method}: wrote ${join(runDir, 'attribute', ATTRIBUTE_FILES.neuronTopicMap)} and .csv, interpretability.json, fig3.json`,
    );
    return 0;
  },
});
