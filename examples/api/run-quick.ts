/**
 * Drive a run from a script instead of the CLI: load the built-in plugins, load and validate a
 * config (here the quick preset with two overrides), run it, and read its results.
 *
 *   npx tsx examples/api/run-quick.ts [runsDir]
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultRegistry, loadConfig, runExperiment } from '../../index.js';

const runsDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'topiclens-api-'));
const configFile = join(runsDir, 'api-example.json');
writeFileSync(configFile, JSON.stringify({ extends: 'quick', name: 'api-example', seed: 11, runsDir: '.' }, null, 2));

const registry = await createDefaultRegistry();
const loaded = await loadConfig(configFile, registry);
const result = await runExperiment(loaded, registry);

for (const stage of result.stages) console.log(`${stage.name.padEnd(12)} ${stage.status}`);
const scores = join(result.runDir, 'evaluate', 'scores.json');
try {
  const { corpus } = JSON.parse(readFileSync(scores, 'utf8')) as { corpus: Record<string, number> };
  console.log('test-set scores:', corpus);
} catch {
  console.log(`no evaluate stage output at ${scores}`);
}
