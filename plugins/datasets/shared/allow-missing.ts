/** The `allowMissing` option of a data set: how many lost videos and caption rows a run accepts. */
export interface AllowMissing {
  /** Videos: missing or unreadable files, videos without a caption, odd feature sizes. */
  videos: number;
  /** Caption rows: empty, malformed, or not valid UTF-8. */
  captions: number;
}

export const allowMissingDefaults: AllowMissing = { videos: 0, captions: 0 };

/** An optional `allowMissing` property of a data set's OptionsSchema (`as const`: JSONSchemaType checks the literals). */
export const allowMissingSchema = {
  type: 'object',
  additionalProperties: false,
  nullable: true,
  properties: {
    videos: {
      type: 'integer',
      minimum: 0,
      nullable: true,
      description: 'most videos the run may lose (missing/unreadable files, no caption, odd feature size); default 0',
    },
    captions: {
      type: 'integer',
      minimum: 0,
      nullable: true,
      description: 'most caption rows the run may lose (empty, malformed, invalid UTF-8); default 0',
    },
  },
  required: [],
  description: 'how many missing or malformed items the run accepts; more fail the features stage with the list',
} as const;

/** The option with the defaults filled in (a config may give only one of the two counts). */
export const allowMissingOf = (o: Partial<AllowMissing> | undefined): AllowMissing => ({ ...allowMissingDefaults, ...(o ?? {}) });
