import { TopiclensError } from '../../../core/errors.js';
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionLstmDecoder } from './decoder.js';

interface Finished {
  tokens: number[];
  score: number;
  /** Tokens counted for the length penalty (<eos> included when the caption ended with it). */
  length: number;
}

/**
 * Beam search. Keeps `K` live hypotheses per video (rows b·K..b·K+K−1 on the device). Each step
 * scores every extension, takes the best 2K per video on the device (one small read), and moves
 * extensions ending in <eos> to the finished list; the best K others stay live.
 *
 * Length handling: a video stops when its best finished score is ≥ its best live score (with
 * lengthPenalty 0 log-probabilities only fall, so nothing live can win), or when K have
 * finished (lengthPenalty > 0), or after `maxLength` tokens (<eos> included), when the live
 * hypotheses join the finished ones without <eos>. Final ranking: logP / length^lengthPenalty.
 * With K = 1 this is exactly greedy decoding.
 */
export async function beamSearch(
  dec: AttentionLstmDecoder,
  encoded: tf.Tensor3D,
  K: number,
  maxLength: number,
  lengthPenalty: number,
): Promise<{ sequences: number[][]; logProbs: number[] }> {
  const { bosId, eosId, vocabularySize: Vs } = dec.captionSpec;
  const B = encoded.shape[0];
  const R = B * K;
  const DEAD = -1e30;
  const rank = (f: Finished): number => (lengthPenalty > 0 ? f.score / Math.max(1, f.length) ** lengthPenalty : f.score);

  const repeat = tf.tensor1d(
    Array.from({ length: R }, (_, r) => Math.floor(r / K)),
    'int32',
  );
  const ctx = tf.tidy(() => dec.context(tf.gather(encoded, repeat) as tf.Tensor3D));
  let { h, c } = tf.tidy(() => dec.initial(ctx.V));
  let prev = tf.fill([R], bosId, 'int32') as tf.Tensor1D;
  const scores = new Float32Array(R).map((_, r) => (r % K === 0 ? 0 : DEAD));
  let hyps: number[][] = Array.from({ length: R }, () => []);
  const finished: Finished[][] = Array.from({ length: B }, () => []);
  const done = new Array<boolean>(B).fill(false);
  const kTop = Math.min(2 * K, K * Vs);

  try {
    for (let step = 0; step < maxLength && done.includes(false); step++) {
      const s = tf.tidy(() => {
        const out = dec.stepLogProbs(ctx, prev, h, c);
        const total = tf.add(out.logp, tf.tensor2d(scores, [R, 1]));
        const top = tf.topk(tf.reshape(total, [B, K * Vs]), kTop, true);
        return { h: out.h, c: out.c, values: top.values, indices: top.indices };
      });
      const [values, indices] = await Promise.all([s.values.data(), s.indices.data()]);
      tf.dispose([s.values, s.indices]);
      const parents = new Int32Array(R);
      const nextTok = new Int32Array(R).fill(eosId);
      const nextScores = new Float32Array(R).fill(DEAD);
      const nextHyps: number[][] = new Array(R);
      for (let b = 0; b < B; b++) {
        let live = 0;
        if (!done[b]) {
          for (let j = 0; j < kTop && live < K; j++) {
            const val = values[b * kTop + j]!;
            if (Number.isNaN(val)) continue; // never extend a hypothesis whose score is NaN
            if (val <= DEAD / 2) break;
            const idx = indices[b * kTop + j]!;
            const parent = b * K + Math.floor(idx / Vs);
            const tok = idx % Vs;
            if (tok === eosId) {
              finished[b]!.push({ tokens: hyps[parent]!, score: val, length: hyps[parent]!.length + 1 });
            } else {
              const row = b * K + live;
              parents[row] = parent;
              nextTok[row] = tok;
              nextScores[row] = val;
              nextHyps[row] = [...hyps[parent]!, tok];
              live++;
            }
          }
          const best = finished[b]!.length ? Math.max(...finished[b]!.map(rank)) : -Infinity;
          const liveBest = live > 0 ? nextScores[b * K]! : -Infinity;
          if (live === 0 || (lengthPenalty === 0 ? best >= liveBest : finished[b]!.length >= K)) done[b] = true;
        }
        for (let k = live; k < K; k++) {
          const row = b * K + k;
          parents[row] = row;
          nextHyps[row] = [];
        }
        if (done[b]) for (let k = 0; k < K; k++) nextScores[b * K + k] = DEAD;
      }
      const parentT = tf.tensor1d(parents, 'int32');
      const [h2, c2] = tf.tidy(() => [tf.gather(s.h, parentT), tf.gather(s.c, parentT)] as tf.Tensor2D[]);
      tf.dispose([s.h, s.c, h, c, prev, parentT]);
      h = h2!;
      c = c2!;
      prev = tf.tensor1d(nextTok, 'int32');
      scores.set(nextScores);
      hyps = nextHyps;
    }
    const sequences: number[][] = [];
    const logProbs: number[] = [];
    for (let b = 0; b < B; b++) {
      const pool = [...finished[b]!];
      if (!done[b]) {
        for (let k = 0; k < K; k++) {
          const row = b * K + k;
          if (scores[row]! > DEAD / 2) pool.push({ tokens: hyps[row]!, score: scores[row]!, length: hyps[row]!.length });
        }
      }
      if (pool.length === 0) {
        throw new TopiclensError(
          `beam search: every hypothesis of batch row ${b} has a non-finite score (NaN), so the decoder's outputs are NaN — its weights or the encoder's hold NaN/Inf, or the input features do. Retrain with a lower train.learningRate or a train.clipNorm, and check the features for NaN.`,
        );
      }
      let best = pool[0]!;
      for (const f of pool) if (rank(f) > rank(best)) best = f;
      sequences.push(best.tokens);
      logProbs.push(best.score);
    }
    return { sequences, logProbs };
  } finally {
    tf.dispose([repeat, h, c, prev, ctx.V, ctx.keys, ctx.UT, ctx.wT, ctx.WT]);
  }
}
