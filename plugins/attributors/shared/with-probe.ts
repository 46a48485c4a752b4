import type { AttributionInput, AttributionResult, Attributor } from '../../../core/contracts/attributor.js';
import type { CommonOptions } from './options.js';
import { resolveReadout } from './resolve-readout.js';
import type { TF } from './types.js';
import { validateInput } from './validate-input.js';

/**
 * Give ANY attributor (a third-party one too) the `probe` behaviour of the built-ins: when the
 * input has no f (or `probe` is `always`), fit the two-layer probe f on the frozen training
 * features and hand the wrapped attributor an input whose `readout` is that probe. The result's
 * method gains `+probe` and its notes say how the probe was fitted.
 */
export function withProbe(
  inner: Attributor,
  opts: { tf: TF; seed: number; name: string } & Pick<CommonOptions, 'probe' | 'probeFit'>,
): Attributor {
  const run = async <T>(
    input: AttributionInput,
    use: (input: AttributionInput, probed: boolean, notes: string[]) => Promise<T>,
  ): Promise<T> => {
    validateInput(input, opts.name);
    const resolved = resolveReadout(opts.tf, input, opts, opts.name, opts.seed);
    try {
      return await use(resolved.probed ? { ...input, readout: resolved.readout } : input, resolved.probed, resolved.notes);
    } finally {
      resolved.dispose();
    }
  };
  return {
    attribute: (input) =>
      run(input, async (inp, probed, notes): Promise<AttributionResult> => {
        const r = await inner.attribute(inp);
        return { ...r, method: probed ? `${r.method}+probe` : r.method, notes: [...r.notes, ...notes] };
      }),
    scores: (input, video) => run(input, (inp) => inner.scores(inp, video)),
  };
}
