import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type { HasVariables, NamedVariables } from '../../core/contracts/tensors.js';
import { TopiclensError } from '../../core/errors.js';
import { writeDirAtomic } from '../../core/runner/atomic.js';
import { assignVariables, loadNamedTensors, saveNamedTensors } from '../../core/tensor/weights.js';

/** Model parts by name (e.g. `{ encoder, decoder, interpretiveLoss }`); checkpoint keys are `<part>/<variable>`. */
export type ModelParts = Record<string, HasVariables>;

/**
 * The model's description (format, parts, shapes, sizes). Not a tfjs artifact — the weights are
 * tfjs' weights.bin + weights.json; `topiclens export` gives safetensors or ONNX.
 */
export const MODEL_JSON = 'topiclens-model.json';
/** What runs before the rename called it (it read like a tfjs model.json but was not one); still read. */
export const LEGACY_MODEL_JSON = 'model.json';

/** The description saved with the weights in `dir` (either name), or {} when there is none. */
export async function readModelMeta(dir: string): Promise<Record<string, unknown>> {
  for (const name of [MODEL_JSON, LEGACY_MODEL_JSON]) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new TopiclensError(
        `${file} is not valid JSON (${(e as Error).message}); the saved model is damaged — train again or re-import it.`,
      );
    }
  }
  return {};
}

/** All variables of all parts, keyed `<part>/<variable>`. */
export function partVariables(parts: ModelParts): NamedVariables {
  const out: NamedVariables = {};
  for (const [p, part] of Object.entries(parts)) for (const [n, v] of Object.entries(part.variables())) out[`${p}/${n}`] = v;
  return out;
}

/**
 * Save the parts' weights to `dir` atomically (weights.bin + weights.json in the tfjs weights
 * format, and topiclens-model.json listing parts and shapes). Later stages (evaluate, attribute, refine,
 * transfer) build fresh plugin instances from the same config and call loadModel.
 */
export async function saveModel(dir: string, parts: ModelParts, meta: Record<string, unknown> = {}): Promise<void> {
  const vars = partVariables(parts);
  await writeDirAtomic(dir, async (tmp) => {
    await saveNamedTensors(tmp, vars as Record<string, tf.Tensor>);
    const shapes = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.shape]));
    await writeFile(
      join(tmp, MODEL_JSON),
      JSON.stringify({ format: 'topiclens-model/1', parts: Object.keys(parts), shapes, ...meta }, null, 1),
    );
  });
}

/**
 * Load weights saved by saveModel (or a training checkpoint) into built `parts`. Every variable
 * of every given part must be present with its shape; parts absent from `parts` are ignored
 * (e.g. load only the encoder for transfer).
 */
export async function loadModel(dir: string, parts: ModelParts, prefix = ''): Promise<Record<string, unknown>> {
  const tensors = await loadNamedTensors(dir);
  try {
    for (const [p, part] of Object.entries(parts)) assignVariables(part.variables(), tensors, `${prefix}${p}/`, dir);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  return readModelMeta(dir);
}

export function assertBuilt(parts: ModelParts): void {
  for (const [p, part] of Object.entries(parts)) {
    try {
      part.variables();
    } catch (e) {
      throw new TopiclensError(`model part "${p}" is not built: ${(e as Error).message}`);
    }
  }
}
