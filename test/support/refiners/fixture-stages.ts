import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashDirectory } from '../../../core/runner/hash.js';
import { STAGE_ATTEMPT, STAGE_MANIFEST } from '../../../core/runner/run-experiment.js';
import { WEIGHTS_BIN, WEIGHTS_JSON } from '../../../core/tensor/weights.js';

const DIM = 6;

/** The fixture encoder's weights for W = `scale`·I, M = 0, b = 0, keyed as the trainer's saveModel keys them. */
export function fixtureWeights(scale: number): Record<string, { shape: number[]; values: Float32Array }> {
  const W = new Float32Array(DIM * DIM);
  for (let i = 0; i < DIM; i++) W[i * DIM + i] = scale;
  return {
    'encoder/W': { shape: [DIM, DIM], values: W },
    'encoder/M': { shape: [DIM, DIM], values: new Float32Array(DIM * DIM) },
    'encoder/b': { shape: [DIM], values: new Float32Array(DIM) },
  };
}

/** `<run>/train/model/` in the tfjs weights format (written synchronously, as fixtures are). */
export function writeFixtureModel(runDir: string, scale: number): void {
  const dir = join(runDir, 'train', 'model');
  mkdirSync(dir, { recursive: true });
  const weights = fixtureWeights(scale);
  const specs = Object.entries(weights).map(([name, w]) => ({ name, shape: w.shape, dtype: 'float32' }));
  const bytes = Buffer.concat(Object.values(weights).map((w) => Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength)));
  writeFileSync(join(dir, WEIGHTS_BIN), bytes);
  writeFileSync(join(dir, WEIGHTS_JSON), JSON.stringify({ format: 'topiclens-weights/1', weightSpecs: specs }, null, 1));
}

/** `<run>/<stage>/manifest.json` as the runner writes it, with the folder's real output hash. */
export function writeFixtureManifest(runDir: string, stage: string): string {
  const dir = join(runDir, stage);
  const outputHash = hashDirectory(dir, [STAGE_MANIFEST, STAGE_ATTEMPT]);
  const file = join(dir, STAGE_MANIFEST);
  const was = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { inputHash?: string }) : {};
  writeFileSync(
    file,
    JSON.stringify(
      {
        stage,
        version: 'fixture',
        inputHash: was.inputHash ?? `fixture-${stage}`,
        outputHash,
        finishedAt: new Date().toISOString(),
        seconds: 0,
      },
      null,
      1,
    ),
  );
  return outputHash;
}
