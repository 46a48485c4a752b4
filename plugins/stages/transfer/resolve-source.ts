import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { readConfig } from '../../../core/config/load-config.js';
import { PRESETS_DIR } from '../../../core/config/index.js';
import { TopiclensError } from '../../../core/errors.js';
import { STAGE_MANIFEST } from '../../../core/runner/run-experiment.js';

export interface SourceRun {
  runDir: string;
  /** How `from` was understood. */
  kind: 'preset' | 'run';
  /** The preset file, for kind 'preset'. */
  preset?: string;
}

const looksLikePath = (s: string) => s.includes('/') || s.includes('\\') || s.startsWith('.') || isAbsolute(s);

/**
 * Resolve `transfer.from`: a run folder (relative to the config's folder), or a preset name
 * meaning the run folder that preset produces (`<runsDir>/<name>` relative to the preset file).
 * The run's `train` stage must have finished; otherwise say which run to execute first.
 */
export async function resolveSourceRun(from: string, configDir: string, presetsDir = PRESETS_DIR): Promise<SourceRun> {
  let source: SourceRun;
  const asPath = resolve(configDir, from);
  const presetFile = join(presetsDir, `${from}.json`);
  if (!looksLikePath(from) && existsSync(presetFile)) {
    // A preset run directly resolves runsDir against the working directory (the config's folder here).
    const raw = await readConfig(presetFile, { cwd: configDir, presetsDir });
    const name = typeof raw.config.name === 'string' ? raw.config.name : basename(presetFile, '.json');
    const runsDir = typeof raw.config.runsDir === 'string' ? raw.config.runsDir : 'runs';
    source = { runDir: resolve(raw.dir, runsDir, name), kind: 'preset', preset: presetFile };
  } else if (existsSync(asPath) && statSync(asPath).isDirectory()) {
    source = { runDir: asPath, kind: 'run' };
  } else {
    throw new TopiclensError(
      `/transfer/from: "${from}" is neither a preset (no ${presetFile}) nor a run folder (no ${asPath}). ` +
        'Name a captioning preset (e.g. "lstm-i", "quick") or the folder of a finished captioning run (e.g. "runs/lstm-i").',
      2,
    );
  }
  const manifest = join(source.runDir, 'train', STAGE_MANIFEST);
  if (!existsSync(manifest)) {
    const how =
      source.kind === 'preset'
        ? `Run the captioning experiment first: \`topiclens run ${source.preset}\``
        : `Finish that run's training first (\`topiclens run <its config>\`)`;
    throw new TopiclensError(
      `/transfer/from: the source run ${source.runDir} has no finished train stage (${manifest} is missing). ${how}, then run the transfer again.`,
      2,
    );
  }
  return source;
}

/** The source run's resolved config (`config.json`), for checking the encoder matches. */
export function sourceConfig(runDir: string): Record<string, unknown> {
  const file = join(runDir, 'config.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new TopiclensError(`Cannot read the source run's config ${file}: ${(e as Error).message}.`);
  }
}
