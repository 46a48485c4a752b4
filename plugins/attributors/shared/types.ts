import type * as tfjs from '@tensorflow/tfjs-core';
import type { Readout } from '../../../core/contracts/interpretive-loss.js';

export type TF = typeof tfjs;
export type Mlp = NonNullable<Readout['mlp']>;

/**
 * What a method computes for a chunk of videos: relevance scores, row-major `[B, D, U]` for
 * the `B` rows of `x` (`[B, D]`), the `D` neurons and the `U` topics listed in `topics`.
 * Higher = more relevant. Runs on the caller's tf instance; must not leak tensors.
 */
export type ScoreFn = (args: {
  tf: TF;
  readout: Readout;
  /** `[B, D]` row-major mean encodings of the chunk. */
  x: Float32Array;
  rows: number;
  numNeurons: number;
  /** Topic indices (ascending) to score. */
  topics: number[];
  /**
   * `[B, U]`: 1 where the caller will read the scores of (row, topic). A method may skip the
   * others (leave 0). Absent: every entry is needed.
   */
  needed?: Uint8Array;
}) => Float32Array;

/** Float32 elements a method needs per video, for a chunk scoring `u` topics (to bound memory). */
export type CostFn = (numNeurons: number, hidden: number, u: number, readout: Readout) => number;
