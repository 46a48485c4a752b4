// A whole-pipeline run in its own process, for the fault-injection suite: argv = config path.
import { createDefaultRegistry, loadConfig, runExperiment, TopiclensError } from '../../index.js';

const registry = await createDefaultRegistry();
try {
  await runExperiment(await loadConfig(process.argv[2]!, registry), registry, { output: { quiet: true } });
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(e instanceof TopiclensError ? e.exitCode : 70);
}
