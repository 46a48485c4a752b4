import { ConfigError, type ConfigProblem } from '../errors.js';
import type { ExtensionPoint } from '../contracts/tokens.js';
import type { CheckFinding, ConfigCheck, ValidateContext } from '../plugin/manifest.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { availableMemory, formatBytes } from './available-memory.js';
import { runsDirProblem } from './check-runs-dir.js';
import type { NulledKey } from './load-config.js';
import { originOf, type Origins } from './merge.js';
import { nullSlotFindings } from './null-slots.js';
import { SINGLE_SLOTS, type ExperimentConfig, type PluginSlot } from './types.js';

/** Bytes per trainable parameter: the float32 weight, its gradient and Adadelta's two accumulators. */
const BYTES_PER_PARAMETER = 16;
/** Bytes per activation kept for backpropagation: the float32 value and its gradient. */
const BYTES_PER_ACTIVATION = 8;

export interface CheckInput {
  config: ExperimentConfig;
  /** The merged config before validation (what the files set). */
  raw: Record<string, unknown>;
  nulled: ReadonlyMap<string, NulledKey>;
  file: string;
  dir: string;
  origins?: Origins;
  /** The memory to check against (default: this machine's or its cgroup's). */
  memory?: { bytes: number; source: string };
}

interface Owner {
  label: string;
  path: string;
  check: ConfigCheck;
}

function run(label: string, hook: () => ConfigCheck, path: string, problems: CheckFinding[]): ConfigCheck {
  try {
    return hook() ?? {};
  } catch (e) {
    problems.push({ path, message: `the ${label} check failed: ${(e as Error).message}` });
    return {};
  }
}

/**
 * The checks beyond the schemas, for what a run would only find out later (often after hours of
 * earlier stages): runsDir usable, each plugin's and enabled stage's own `validate` hook (split
 * sizes, min ≤ max, metric keys, ...), the model and batch sizes against the memory available,
 * and stages switched off by a `null`. Throws one ConfigError listing every problem; returns
 * notes (warnings) to print.
 */
export function checkConfig(input: CheckInput, registry: PluginRegistry): { notes: string[] } {
  const { config } = input;
  const problems: CheckFinding[] = [];
  const warnings: CheckFinding[] = [];

  const runsDir = runsDirProblem(config.runsDir, input.dir, config.name);
  if (runsDir) problems.push({ path: '/runsDir', message: runsDir });

  const owners: Owner[] = [];
  const pluginCheck = (
    ep: ExtensionPoint,
    slot: PluginSlot | undefined,
    path: string,
    ctx: Omit<ValidateContext, 'path' | 'config'>,
  ): ConfigCheck | undefined => {
    if (!slot || !registry.has(ep, slot.type)) return undefined;
    const manifest = registry.get(ep, slot.type);
    if (!manifest.validate) return undefined;
    const optionsPath = `${path}/options`;
    const check = run(
      `${ep} "${slot.type}"`,
      () => manifest.validate!(slot.options ?? {}, { ...ctx, config, path: optionsPath }),
      optionsPath,
      problems,
    );
    owners.push({ label: `${ep} (${slot.type})`, path: optionsPath, check });
    return check;
  };

  const splits = pluginCheck('dataset', config.dataset, '/dataset', {})?.splits;
  let metricKeys: string[] | undefined = [];
  (config.metrics ?? []).forEach((m, i) => {
    const slot = (typeof m === 'string' ? { type: m } : m) as PluginSlot;
    const keys = pluginCheck('metric', slot, `/metrics/${i}`, { splits })?.keys;
    metricKeys = keys && metricKeys ? [...metricKeys, ...keys] : undefined;
  });
  for (const key of SINGLE_SLOTS) if (key !== 'dataset') pluginCheck(key, config[key], `/${key}`, { splits, metricKeys });

  let batch = { size: 1, path: '' };
  for (const stage of registry.stages()) {
    if (!stage.validate || (stage.enabled && !stage.enabled(config))) continue;
    const path = stage.section ? `/${stage.section}` : '';
    const section = (stage.section ? config[stage.section] : {}) as Record<string, unknown>;
    const check = run(`"${stage.name}" stage`, () => stage.validate!(section ?? {}, { config, path, splits, metricKeys }), path, problems);
    owners.push({ label: `stage ${stage.name}`, path, check });
    if (check.batchSize !== undefined && check.batchSize > batch.size) batch = { size: check.batchSize, path: `${path}/batchSize` };
  }
  for (const o of owners) {
    problems.push(...(o.check.problems ?? []));
    warnings.push(...(o.check.warnings ?? []));
  }

  const memoryProblem = checkMemory(owners, batch, input.memory ?? availableMemory());
  if (memoryProblem) problems.push(memoryProblem);

  const nulls = nullSlotFindings(config, input.raw, input.nulled, registry);
  problems.push(...nulls.problems);

  if (problems.length) {
    const withFiles: ConfigProblem[] = problems.map((p) => ({ ...p, file: input.origins ? originOf(input.origins, p.path) : undefined }));
    throw new ConfigError(input.file, withFiles);
  }
  return { notes: [...warnings.map((w) => `${w.path}: ${w.message}`), ...nulls.notes] };
}

/** The summed lower bound of the slots' memory against what is available; a problem at the biggest slot. */
function checkMemory(
  owners: Owner[],
  batch: { size: number; path: string },
  available: { bytes: number; source: string },
): CheckFinding | undefined {
  const parts = owners
    .filter((o) => o.check.memory)
    .map((o) => {
      const m = o.check.memory!;
      return { ...o, m, bytes: m.parameters * BYTES_PER_PARAMETER + m.activationsPerExample * batch.size * BYTES_PER_ACTIVATION };
    });
  const total = parts.reduce((n, p) => n + p.bytes, 0);
  if (!(total > available.bytes)) return undefined; // also false for NaN: a hook's own problem
  const biggest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const lines = parts.map(
    (p) =>
      `${p.label}: ≥ ${p.m.parameters.toPrecision(3)} parameters and ≥ ${p.m.activationsPerExample.toPrecision(3)} activations per example → ${formatBytes(p.bytes)}`,
  );
  return {
    path: biggest.path,
    message:
      `the model needs at least ${formatBytes(total)} of memory (batch of ${batch.size}${batch.path ? `, ${batch.path}` : ''}), more than the ${formatBytes(available.bytes)} of ${available.source}: ` +
      `${lines.join('; ')}. Make the model or the batch smaller.`,
  };
}
