import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import { CONVERTED_FORMAT, MODEL_FILE, WEIGHTS_FILE, type ConvertedModel } from './format.js';

/** Read a folder written by `topiclens convert` (errors name the folder and say how to make it). */
export async function readConverted(dir: string): Promise<{ model: ConvertedModel; weights: Float32Array }> {
  const how = `Make it with: topiclens convert --onnx googlenet-12.onnx --out ${dir}`;
  let model: ConvertedModel;
  try {
    model = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8')) as ConvertedModel;
  } catch (err) {
    throw new TopiclensError(
      `Cannot read ${join(dir, MODEL_FILE)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ${how}`,
      2,
    );
  }
  if (model.format !== CONVERTED_FORMAT || model.version !== 1) {
    throw new TopiclensError(`${join(dir, MODEL_FILE)} is not a googlenet-tfjs model (format ${JSON.stringify(model.format)}). ${how}`, 2);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, WEIGHTS_FILE));
  } catch (err) {
    throw new TopiclensError(
      `Cannot read ${join(dir, WEIGHTS_FILE)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ${how}`,
      2,
    );
  }
  const weights = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(weights.buffer).set(bytes);
  const need = model.weights.reduce((m, w) => Math.max(m, w.offset + w.shape.reduce((a, b) => a * b, 1)), 0);
  if (weights.length !== need) {
    throw new TopiclensError(`${join(dir, WEIGHTS_FILE)} holds ${weights.length} floats, ${MODEL_FILE} needs ${need}. Convert again.`, 2);
  }
  return { model, weights };
}
