import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginSlot } from '../../core/config/types.js';
import { TopiclensError } from '../../core/errors.js';
import type { CommandContext } from '../../core/plugin/manifest.js';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { ATTRIBUTE_FILES } from '../stages/attribute/read-attribute.js';
import { changedStages, describeChanges, readProvenance, type Provenance } from '../refiners/lineage/provenance.js';
import type { RefineEvalFile } from '../refiners/protocol/eval-file.js';
import { runRefinerSettings, type RefinerSettings } from '../refiners/session/refiner-settings.js';

/** Where refine-eval writes its record; runs from before refine/eval.json have only the legacy copy. */
export const EVAL_PATH = join('refine', 'eval.json');
export const LEGACY_EVAL_PATH = 'refine-eval.json';

/** The Sec. 4 figures reproduce shows, read from one run's eval.json. */
export interface RefineResult {
  /** Second halves carrying the named topic after all refinements / right after their own. */
  gained: number;
  gainedOwn: number;
  /** Videos refined, and asked for. */
  total: number;
  requested: number;
  bleu4Before: number | null;
  bleu4After: number | null;
  meteorBefore: number | null;
  meteorAfter: number | null;
  ciderBefore: number | null;
  ciderAfter: number | null;
  /** The file read, and whether it was already current (true) or refine-eval ran for it (false). */
  file: string;
  reused: boolean;
}
export type RefineOutcome = RefineResult | { skipped: string };

/** Runs refine-eval on `runDir` for `videos` test videos; resolves to its exit code. */
export type RefineEvalRunner = (runDir: string, videos: number, log: (line: string) => void) => Promise<number>;

/** The registry's `refine-eval` command, driven as `topiclens refine-eval <runDir> --videos N` would be. */
export function commandRefineEval(registry: PluginRegistry, cwd: string): RefineEvalRunner | undefined {
  const command = registry.command('refine-eval');
  if (!command) return undefined;
  return async (runDir, videos, log) => {
    const ctx: CommandContext = { registry, cwd, stdout: () => {}, stderr: (t) => log(`  ${t}`) };
    return command.run([runDir, '--videos', String(videos)], ctx);
  };
}

type EvalBody = Partial<RefineEvalFile> & { requested?: number };

/** The refiner refine-eval would use on `runDir` now: the run's `refiner` slot resolved as refine-eval resolves it (runRefinerSettings). */
export function currentRefiner(registry: PluginRegistry, runDir: string): RefinerSettings | undefined {
  const file = join(runDir, 'config.json');
  if (!existsSync(file)) return undefined;
  const slot = (JSON.parse(readFileSync(file, 'utf8')) as { refiner?: PluginSlot | null }).refiner;
  if (!registry.has('refiner', slot?.type ?? 'eq10')) return undefined;
  return runRefinerSettings(registry, slot, `${file} "refiner"`);
}

/** JSON with object keys sorted, so that equal settings compare equal whatever their key order. */
const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/**
 * Why the eval file at `file` cannot stand for the run as it is now (undefined: it can): it must
 * record the stage outputs it was derived from, they must equal the run's current ones, and it
 * must have refined the number of videos asked for, with the refiner settings the run has now
 * (when `refiner` is known: a re-chosen κ or optimizer changes no stage output).
 */
export function staleReason(body: EvalBody, now: Provenance, videos: number, refiner?: RefinerSettings): string | undefined {
  const was = body.settings?.derivedFrom;
  if (!was) return 'it records no settings.derivedFrom (written by an older topiclens)';
  const changed = changedStages(was, now);
  if (changed.length) return `the run changed since: ${describeChanges(was, now, changed)}`;
  const asked = body.settings?.videos ?? body.requested;
  if (asked !== videos) return `it refined ${asked ?? 'an unrecorded number of'} videos, ${videos} are asked for`;
  const used = body.settings?.refiner;
  if (refiner && (!used || canonical(used) !== canonical(refiner))) {
    return `it used the refiner ${used ? canonical(used) : '(unrecorded)'}, the run's config now gives ${canonical(refiner)}`;
  }
  return undefined;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function resultOf(body: EvalBody, file: string, reused: boolean): RefineResult | { skipped: string } {
  if (typeof body.gained !== 'number' || typeof body.total !== 'number')
    return { skipped: `${file} has no "gained"/"total" (not a refine-eval record of this topiclens); rerun refine-eval` };
  return {
    gained: body.gained,
    gainedOwn: num(body.gainedOwn) ?? body.gained,
    total: body.total,
    requested: body.settings?.videos ?? body.requested ?? body.total,
    bleu4Before: num(body.bleu4Before),
    bleu4After: num(body.bleu4After),
    meteorBefore: num(body.meteorBefore),
    meteorAfter: num(body.meteorAfter),
    ciderBefore: num(body.ciderBefore),
    ciderAfter: num(body.ciderAfter),
    file,
    reused,
  };
}

const readBody = (file: string): EvalBody | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as EvalBody;
  } catch {
    return undefined;
  }
};

/** refine/eval.json, or for runs from before it the legacy refine-eval.json; undefined when neither exists. */
export function findEvalFile(runDir: string): string | undefined {
  return [EVAL_PATH, LEGACY_EVAL_PATH].map((p) => join(runDir, p)).find(existsSync);
}

export interface RefineProtocolArgs {
  runDir: string;
  videos: number;
  /** Undefined when no refine-eval command is registered. */
  runner: RefineEvalRunner | undefined;
  /** The refiner settings the run's config gives now (currentRefiner); unchecked when undefined. */
  refiner?: RefinerSettings;
  log: (line: string) => void;
}

/**
 * The Sec. 4 protocol on one LSTM-I run: its eval.json when it is current (derivedFrom equal
 * to the run's stage manifests now, same videos and refiner), otherwise refine-eval runs again.
 */
export async function refineProtocol({ runDir, videos, runner, refiner, log }: RefineProtocolArgs): Promise<RefineOutcome> {
  if (videos <= 0) return { skipped: 'disabled (--refine-videos 0)' };
  const map = join(runDir, 'attribute', ATTRIBUTE_FILES.neuronTopicMap);
  if (!existsSync(map)) return { skipped: `the run has no neuron-topic map (${map}); the attribute stage did not run` };
  let now: Provenance;
  try {
    now = readProvenance(runDir);
  } catch (e) {
    if (e instanceof TopiclensError) return { skipped: e.message };
    throw e;
  }
  const existing = findEvalFile(runDir);
  if (existing) {
    const body = readBody(existing);
    const why = body ? staleReason(body, now, videos, refiner) : 'it is not valid JSON';
    if (!why) return resultOf(body!, existing, true);
    log(`reproduce: ${existing} is not used: ${why}; running refine-eval again`);
  }
  if (!runner) return { skipped: 'no refine-eval command is registered' };
  log(`reproduce: refine protocol on ${runDir} (${videos} videos)`);
  try {
    const code = await runner(runDir, videos, log);
    if (code !== 0) return { skipped: `refine-eval exited with code ${code}` };
  } catch (e) {
    return { skipped: `refine-eval failed: ${(e as Error).message}` };
  }
  const file = join(runDir, EVAL_PATH);
  const body = existsSync(file) ? readBody(file) : undefined;
  if (!body) return { skipped: `refine-eval wrote no ${file}` };
  const why = staleReason(body, readProvenance(runDir), videos, refiner);
  if (why) return { skipped: `${file}, just written by refine-eval, does not match the run: ${why}` };
  return resultOf(body, file, false);
}
