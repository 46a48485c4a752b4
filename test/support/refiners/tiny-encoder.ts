import * as tf from '@tensorflow/tfjs-core';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { Rng } from '../../../core/tensor/rng.js';

/**
 * A small real encoder for tests: v_i = tanh(x_i·W + x̄·M + b) — per frame, plus a context term
 * from the mean frame so that frames interact (as in a recurrent encoder).
 */
export class TinyEncoder implements Encoder {
  private vars: NamedVariables | null = null;
  private inputDim = 0;

  constructor(
    readonly units: number,
    private readonly seed = 1,
  ) {}

  get outputDim(): number {
    return this.units;
  }

  build(inputDim: number): void {
    if (this.vars) return;
    this.inputDim = inputDim;
    const rng = new Rng(this.seed);
    const mat = (r: number, c: number, scale: number) =>
      tf.tidy(() =>
        tf.variable(
          tf.tensor2d(
            Float32Array.from({ length: r * c }, () => rng.normal() * scale),
            [r, c],
          ),
          true,
        ),
      );
    this.vars = {
      W: mat(inputDim, this.units, 1 / Math.sqrt(inputDim)),
      M: mat(inputDim, this.units, 0.5 / Math.sqrt(inputDim)),
      b: tf.tidy(() => tf.variable(tf.zeros([this.units]), true)),
    };
  }

  variables(): NamedVariables {
    if (!this.vars) throw new Error('TinyEncoder: build first');
    return this.vars;
  }

  apply(frames: tf.Tensor3D): tf.Tensor3D {
    const v = this.variables();
    const bias = v.b;
    if (!bias) throw new Error('TinyEncoder: variable "b" is missing (build() creates W, M and b)');
    const [b, n, f] = frames.shape;
    return tf.tidy(() => {
      const per = tf.reshape(tf.matMul(tf.reshape(frames, [b * n, f]), v.W as tf.Tensor2D), [b, n, this.units]);
      const ctx = tf.reshape(tf.matMul(tf.mean(frames, 1) as tf.Tensor2D, v.M as tf.Tensor2D), [b, 1, this.units]);
      return tf.tanh(tf.add(tf.add(per, ctx), bias)) as tf.Tensor3D;
    });
  }

  /** Neuron j is made by column j of W and M and by b[j]. */
  parametersOf(neurons: readonly number[]): Record<string, Float32Array> {
    const F = this.inputDim;
    const U = this.units;
    const W = new Float32Array(F * U);
    const b = new Float32Array(U);
    for (const j of neurons) {
      b[j] = 1;
      for (let r = 0; r < F; r++) W[r * U + j] = 1;
    }
    return { W, M: W.slice(), b };
  }

  dispose(): void {
    for (const t of Object.values(this.vars ?? {})) t.dispose();
    this.vars = null;
  }
}

/** Deterministic frames `[n, dim]` for tests. */
export function testFrames(n: number, dim: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * dim }, () => rng.normal());
}
