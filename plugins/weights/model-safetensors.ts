import { existsSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/runner/atomic.js';
import { decodeSafetensors, encodeSafetensors, type HostTensor, type SafetensorsContent } from '../../core/tensor/safetensors.js';
import { assignVariables } from '../../core/tensor/weights.js';
import { partVariables, type ModelParts } from '../training/model-io.js';

/** `__metadata__.format` of a topiclens model file. */
export const MODEL_FORMAT = 'topiclens-model/1';

/** Every variable of every part as host tensors, keyed `<part>/<variable>` (the stable names of README.md). */
export function partsToHost(parts: ModelParts): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const [name, v] of Object.entries(partVariables(parts))) {
    out[name] =
      v.dtype === 'int32'
        ? { dtype: 'int32', shape: [...v.shape], data: v.dataSync() as Int32Array }
        : { dtype: 'float32', shape: [...v.shape], data: Float32Array.from(v.dataSync()) };
  }
  return out;
}

export function writeSafetensorsFile(file: string, tensors: Record<string, HostTensor>, metadata: Record<string, string>): void {
  writeFileAtomic(file, encodeSafetensors(tensors, metadata));
}

export function readSafetensorsFile(file: string): SafetensorsContent {
  if (!existsSync(file))
    throw new TopiclensError(
      `${file}: no such file. Give a .safetensors file (written by \`topiclens export\` or safetensors' save_file).`,
      2,
    );
  return decodeSafetensors(readFileSync(file), file);
}

/**
 * Copy host tensors into built parts: every variable must be present with its shape, and every
 * tensor must belong to a variable (an unused tensor means the file is of another architecture).
 */
export function assignHostToParts(parts: ModelParts, tensors: Record<string, HostTensor>, where: string): void {
  const wanted = partVariables(parts);
  const extra = Object.keys(tensors).filter((k) => !(k in wanted));
  if (extra.length) {
    throw new TopiclensError(
      `${where} holds tensors this config's model does not have: ${extra.slice(0, 6).join(', ')}${extra.length > 6 ? ` and ${extra.length - 6} more` : ''}. ` +
        `The model expects ${Object.keys(wanted).join(', ')}. Use the config the model was trained with (for a PyTorch state dict add --layout pytorch).`,
      2,
    );
  }
  const made = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, tf.tensor(t.data, t.shape, t.dtype)]));
  try {
    for (const [p, part] of Object.entries(parts)) assignVariables(part.variables(), made, `${p}/`, where);
  } finally {
    tf.dispose(Object.values(made));
  }
}
