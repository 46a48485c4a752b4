export { mulberry32 } from '../../../core/tensor/rng.js';

/** Glorot-uniform `[fanIn, fanOut]` from a seeded stream. */
export function glorotUniform(rand: () => number, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (rand() * 2 - 1) * limit;
  return out;
}
