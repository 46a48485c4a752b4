import * as tf from '@tensorflow/tfjs-core';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { NamedVariables } from '../../../core/contracts/tensors.js';
import { TopiclensError } from '../../../core/errors.js';
import { dense, transposeForGradient } from '../../../core/tensor/matmul.js';
import { RecurrentProduct } from '../../../core/tensor/recurrent-product.js';
import { glorotUniform, orthogonalGates, variableFrom } from '../../../core/tensor/init.js';
import { lstmBias, lstmCell } from '../../../core/tensor/lstm.js';
import { seededDropout } from '../../../core/tensor/dropout.js';
import { Rng } from '../../../core/tensor/rng.js';
import type { BiLstmOptions } from './schema.js';

/**
 * Bidirectional LSTM over frame features (the paper's encoder): v_i = [h→_i, h←_i] (+ x_i with
 * concatInput). Written for throughput: both directions' input projections of all frames in one
 * product, the four gates of a direction in one product per step, each recurrent weight
 * transposed once per call for the gradient, and a tf.tidy around each step.
 */
export class BiLstmEncoder implements Encoder {
  private vars: NamedVariables | null = null;
  private inputDim = 0;
  private readonly rng: Rng;

  constructor(
    readonly options: BiLstmOptions,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  get outputDim(): number {
    if (!this.vars) throw new TopiclensError('bilstm encoder: outputDim asked before build(inputDim).');
    return 2 * this.options.units + (this.options.concatInput ? this.inputDim : 0);
  }

  build(inputDim: number): void {
    if (this.vars) {
      if (inputDim !== this.inputDim)
        throw new TopiclensError(
          `bilstm encoder was built for ${this.inputDim}-d frames but got ${inputDim}-d; build a new encoder for the new feature size.`,
        );
      return;
    }
    const H = this.options.units;
    const init = this.rng.fork('init');
    const bias = new Float32Array(8 * H);
    bias.set(lstmBias(H, this.options.forgetBias), 0);
    bias.set(lstmBias(H, this.options.forgetBias), 4 * H);
    this.inputDim = inputDim;
    this.vars = {
      // [x → fwd gates | x → bwd gates]
      // Rows: the frame features, then (frameDifferences) their differences from the frame `frameDifferenceLag` earlier.
      inputKernel: variableFrom(glorotUniform([this.kernelRows, 8 * H], init), [this.kernelRows, 8 * H]),
      bias: variableFrom(bias, [8 * H]),
      'fwd/recurrentKernel': variableFrom(orthogonalGates(H, 4, init), [H, 4 * H]),
      'bwd/recurrentKernel': variableFrom(orthogonalGates(H, 4, init), [H, 4 * H]),
    };
  }

  /** Rows of the input kernel: the feature size, twice it with frameDifferences. */
  get kernelRows(): number {
    return (this.options.frameDifferences ? 2 : 1) * this.inputDim;
  }

  variables(): NamedVariables {
    if (!this.vars) throw new TopiclensError('bilstm encoder: variables() asked before build(inputDim).');
    return this.vars;
  }

  getRandomState(): number {
    return this.rng.getState();
  }

  setRandomState(state: number): void {
    this.rng.setState(state);
  }

  /**
   * The gate columns (i, f, g, o) of each neuron's unit: in the input kernel and bias (forward
   * block first, then backward) and in its direction's recurrent kernel. Neuron j < H is forward
   * unit j, H ≤ j < 2H backward unit j − H; concatenated input features have no parameters.
   */
  parametersOf(neurons: readonly number[]): Record<string, Float32Array> {
    this.variables(); // built
    const H = this.options.units;
    const F = this.kernelRows;
    const input = new Float32Array(F * 8 * H);
    const bias = new Float32Array(8 * H);
    const rec = { fwd: new Float32Array(H * 4 * H), bwd: new Float32Array(H * 4 * H) };
    for (const j of neurons) {
      if (!Number.isInteger(j) || j < 0 || j >= this.outputDim)
        throw new TopiclensError(`bilstm encoder: neuron ${j} is outside 0..${this.outputDim - 1}.`);
      if (j >= 2 * H) continue;
      const dir = j < H ? 'fwd' : 'bwd';
      const u = j % H;
      for (let g = 0; g < 4; g++) {
        const col = g * H + u;
        const full = (dir === 'fwd' ? 0 : 4 * H) + col;
        bias[full] = 1;
        for (let r = 0; r < F; r++) input[r * 8 * H + full] = 1;
        for (let r = 0; r < H; r++) rec[dir][r * 4 * H + col] = 1;
      }
    }
    return { inputKernel: input, bias, 'fwd/recurrentKernel': rec.fwd, 'bwd/recurrentKernel': rec.bwd };
  }

  apply(frames: tf.Tensor3D, training: boolean): tf.Tensor3D {
    const v = this.variables();
    const [, n, F] = frames.shape;
    if (F !== this.inputDim)
      throw new TopiclensError(`bilstm encoder expects frames [batch, n, ${this.inputDim}] but got [${frames.shape}].`);
    return tf.tidy(() => {
      const x = training ? seededDropout(frames, this.options.dropout, this.rng) : frames;
      // Time-major [n, B, ·] so that per-step slices are contiguous (wasm copies a strided
      // unstack element by element, and its gradient is another strided pack).
      const frameMajor = tf.transpose(x, [1, 0, 2]);
      const xT = this.options.frameDifferences ? withFrameDifferences(frameMajor, this.options.frameDifferenceLag) : frameMajor;
      // One product for every frame and both directions: [n, B, 8H].
      const proj = dense(xT, v.inputKernel as tf.Tensor2D, v.bias as tf.Tensor1D);
      const [pf, pb] = tf.split(proj, 2, 2);
      const run = (p: tf.Tensor, U: tf.Tensor2D, reverse: boolean): tf.Tensor2D[] => {
        const steps = tf.unstack(p, 0) as tf.Tensor2D[];
        const recurrent = new RecurrentProduct(U, transposeForGradient(U));
        const hs: tf.Tensor2D[] = new Array(n);
        let h: tf.Tensor2D | null = null;
        let c: tf.Tensor2D | null = null;
        for (let k = 0; k < n; k++) {
          const t = reverse ? n - 1 - k : k;
          const hPrev: tf.Tensor2D | null = h;
          const cPrev: tf.Tensor2D | null = c;
          const next: [tf.Tensor2D, tf.Tensor2D] = tf.tidy(() =>
            lstmCell(hPrev ? (tf.add(steps[t]!, recurrent.times(hPrev)) as tf.Tensor2D) : steps[t]!, cPrev),
          );
          [h, c] = next;
          hs[t] = next[0];
          // Anchored before the first product: U's gradient is one product, made after every step's (RecurrentProduct).
          if (k === 0 && n > 1) h = recurrent.anchor(h);
        }
        return hs;
      };
      const hf = tf.stack(run(pf!, v['fwd/recurrentKernel'] as tf.Tensor2D, false), 0);
      const hb = tf.stack(run(pb!, v['bwd/recurrentKernel'] as tf.Tensor2D, true), 0);
      const out = tf.transpose(tf.concat([hf, hb], 2), [1, 0, 2]);
      return (this.options.concatInput ? tf.concat([out, frames], 2) : out) as tf.Tensor3D;
    });
  }
}

/**
 * [n, B, F] → [n, B, 2F]: each frame beside its difference from the frame `lag` earlier, the first
 * `lag` frames compared with frame 0 (so frame 0's difference is 0).
 */
export function withFrameDifferences(x: tf.Tensor3D, lag = 1): tf.Tensor3D {
  if (!Number.isInteger(lag) || lag < 1) throw new TopiclensError(`bilstm encoder: frameDifferenceLag must be an integer ≥ 1, got ${lag}.`);
  return tf.tidy(() => {
    const n = x.shape[0];
    const early = Math.min(lag, n);
    // Copies by Concat, not Tile: wasm's Tile walks every element (up to 6 ms for [4, 64, 256] in a profiled step).
    const frame0 = x.slice([0, 0, 0], [1, -1, -1]);
    const first = early === 1 ? frame0 : tf.concat(new Array<tf.Tensor3D>(early).fill(frame0), 0);
    const previous = early < n ? tf.concat([first, x.slice([0, 0, 0], [n - early, -1, -1])], 0) : first;
    return tf.concat([x, tf.sub(x, previous)], 2) as tf.Tensor3D;
  });
}
