import type { AttributionInput, AttributionResult, Attributor } from '../../../core/contracts/attributor.js';
import { TopiclensError } from '../../../core/errors.js';
import { argmaxStrided } from './argmax.js';
import type { CommonOptions } from './options.js';
import { resolveReadout } from './resolve-readout.js';
import type { CostFn, ScoreFn, TF } from './types.js';
import { validateInput } from './validate-input.js';

export const TIE_RULE_NOTE = 'ties: among neurons with exactly equal scores the lowest neuron index is chosen';

export interface AttributorSpec {
  method: string;
  /** One line on what the scores are, carried into the result's notes. */
  describe: string;
  tf: TF;
  seed: number;
  common: CommonOptions;
  score: ScoreFn;
  cost: CostFn;
}

/** An Attributor from a per-chunk score function: chunking, probe, argmax with the tie rule. */
export function makeAttributor(spec: AttributorSpec): Attributor {
  const { tf, method } = spec;
  return {
    async attribute(input: AttributionInput): Promise<AttributionResult> {
      validateInput(input, method);
      const { numVideos: n, numNeurons: d, numTopics: k } = input;
      const resolved = resolveReadout(tf, input, spec.common, method, spec.seed);
      try {
        const hidden = resolved.readout.mlp ? resolved.readout.mlp.w1.shape[1] : -1;
        const chosen = new Int32Array(n * k).fill(-1);
        const active = (r: number): number[] => {
          const t: number[] = [];
          for (let i = 0; i < k; i++) if (input.topicVectors[r * k + i]) t.push(i);
          return t;
        };
        let r = 0;
        while (r < n) {
          // Grow a chunk while its largest tensor stays under the bound (at least one video).
          const rows: number[] = [];
          const union = new Set<number>();
          while (r < n) {
            const t = active(r);
            if (t.length === 0) {
              r++;
              continue;
            }
            const grown = new Set([...union, ...t]);
            if (rows.length > 0 && (rows.length + 1) * spec.cost(d, hidden, grown.size, resolved.readout) > spec.common.maxChunkElements)
              break;
            rows.push(r);
            for (const i of t) union.add(i);
            r++;
          }
          if (rows.length === 0) break;
          const topics = [...union].sort((a, b) => a - b);
          const x = new Float32Array(rows.length * d);
          rows.forEach((row, b) => {
            x.set(input.features.subarray(row * d, (row + 1) * d), b * d);
          });
          const u = topics.length;
          const needed = new Uint8Array(rows.length * u);
          rows.forEach((row, b) => {
            topics.forEach((topic, ui) => {
              needed[b * u + ui] = input.topicVectors[row * k + topic]!;
            });
          });
          const scores = spec.score({ tf, readout: resolved.readout, x, rows: rows.length, numNeurons: d, topics, needed });
          rows.forEach((row, b) => {
            topics.forEach((topic, ui) => {
              if (!input.topicVectors[row * k + topic]) return;
              chosen[row * k + topic] = argmaxStrided(
                scores,
                b * d * u + ui,
                d,
                u,
                () => `video "${input.videoIds[row]}", topic ${topic} "${input.topicNames[topic]}"`,
              );
            });
          });
        }
        return {
          method: resolved.probed ? `${method}+probe` : method,
          chosen,
          notes: [spec.describe, TIE_RULE_NOTE, ...resolved.notes],
        };
      } finally {
        resolved.dispose();
      }
    },
    async scores(input: AttributionInput, video: number): Promise<Float32Array> {
      validateInput(input, method);
      const { numVideos: n, numNeurons: d, numTopics: k } = input;
      if (!Number.isInteger(video) || video < 0 || video >= n) {
        throw new TopiclensError(`attributor "${method}": video index ${video} is outside 0..${n - 1}.`);
      }
      const resolved = resolveReadout(tf, input, spec.common, method, spec.seed);
      try {
        const topics = Array.from({ length: k }, (_, i) => i);
        return spec.score({
          tf,
          readout: resolved.readout,
          x: input.features.slice(video * d, (video + 1) * d),
          rows: 1,
          numNeurons: d,
          topics,
        });
      } finally {
        resolved.dispose();
      }
    },
  };
}
