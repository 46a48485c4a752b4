import { join } from 'node:path';
import { TOKENS } from '../../../core/contracts/tokens.js';
import { scoreSplit } from '../../../core/config/types.js';
import { TopiclensError } from '../../../core/errors.js';
import { defineStage } from '../../../core/plugin/manifest.js';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import { buildNeuronTopicMap, withProbe, writeNeuronTopicMap } from '../../attributors/index.js';
import type { CommonOptions } from '../../attributors/shared/options.js';
import { interpretabilityScores, topicContrasts } from '../../interpretability/index.js';
import { restoreCaptionModel } from '../train/restore.js';
import { isCaptioning } from '../train/stage.js';
import { readBaselineSummary } from './baseline.js';
import { ATTRIBUTE_FILES } from './read-attribute.js';
import { encodeVideos } from './encodings.js';
import { fig3Data } from './fig3.js';
import { formatAttributeSummary, formatNeuronList } from './format.js';
import { frameActivations } from './frame-activations.js';
import { attributePresence } from './presence.js';

interface AttributeOptions {
  /** Test videos whose per-frame activations are saved (Fig. 4). */
  sampleVideos: number;
  /** Another run folder under the same runs folder (e.g. "quick-b") whose summary is printed beside this one's. */
  baseline?: string;
}

