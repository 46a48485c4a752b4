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
import { useBackend } from '../core/tensor/testing/use-backend.js';
import { trainClassifier, type ClassifierTrainOptions, type TransferModel } from '../plugins/stages/transfer/train-classifier.js';
import { partVariables, type ModelParts } from '../plugins/training/model-io.js';
import { trainCaptioner } from '../plugins/training/train.js';
import type { CaptionModel, TrainOptions } from '../plugins/training/types.js';
import { tinyData, tinyLabelSet, tinyModel, tinyTransferModel, tinyTransferOptions } from '../test/support/training/fixtures.js';

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

async function transfer(name: string, model: TransferModel, options: ClassifierTrainOptions, withVal: boolean) {
  const { logger, log } = recordingLogger();
  const res = await trainClassifier({
    model,
    train: tinyLabelSet(10, 11),
    ...(withVal ? { val: tinyLabelSet(6, 12) } : {}),
    options,
    logger,
  });
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
await transfer(
  'tr/frozen-val-patience1',
  tinyTransferModel(0),
  tinyTransferOptions({ epochs: 6, patience: 1, freezeEncoder: true, checkpointDir: tmp() }),
  true,
);
const t2 = tmp();
await transfer('tr/killed-after-2', tinyTransferModel(0.3), tinyTransferOptions({ epochs: 2, checkpointDir: t2, patience: 2 }), true);
await transfer('tr/resumed', tinyTransferModel(0.3, 40), tinyTransferOptions({ epochs: 5, checkpointDir: t2, patience: 2 }), true);
const t3 = tmp();
await transfer('tr/frozen-killed', tinyTransferModel(0), tinyTransferOptions({ epochs: 1, freezeEncoder: true, checkpointDir: t3 }), false);
await transfer(
  'tr/frozen-resumed',
  tinyTransferModel(0, 40),
  tinyTransferOptions({ epochs: 3, freezeEncoder: true, checkpointDir: t3 }),
  false,
);
await transfer('tr/no-val-no-ckpt', tinyTransferModel(0.3), tinyTransferOptions({ epochs: 3 }), false);
await transfer('tr/val-no-ckpt', tinyTransferModel(0), tinyTransferOptions({ epochs: 4, patience: 1 }), true);
out['tr/other-fingerprint'] = await errorOf(
  trainClassifier({
    model: tinyTransferModel(0),
    train: tinyLabelSet(10, 11),
    options: tinyTransferOptions({ epochs: 3, checkpointDir: t2, batchSize: 3 }),
  }),
);
out['tr/diverged'] = await errorOf(
  trainClassifier({
    model: tinyTransferModel(0),
    train: tinyLabelSet(12, 11),
    options: tinyTransferOptions({ epochs: 6, clipNorm: 0, learningRate: 1e6 }),
  }),
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
