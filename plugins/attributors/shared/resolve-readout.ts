import type { AttributionInput } from '../../../core/contracts/attributor.js';
import type { Readout } from '../../../core/contracts/interpretive-loss.js';
import { TopiclensError } from '../../../core/errors.js';
import { fitProbe, PROBE_DEFAULTS, type ProbeOptions } from './fit-probe.js';
import type { CommonOptions } from './options.js';
import type { TF } from './types.js';

export interface ResolvedReadout {
  readout: Readout;
  probed: boolean;
  notes: string[];
  dispose(): void;
}

/** The f to attribute through: the model's, or a probe fitted on the frozen training features. */
export function resolveReadout(
  tf: TF,
  input: AttributionInput,
  opts: Pick<CommonOptions, 'probe' | 'probeFit'>,
  method: string,
  seed: number,
): ResolvedReadout {
  const own = input.readout ?? null;
  if (own && opts.probe !== 'always') return { readout: own, probed: false, notes: [], dispose: () => {} };
  if (!own && opts.probe === 'never') {
    throw new TopiclensError(
      `attributor "${method}": the model has no topic predictor f (e.g. LSTM-B with interpretiveLoss "none") and probe is "never". ` +
        `Set "attributor": { "type": "${method}", "options": { "probe": "auto" } } to fit a probe f on the frozen features.`,
    );
  }
  const fromOwn: Partial<ProbeOptions> = own?.mlp
    ? { hidden: own.mlp.w1.shape[1], activation: own.mlp.activation, output: own.mlp.output }
    : {};
  const po: ProbeOptions = { ...PROBE_DEFAULTS, seed, ...fromOwn, ...opts.probeFit };
  const { numVideos: n, numNeurons: d, numTopics: k } = input;
  const rows: number[] = [];
  for (let r = 0; r < n; r++) if (!input.trainMask || input.trainMask[r]) rows.push(r);
  const x = new Float32Array(rows.length * d);
  const s = new Uint8Array(rows.length * k);
  rows.forEach((r, i) => {
    x.set(input.features.subarray(r * d, (r + 1) * d), i * d);
    s.set(input.topicVectors.subarray(r * k, (r + 1) * k), i * k);
  });
  const probe = fitProbe(tf, x, s, rows.length, d, k, po);
  const note =
    `probe: attributed through a two-layer f (${d}→${po.hidden} ${po.activation}→${k} ${po.output}) fitted on the frozen features of ` +
    `${rows.length} training videos with the interpretive loss ‖f(v̄) − s‖² (${po.steps} full-batch Adam steps, lr ${po.learningRate}, seed ${po.seed}; ` +
    `loss ${probe.initialLoss.toFixed(4)} → ${probe.finalLoss.toFixed(4)}), ${own ? "instead of the model's own f" : 'because the model has no f'}.`;
  return { readout: probe.readout, probed: true, notes: [note], dispose: () => probe.dispose() };
}
