import type { LoadedConfig } from '../../../core/config/types.js';
import { TopiclensError } from '../../../core/errors.js';
import type { PluginRegistry } from '../../../core/plugin/registry.js';
import { planStages } from '../../../core/runner/plan.js';
import { runDirOf } from '../../../core/runner/run-experiment.js';
import { buildFlow } from './flow.js';
import type { RunRef } from './job-data.js';
import { addFlow, waitForSweep } from './submit.js';

/**
 * Run one experiment's stages on the queue's workers and wait for them (`reproduce --queue`).
 * `ref` must rebuild `loaded` on any machine. Throws, naming each failed stage and its error,
 * when a stage failed every attempt.
 */
export async function runQueued(url: string, loaded: LoadedConfig, ref: RunRef, registry: PluginRegistry, o: { log: (line: string) => void; pollMs?: number; attempts?: number; featureShards?: number }): Promise<void> {
  const name = loaded.config.name;
  const sweepId = `${name}-${Date.now().toString(36)}`;
  const { flow, jobs } = buildFlow([{ name, runDir: runDirOf(loaded), ref, plan: planStages(loaded.config, registry) }], { sweepId, attempts: o.attempts ?? 3, pollMs: o.pollMs ?? 5000, shards: { features: o.featureShards ?? 1 } });
  await addFlow(url, flow);
  o.log(`queue: ${name}: ${jobs} jobs sent to ${url} (follow with \`topiclens queue status --queue ${url} --sweep ${sweepId}\`)`);
  const failed = await waitForSweep(url, sweepId, o.log);
  if (failed.length) {
    throw new TopiclensError(`${name}: ${failed.length} job(s) failed on the queue:\n${failed.map((f) => `  ${f.run}/${f.stage} (attempts ${f.attemptsMade}): ${f.error ?? 'no error recorded'}`).join('\n')}`);
  }
}
