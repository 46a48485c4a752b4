import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { TopiclensError } from '../../core/errors.js';
import { writeDirAtomic } from '../../core/runner/atomic.js';
import type { Adadelta } from '../../core/tensor/adadelta.js';
import { assignVariables, loadNamedTensors, saveNamedTensors } from '../../core/tensor/weights.js';
import { partVariables, type ModelParts } from './model-io.js';
import type { EpochReport } from './types.js';

export const STATE_JSON = 'state.json';

/** Everything besides tensors that an exact resume needs. */
export interface TrainerState {
  format: 'topiclens-checkpoint/1';
  /** Epochs completed. */
  epoch: number;
  /** Optimizer steps taken. */
  step: number;
  /** The trainer's shuffling Rng. */
  rngState: number;
  /** Each part's own random stream (dropout), by part name. */
  partRandomStates: Record<string, number>;
  bestScore: number | null;
  bestEpoch: number | null;
  epochsWithoutImprovement: number;
  history: EpochReport[];
  /** The first step's total loss: what the divergence guard compares with (kept across a resume). */
  referenceLoss?: number;
  /** The options that decide the numbers; a resume with different ones is refused. */
  fingerprint: Record<string, unknown>;
}

/**
 * Write `dir` atomically: model variables (`model/<part>/<var>`), Adadelta state (`optimizer/...`),
 * any `extra` tensors under their own keys (the weight average), state.json.
 */
export async function saveCheckpoint(
  dir: string,
  parts: ModelParts,
  optimizer: Adadelta,
  state: TrainerState,
  extra: Record<string, tf.Tensor> = {},
): Promise<void> {
  const tensors: Record<string, tf.Tensor> = { ...extra };
  for (const [k, v] of Object.entries(partVariables(parts))) tensors[`model/${k}`] = v;
  const opt = optimizer.getState();
  for (const [k, t] of Object.entries(opt.tensors)) tensors[`optimizer/${k}`] = t;
  await writeDirAtomic(dir, async (tmp) => {
    await saveNamedTensors(tmp, tensors);
    await writeFile(join(tmp, STATE_JSON), JSON.stringify({ ...state, optimizerStep: opt.step }, null, 1));
  });
}

/**
 * Restore a checkpoint into built parts and the optimizer; returns the trainer state, or null when
 * there is none. `extra` sees every tensor of the checkpoint before they are disposed.
 */
export async function loadCheckpoint(
  dir: string,
  parts: ModelParts,
  optimizer: Adadelta,
  extra?: (tensors: Record<string, tf.Tensor>) => void,
): Promise<TrainerState | null> {
  const stateFile = join(dir, STATE_JSON);
  if (!existsSync(stateFile)) return null;
  let state: TrainerState & { optimizerStep: number };
  try {
    state = JSON.parse(await readFile(stateFile, 'utf8'));
  } catch (e) {
    throw new TopiclensError(`${stateFile} is damaged (${(e as Error).message}); delete ${dir} to restart training from scratch.`);
  }
  if (state.format !== 'topiclens-checkpoint/1') throw new TopiclensError(`${stateFile}: unknown checkpoint format "${state.format}".`);
  const tensors = await loadNamedTensors(dir);
  try {
    for (const [p, part] of Object.entries(parts)) assignVariables(part.variables(), tensors, `model/${p}/`, dir);
    const optTensors: Record<string, tf.Tensor> = {};
    for (const [k, t] of Object.entries(tensors)) if (k.startsWith('optimizer/')) optTensors[k.slice('optimizer/'.length)] = t;
    optimizer.setState({ step: state.optimizerStep, tensors: optTensors });
    extra?.(tensors);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  for (const [p, part] of Object.entries(parts)) {
    const s = state.partRandomStates[p];
    if (s !== undefined && part.setRandomState) part.setRandomState(s);
  }
  return state;
}
