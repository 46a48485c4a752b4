import { loadConfig } from '../../config/index.js';
import { defineCommand } from '../../plugin/manifest.js';
import { runExperiment } from '../../runner/run-experiment.js';
import { SET_FLAG, SET_USAGE, setOverrides } from '../set-flag.js';

export const runCommand = defineCommand({
  name: 'run',
  summary: 'Run an experiment: features → topics → train → evaluate → attribute → report',
  usage: `Usage: topiclens run [config] [--from STAGE] [--until STAGE] [--backend auto|tensorflow|wasm|cpu] [--set PATH=VALUE ...]

Runs the stages in order, writing to <runsDir>/<name>/<stage>/. A stage whose inputs (its config
slice and upstream outputs) are unchanged since it last finished is skipped; one interrupted by a
crash resumes. Without a config path, topiclens.config.json / .topiclensrc* / package.json#topiclens
is searched from the current folder upwards.

  --from STAGE     run STAGE and every later stage again, even if up to date
  --until STAGE    stop after STAGE
  --backend NAME   override the config's tfjs backend
${SET_USAGE}`,
  flags: {
    from: { type: 'string' },
    until: { type: 'string' },
    backend: { type: 'string' },
    ...SET_FLAG,
  },
  async run({ values, positionals }, ctx) {
    const loaded = await loadConfig(positionals[0], ctx.registry, { cwd: ctx.cwd, set: setOverrides(values.set) });
    for (const note of loaded.notes ?? []) ctx.stderr(`note: ${note}`);
    const backend = values.backend as 'auto' | 'tensorflow' | 'wasm' | 'cpu' | undefined;
    if (backend && !['auto', 'tensorflow', 'wasm', 'cpu'].includes(backend)) {
      ctx.stderr(`topiclens run: --backend must be auto, tensorflow, wasm or cpu, found "${backend}"`);
      return 2;
    }
    const result = await runExperiment(loaded, ctx.registry, { from: values.from, until: values.until, backend });
    const lines = result.stages.map(
      (s) => `  ${s.name.padEnd(16)} ${s.status.padEnd(8)} ${s.status === 'ran' ? `${s.seconds.toFixed(1)}s` : ''}`,
    );
    ctx.stdout([`run finished: ${result.runDir}`, ...lines].join('\n'));
    return 0;
  },
});
