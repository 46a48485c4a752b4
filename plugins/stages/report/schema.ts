import type { OptionsSchema } from '../../../core/plugin/manifest.js';

/** Options of the `report` config section. */
export interface ReportOptions {
  /** Another run folder (relative to the config file) shown beside this run, e.g. the LSTM-B run. */
  compare?: string;
}

export const reportOptionsSchema: OptionsSchema<ReportOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    compare: {
      type: 'string',
      minLength: 1,
      nullable: true,
      description:
        'Another run folder (relative to the config file) to show beside this one, e.g. "runs/lstm-b" next to an LSTM-I run (Fig. 3).',
    },
  },
  required: [],
};
