import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariables } from '../contracts/tensors.js';
import { TopiclensError } from '../errors.js';

/**
 * Named tensors on disk in the tfjs weights format: `weights.bin` (the concatenated data) and
 * `weights.json` (`{ format, weightSpecs: tf.io.WeightsManifestEntry[] }` — the weight specs of
 * tfjs' model.json, in order).
 */
export const WEIGHTS_BIN = 'weights.bin';
export const WEIGHTS_JSON = 'weights.json';

export async function saveNamedTensors(dir: string, tensors: Record<string, tf.Tensor>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await writeFile(join(dir, WEIGHTS_BIN), new Uint8Array(data));
  await writeFile(join(dir, WEIGHTS_JSON), JSON.stringify({ format: 'topiclens-weights/1', weightSpecs: specs }, null, 1));
}

export async function loadNamedTensors(dir: string): Promise<Record<string, tf.Tensor>> {
  const specFile = join(dir, WEIGHTS_JSON);
  const binFile = join(dir, WEIGHTS_BIN);
  if (!existsSync(specFile) || !existsSync(binFile)) {
    throw new TopiclensError(
      `No weights in ${dir}: expected ${WEIGHTS_JSON} and ${WEIGHTS_BIN}. Train first or point to a folder written by saveModel/the train stage.`,
    );
  }
  let specs: tf.io.WeightsManifestEntry[];
  try {
    specs = (JSON.parse(await readFile(specFile, 'utf8')) as { weightSpecs: tf.io.WeightsManifestEntry[] }).weightSpecs;
  } catch (e) {
    throw new TopiclensError(`${specFile} is not valid JSON (${(e as Error).message}); the checkpoint is damaged — delete it and retrain.`);
  }
  const buf = await readFile(binFile);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const expected = specs.reduce(
    (n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (s.dtype === 'int32' || s.dtype === 'float32' ? 4 : 1),
    0,
  );
  if (ab.byteLength !== expected) {
    throw new TopiclensError(
      `${binFile} has ${ab.byteLength} bytes but ${WEIGHTS_JSON} describes ${expected}; the checkpoint is damaged — delete it and retrain.`,
    );
  }
  assertFiniteWeights(ab, specs, binFile);
  return tf.io.decodeWeights(ab, specs) as Record<string, tf.Tensor>;
}

/** Refuse weights holding NaN or ±Inf (a diverged training saved them): every later use would be silently wrong. */
function assertFiniteWeights(data: ArrayBuffer, specs: tf.io.WeightsManifestEntry[], file: string): void {
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = size * (spec.dtype === 'int32' || spec.dtype === 'float32' ? 4 : 1);
    if (spec.dtype === 'float32') {
      const values = new Float32Array(data, offset, size);
      for (let i = 0; i < size; i++) {
        if (!Number.isFinite(values[i]!)) {
          let bad = 0;
          for (let j = i; j < size; j++) if (!Number.isFinite(values[j]!)) bad++;
          throw new TopiclensError(
            `${file}: weight "${spec.name}" holds ${bad} non-finite value${bad === 1 ? '' : 's'} (first: ${values[i]} at index ${i}); the model that saved it diverged. Retrain (lower train.learningRate or set train.clipNorm), or load an earlier checkpoint.`,
          );
        }
      }
    }
    offset += bytes;
  }
}

/** Copy `tensors[prefix + name]` into each variable; every variable must be present with its shape. */
export function assignVariables(variables: NamedVariables, tensors: Record<string, tf.Tensor>, prefix: string, where: string): void {
  for (const [name, v] of Object.entries(variables)) {
    const t = tensors[prefix + name];
    if (!t) {
      const have = Object.keys(tensors)
        .filter((k) => k.startsWith(prefix))
        .slice(0, 8)
        .join(', ');
      throw new TopiclensError(
        `${where} has no weight "${prefix + name}" (found: ${have || 'none with that prefix'}). The model was saved with different plugins or options; rebuild with the same config.`,
      );
    }
    if (t.shape.join('x') !== v.shape.join('x')) {
      throw new TopiclensError(
        `${where}: weight "${prefix + name}" has shape [${t.shape}] but the model expects [${v.shape}]. Rebuild the model with the options it was trained with.`,
      );
    }
    v.assign(t);
  }
}
