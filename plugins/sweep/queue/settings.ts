/** How a sweep's (or reproduce's) stage jobs go on the queue; what is left out is QUEUE_DEFAULTS'. */
export interface QueueSettings {
  /** Tries of a stage job before it is reported failed. */
  attempts?: number;
  /** How often a run that shares a stage of another run checks whether it is done (ms). */
  pollMs?: number;
  /** Split each run's features stage into this many shard jobs by video range (1: one job). */
  featureShards?: number;
}

export const QUEUE_DEFAULTS: Required<QueueSettings> = { attempts: 3, pollMs: 5000, featureShards: 1 };

/** buildFlow's job settings from `o`, QUEUE_DEFAULTS where it says nothing. */
export function flowSettings(o: QueueSettings): { attempts: number; pollMs: number; shards: { features: number } } {
  return {
    attempts: o.attempts ?? QUEUE_DEFAULTS.attempts,
    pollMs: o.pollMs ?? QUEUE_DEFAULTS.pollMs,
    shards: { features: o.featureShards ?? QUEUE_DEFAULTS.featureShards },
  };
}
