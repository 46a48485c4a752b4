import { parseSet, type SetOverride } from '../config/set-path.js';

/** `--set path=value` (repeatable) for commands that load a config: run, validate. */
export const SET_FLAG = { set: { type: 'string', multiple: true } } as const;

export const SET_USAGE = `  --set PATH=VALUE  override one key after "extends" is resolved, before validation (repeatable);
                   VALUE is read as JSON, else as a string: --set train.epochs=2
                   --set interpretiveLoss.options.lambda=0.3 --set backend=cpu`;

/** The overrides, in the order given. */
export const setOverrides = (values: readonly string[] | undefined): SetOverride[] => (values ?? []).map((v) => parseSet(v));
