import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './rng.js';

/**
 * Seeded initialisers, computed on the host in float64 so that the same seed gives the same
 * weights on every backend.
 */

/** Glorot (Xavier) uniform for a `[fanIn, fanOut]` matrix: U(−√(6/(fanIn+fanOut)), +…). */
export function glorotUniform(shape: [number, number], rng: Rng): Float32Array {
  const [fanIn, fanOut] = shape;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * limit;
  return out;
}

/**
 * A `[rows, cols]` matrix with orthonormal rows (rows ≤ cols) or columns (rows ≥ cols), times
 * `gain`: the QR of a Gaussian matrix (modified Gram–Schmidt, sign-fixed), as Saxe et al. 2014.
 */
export function orthogonal(shape: [number, number], rng: Rng, gain = 1): Float32Array {
  const [rows, cols] = shape;
  // Orthonormalise the k = min(rows, cols) vectors of length m = max(rows, cols).
  const k = Math.min(rows, cols);
  const m = Math.max(rows, cols);
  const q: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = rng.normal();
    for (let pass = 0; pass < 2; pass++) {
      for (const u of q) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += u[i]! * v[i]!;
        for (let i = 0; i < m; i++) v[i]! -= dot * u[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < m; i++) v[i]! /= norm;
    q.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let j = 0; j < k; j++) {
    const v = q[j]!;
    for (let i = 0; i < m; i++) {
      // rows ≥ cols: vector j is column j; otherwise vector j is row j.
      if (rows >= cols) out[i * cols + j] = gain * v[i]!;
      else out[j * cols + i] = gain * v[i]!;
    }
  }
  return out;
}

/** LSTM recurrent kernel `[units, 4·units]`: an orthogonal `[units, units]` block per gate. */
export function orthogonalGates(units: number, gates: number, rng: Rng): Float32Array {
  const out = new Float32Array(units * gates * units);
  for (let g = 0; g < gates; g++) {
    const block = orthogonal([units, units], rng);
    for (let r = 0; r < units; r++) {
      for (let c = 0; c < units; c++) out[r * gates * units + g * units + c] = block[r * units + c]!;
    }
  }
  return out;
}

/** A trainable variable from host values. */
export function variableFrom(values: Float32Array, shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true));
}

export function glorotVariable(shape: [number, number], rng: Rng): tf.Variable {
  return variableFrom(glorotUniform(shape, rng), shape);
}

export function zerosVariable(shape: number[], fill = 0): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  return variableFrom(new Float32Array(size).fill(fill), shape);
}
