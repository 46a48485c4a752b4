import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe } from 'vitest';
import type { PluginRegistry } from '../../core/index.js';
import { buildSweepSpec } from '../../plugins/sweep/build-spec.js';
import { writeSpec, type SweepSpec } from '../../plugins/sweep/spec.js';
import { findRedisServer } from './redis-server.js';

/** What the queue tests' registry and workers load: the sweep commands, the fixture stages (data → score, extra → digest), the test plugins. */
export const SWEEP_MODULES = [
  new URL('../../plugins/sweep/index.ts', import.meta.url),
  new URL('../fixtures/sweep-stages.ts', import.meta.url),
  new URL('../fixtures/test-plugins-module.ts', import.meta.url),
];
/** A `topiclens worker` loading SWEEP_MODULES. */
export const SWEEP_WORKER = join(import.meta.dirname, '../fixtures/queue-worker-child.ts');
export const SWEEP_STAGES = ['data', 'score', 'extra', 'digest'];
/** Small lock and stalled check: a killed worker's job is back on the queue within ~3 s. */
export const FAST_STALL = ['--lock-duration', '2000', '--stalled-interval', '1000'];

/**
 * `describe` for tests that need a real redis-server: without one they are skipped, with a
 * warning naming `file`, except in CI, which must have one (.ci/run installs it).
 */
export function describeWithRedis(file: string, title: string, body: () => void): void {
  const redis = findRedisServer();
  const inCi = process.env.CI === 'true';
  if ('missing' in redis && !inCi) console.warn(`[${file}] SKIPPED: ${redis.missing}`);
  describe.skipIf('missing' in redis && !inCi)(title, () => {
    beforeAll(() => {
      if ('missing' in redis) throw new Error(`CI must have redis-server (.ci/run installs it): ${redis.missing}`);
    });
    body();
  });
}

/** `dir`/exp.json: the fixture experiment (2 tiny videos, a score stage of 4 steps of `stepMs`), top-level keys of `extra` replacing its own. */
export function writeFixtureExperiment(dir: string, stepMs: number, extra: Record<string, unknown> = {}): void {
  writeFileSync(
    join(dir, 'exp.json'),
    JSON.stringify({
      name: 'exp',
      seed: 5,
      backend: 'cpu',
      dataset: { type: 'tiny', options: { videos: 2 } },
      score: { steps: 4, stepMs },
      ...extra,
    }),
  );
}

/** The fixture experiment in `dir` swept over λ = 0, 0.5 × `seeds`, its spec written. */
export async function fixtureSweep(
  dir: string,
  registry: PluginRegistry,
  o: { stepMs: number; extra?: Record<string, unknown>; seeds?: string },
): Promise<SweepSpec> {
  writeFixtureExperiment(dir, o.stepMs, o.extra);
  const spec = await buildSweepSpec(
    {
      config: join(dir, 'exp.json'),
      cwd: dir,
      sets: ['score.lambda=0,0.5'],
      seeds: o.seeds ?? '1,2',
      metrics: 'score/score.json:value,digest/digest.json:sum',
    },
    registry,
  );
  writeSpec(spec);
  return spec;
}