export const attributeStage = defineStage<AttributeOptions>({
  name: 'attribute',
  version: '2.0.0',
  description:
    'Tie neurons of v̄ to topics with the configured attributor over the training videos (Eq. 9), one name per neuron, and score interpretability (sign-aware detector, selectivity, decoding) on the test videos (val with scoreOn: "val").',
  after: ['train', 'topics'],
  configKeys: ['attributor', 'scoreOn'],
  section: 'attribute',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      sampleVideos: { type: 'integer', minimum: 0, description: 'Test videos whose per-frame activations are saved (Fig. 4).' },
      baseline: {
        type: 'string',
        nullable: true,
        pattern: '^(?!\\.\\.?$)[^/\\\\]+$',
        description:
          'Name of another run folder in the same runs folder (e.g. "quick-b"): when it has attribute/interpretability.json, its figures are printed beside this run\'s.',
      },
    },
    required: ['sampleVideos'],
  },
  defaults: { sampleVideos: 6 },
  enabled: (config) => isCaptioning(config) && Boolean(config.attributor && config.topicModel),
  async run(ctx) {
    const o = ctx.options;
    const { model, inputs } = await restoreCaptionModel(ctx);
    const topics = inputs.topics;
    if (!topics) throw new TopiclensError('The attribute stage needs topic vectors: configure a "topicModel".', 2);
    const ids = inputs.features.ids.filter((id) => topics.has(id));
    const split = ids.map((id) => inputs.features.splitOf(id));
    const trainMask = Uint8Array.from(split, (s) => (s === 'train' ? 1 : 0));
    const scoredOn = scoreSplit(ctx.config);
    const testMask = Uint8Array.from(split, (s) => (s === scoredOn ? 1 : 0));
    if (!trainMask.some((x) => x))
      throw new TopiclensError('No training video has topic vectors; the attribute stage maps neurons over the training split.');
    const samples = ids.filter((_, i) => testMask[i]).slice(0, o.sampleVideos);
    const enc = encodeVideos(model.encoder, inputs.features, ids, new Set(samples));
    const k = topics.numTopics;
    const d = enc.numNeurons;
    const topicVectors = new Uint8Array(ids.length * k);
    ids.forEach((id, v) => {
      topicVectors.set(topics.vectorOf(id), v * k);
    });

    const readout = model.interpretiveLoss.readout();
    // Without f (LSTM-B), any attributor — a third-party one too — attributes through a probe f
    // fitted on the frozen training encodings; its options' probe/probeFit are honoured.
    const slotOptions = (ctx.config.attributor?.options ?? {}) as Partial<Pick<CommonOptions, 'probe' | 'probeFit'>>;
    const attributor = readout
      ? ctx.resolve(TOKENS.attributor)
      : withProbe(ctx.resolve(TOKENS.attributor), {
          tf: ctx.tf,
          seed: ctx.seed,
          name: ctx.config.attributor!.type,
          probe: slotOptions.probe ?? 'auto',
          probeFit: slotOptions.probeFit ?? {},
        });
    const input = {
      features: enc.mean,
      numVideos: ids.length,
      numNeurons: d,
      topicVectors,
      numTopics: k,
      topicNames: topics.labels,
      videoIds: ids,
      readout,
      trainMask,
    };
    const result = await attributor.attribute(input);
    if (result.chosen.length !== ids.length * k) {
      throw new TopiclensError(
        `The attributor "${ctx.config.attributor!.type}" returned ${result.chosen.length} choices for ${ids.length} videos × ${k} topics.`,
      );
    }
    // The neuron–topic map is built over the training videos, as the paper does (Eq. 9).
    const trainRows = ids.flatMap((_, v) => (trainMask[v] ? [v] : []));
    const trainChosen = new Int32Array(trainRows.length * k);
    trainRows.forEach((v, r) => {
      trainChosen.set(result.chosen.subarray(v * k, (v + 1) * k), r * k);
    });
    const map = buildNeuronTopicMap({ ...result, chosen: trainChosen }, d, topics.labels);
    writeNeuronTopicMap(ctx.dir, map);

    const groundTruth = ids.map((id) => attributePresence(inputs.videos.get(id)?.groundTruth));
    const scores = interpretabilityScores({
      features: enc.mean,
      topicVectors,
      numVideos: ids.length,
      numNeurons: d,
      numTopics: k,
      topicNames: topics.labels,
      chosen: result.chosen,
      mapMask: trainMask,
      evalMask: testMask,
      groundTruth: groundTruth.some(Boolean) ? groundTruth : undefined,
      tf: ctx.tf,
    });
    writeJsonAtomic(join(ctx.dir, ATTRIBUTE_FILES.interpretability), {
      method: result.method,
      split: scoredOn,
      notes: result.notes,
      ...scores,
    });

    // Fig. 3: mean v̄ over the test videos with each topic (as before), and with against without it.
    const contrasts = topicContrasts(enc.mean, topicVectors, ids.length, d, k, testMask);
    const means = contrasts.map((c) => c.withMean);
    writeJsonAtomic(
      join(ctx.dir, ATTRIBUTE_FILES.meanActivations),
      Object.fromEntries(topics.labels.map((name, i) => [name, means[i] ? Array.from(means[i]!) : null]).filter(([, v]) => v)),
    );
    writeJsonAtomic(join(ctx.dir, ATTRIBUTE_FILES.fig3), fig3Data(contrasts, scores.perTopic, scoredOn));

    // Fig. 4: activation through time of each topic's primary neuron, for sample test videos.
    writeJsonAtomic(
      join(ctx.dir, ATTRIBUTE_FILES.frameActivations),
      frameActivations(samples, enc.frames, d, scores.perTopic, (id) => topics.vectorOf(id)),
    );

    const sum = scores.summary;
    ctx.logger.record('attribute', { method: result.method, split: scoredOn, ...sum });
    const baseline = o.baseline ? readBaselineSummary(ctx.runDir, o.baseline, scoredOn, (m) => ctx.logger.warn(m)) : undefined;
    const named = map.topics.filter((t) => t.ownNeurons.length).length;
    ctx.logger.info(
      [
        `[attribute] ${result.method}: ${map.neurons.length} of ${d} neurons named after ${named} of ${k} topics over ${trainRows.length} training videos; scored on ${testMask.reduce((s, x) => s + x, 0)} ${scoredOn} videos`,
        `  ${formatAttributeSummary(sum, baseline)}`,
        ...formatNeuronList(map, scores.perTopic).map((line) => `  ${line}`),
        ...result.notes.map((n) => `  note: ${n}`),
      ].join('\n'),
    );
  },
});
