/**
 * Issue 15 check: both trainers (captioning and transfer classifier) over a set of scenarios —
 * checkpoints, resume, validation, early stopping, restore-best, frozen/unfrozen encoder, dropout,
 * the error paths — reduced to hashes of the final weights, the results, every checkpoint file and
 * everything sent to the logger (wall-clock seconds aside). Run before and after a refactor of the
 * training loop and diff the two outputs: they must be identical.
 *   npx tsx scripts/training-fingerprints.ts > before.json
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { createDefaultRegistry } from '../index.js';
import { loadConfig } from '../core/config/index.js';
import type { Logger } from '../core/logger.js';
import { runExperiment } from '../core/runner/run-experiment.js';
import { tinierTrain, tinierWorld, writeTinyConfig } from '../test/pipeline/tiny-config.js';
import { digestDirectory, hashValue, sha256 } from '../core/runner/hash.js';
import { Rng } from '../core/tensor/rng.js';
import { useBackend } from '../core/tensor/testing/use-backend.js';
import { MlpClassifier } from '../plugins/decoders/mlp-classifier/classifier.js';
import { defaults as mlpDefaults } from '../plugins/decoders/mlp-classifier/schema.js';
import { BiLstmEncoder } from '../plugins/encoders/bilstm/bilstm.js';
import { defaults as bilstmDefaults } from '../plugins/encoders/bilstm/schema.js';
import type { LabelSet } from '../plugins/stages/transfer/label-data.js';
import { trainClassifier, type ClassifierTrainOptions, type TransferModel } from '../plugins/stages/transfer/train-classifier.js';
import { partVariables, type ModelParts } from '../plugins/training/model-io.js';
import { trainCaptioner } from '../plugins/training/train.js';
import type { CaptionModel, TrainOptions } from '../plugins/training/types.js';
import { tinyData, tinyModel } from '../test/support/training/fixtures.js';

type Log = unknown[];
function recordingLogger(): { logger: Logger; log: Log } {
  const log: Log = [];
  const noSeconds = (f?: Record<string, unknown>) => (f ? Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'seconds')) : f);
  const logger: Logger = {
    info: (m) => void log.push(['info', m]),
    warn: (m) => void log.push(['warn', m]),
    record: (e, f) => void log.push(['record', e, noSeconds(f)]),
    progress: (label, total) => {
      log.push(['progress', label, total]);
      return { tick: (n, i) => void log.push(['tick', n, i]), done: (i) => void log.push(['done', i]) };
    },
    scalars: (s, v) => void log.push(['scalars', s, v]),
  };
  return { logger, log };
}

const weightsHash = (parts: ModelParts) => {
  const vars = partVariables(parts);
  return sha256(
    Object.keys(vars)
      .sort()
      .map((k) => `${k}:${Buffer.from((vars[k]!.dataSync() as Float32Array).buffer).toString('hex')}`)
      .join('|'),
  );
};
const capParts = (m: CaptionModel): ModelParts => ({ encoder: m.encoder, decoder: m.decoder, interpretiveLoss: m.interpretiveLoss });
const trParts = (m: TransferModel): ModelParts => ({ encoder: m.encoder, decoder: m.classifier });
const dirHash = (dir: string) => digestDirectory(dir).files;
const stripSeconds = (r: { epochs: { seconds?: number }[] }) => ({ ...r, epochs: r.epochs.map(({ seconds: _s, ...e }) => e) });
async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`.replace(/\/tmp\/[^/]+/g, '<tmp>');
  }
}

const out: Record<string, unknown> = {};
const tmp = () => mkdtempSync(join(tmpdir(), 'tl-fp-'));
const capOpts: Partial<TrainOptions> = { batchSize: 12, seed: 11, clipNorm: 5, maxTokens: 6, patience: 0 };

async function caption(name: string, model: CaptionModel, options: Partial<TrainOptions>, scores?: number[]) {
  const { logger, log } = recordingLogger();
  const steps: unknown[] = [];
  const epochs: unknown[] = [];
  const res = await trainCaptioner({
    model,
    data: { train: tinyData() },
    options: { ...capOpts, ...options },
    logger,
    onStep: (s, l) => void steps.push([s, l]),
    onEpoch: (r) => void epochs.push(r.epoch),
    ...(scores ? { validate: async (e: number) => ({ score: scores[e - 1]!, metrics: { bleu4: scores[e - 1]! } }) } : {}),
  });
  out[name] = {
    weights: weightsHash(capParts(model)),
    result: stripSeconds(res),
    log: hashValue(log),
    logLines: log.length,
    steps: hashValue(steps),
    epochs,
    ckpt: options.checkpointDir ? dirHash(options.checkpointDir) : null,
  };
}

const labelSet = (n: number, seed: number): LabelSet => {
  const rng = new Rng(seed);
  const ids = Array.from({ length: n }, (_, i) => `v${i}`);
  const frames = new Map(ids.map((id) => [id, Float32Array.from({ length: 3 * 5 }, () => rng.normal())]));
  return { ids, labels: Int32Array.from(ids, (_, i) => i % 3), numFrames: 3, featureDim: 5, frames: (id) => frames.get(id)! };
};
const trModel = (dropout: number, seed = 5): TransferModel => {
  const encoder = new BiLstmEncoder({ ...bilstmDefaults, units: 3, dropout }, seed);
  const classifier = new MlpClassifier({ ...mlpDefaults, hidden: 4 }, seed + 1);
  encoder.build(5);
  classifier.build(encoder.outputDim, { numClasses: 3 });
  return { encoder, classifier };
};
const trOpts = (o: Partial<ClassifierTrainOptions>): ClassifierTrainOptions => ({
  epochs: 3,
  batchSize: 4,
  clipNorm: 10,
  learningRate: 1,
  rho: 0.95,
  epsilon: 1e-6,
  patience: 0,
  seed: 2,
  freezeEncoder: false,
  ...o,
});

async function transfer(name: string, model: TransferModel, options: ClassifierTrainOptions, withVal: boolean) {
  const { logger, log } = recordingLogger();
  const res = await trainClassifier({ model, train: labelSet(10, 11), ...(withVal ? { val: labelSet(6, 12) } : {}), options, logger });
  out[name] = {
    weights: weightsHash(trParts(model)),
    result: stripSeconds(res),
    log: hashValue(log),
    logLines: log.length,
    ckpt: options.checkpointDir ? dirHash(options.checkpointDir) : null,
  };
}

await useBackend('cpu');
// captioning
const c1 = tmp();
await caption('cap/straight-3-val-restore', tinyModel(3), { epochs: 3, checkpointDir: c1, patience: 2 }, [0.2, 0.5, 0.4]);
const c2 = tmp();
await caption('cap/killed-after-2', tinyModel(3), { epochs: 2, checkpointDir: c2, patience: 2 }, [0.2, 0.5, 0.4, 0.45, 0.9]);
await caption('cap/resumed-early-stop', tinyModel(99), { epochs: 5, checkpointDir: c2, patience: 2 }, [0.2, 0.5, 0.4, 0.45, 0.9]);
await caption('cap/resumed-again-after-stop', tinyModel(98), { epochs: 6, checkpointDir: c2, patience: 2 }, [0.2, 0.5, 0.4, 0.45, 0.9, 1]);
await caption('cap/no-ckpt-lr20-cpv1', tinyModel(3, 0), { epochs: 3, learningRate: 20, captionsPerVideo: 1 });
await caption('cap/no-restore', tinyModel(4), { epochs: 3, checkpointDir: tmp(), restoreBest: false }, [0.9, 0.5, 0.4]);
await caption('cap/val-no-ckpt', tinyModel(4), { epochs: 3, patience: 1 }, [0.3, 0.5, 0.4]);
out['cap/other-fingerprint'] = await errorOf(
  trainCaptioner({ model: tinyModel(3), data: { train: tinyData() }, options: { ...capOpts, epochs: 3, checkpointDir: c1, batchSize: 6 } }),
);
out['cap/diverged'] = await errorOf(
  trainCaptioner({
    model: tinyModel(3, 0),
    data: { train: tinyData() },
    options: { ...capOpts, epochs: 3, clipNorm: 0, learningRate: 1e6 },
  }),
);
const nan = tinyData();
nan.videos[0]!.features[0] = Number.NaN;
out['cap/nan'] = await errorOf(trainCaptioner({ model: tinyModel(3, 0), data: { train: nan }, options: { ...capOpts, epochs: 2 } }));
out['cap/bad-score'] = await errorOf(
  trainCaptioner({
    model: tinyModel(3, 0),
    data: { train: tinyData() },
    options: { ...capOpts, epochs: 2 },
    validate: async () => ({ score: Number.NaN }),
  }),
);

// transfer classifier
await transfer('tr/frozen-val-patience1', trModel(0), trOpts({ epochs: 6, patience: 1, freezeEncoder: true, checkpointDir: tmp() }), true);
const t2 = tmp();
await transfer('tr/killed-after-2', trModel(0.3), trOpts({ epochs: 2, checkpointDir: t2, patience: 2 }), true);
await transfer('tr/resumed', trModel(0.3, 40), trOpts({ epochs: 5, checkpointDir: t2, patience: 2 }), true);
const t3 = tmp();
await transfer('tr/frozen-killed', trModel(0), trOpts({ epochs: 1, freezeEncoder: true, checkpointDir: t3 }), false);
await transfer('tr/frozen-resumed', trModel(0, 40), trOpts({ epochs: 3, freezeEncoder: true, checkpointDir: t3 }), false);
await transfer('tr/no-val-no-ckpt', trModel(0.3), trOpts({ epochs: 3 }), false);
await transfer('tr/val-no-ckpt', trModel(0), trOpts({ epochs: 4, patience: 1 }), true);
out['tr/other-fingerprint'] = await errorOf(
  trainClassifier({ model: trModel(0), train: labelSet(10, 11), options: trOpts({ epochs: 3, checkpointDir: t2, batchSize: 3 }) }),
);
out['tr/diverged'] = await errorOf(
  trainClassifier({ model: trModel(0), train: labelSet(12, 11), options: trOpts({ epochs: 6, clipNorm: 0, learningRate: 1e6 }) }),
);

// the stages: a tiny pipeline (train with validation) and a transfer run from it
const work = join(tmpdir(), 'tl-fp-stages'); // a fixed path: the transfer outputs name their source run
rmSync(work, { recursive: true, force: true });
mkdirSync(work);
const registry = await createDefaultRegistry();
const quiet = { output: { quiet: true } };
const tiny = writeTinyConfig(work, {
  backend: 'cpu',
  ...tinierWorld({ train: 16, val: 4, test: 6 }),
  train: tinierTrain({ epochs: 3, patience: 1 }),
});
const cap = await runExperiment(await loadConfig(tiny, registry), registry, quiet);
const trFile = join(work, 'tr.json');
writeFileSync(
  trFile,
  JSON.stringify({
    name: 'tr',
    seed: 3,
    backend: 'cpu',
    runsDir: join(work, 'runs'),
    dataset: {
      type: 'synthetic-clips',
      options: {
        variant: 'shifted',
        counts: { train: 12, val: 4, test: 6 },
        frames: 4,
        featureDim: 16,
        captionsPerClip: { min: 2, max: 3 },
      },
    },
    encoder: { type: 'bilstm', options: { units: 8, frameDifferences: true } },
    decoder: { type: 'mlp-classifier', options: { hidden: 8, dropout: 0.2 } },
    transfer: { from: 'runs/tiny', freezeEncoder: true, epochs: 4, batchSize: 4, patience: 2 },
  }),
);
const tr = await runExperiment(await loadConfig(trFile, registry), registry, quiet);
for (const [name, dir] of [
  ['stage/train', join(cap.runDir, 'train')],
  ['stage/transfer', join(tr.runDir, 'transfer')],
] as const)
  out[name] = digestDirectory(dir, ['manifest.json']).files;

process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
