import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendChoice } from '../../backend/select-backend.js';
import { matMulPreference, shortReason } from '../../backend/matmul-choice.js';
import { loadOrtNative } from '../../tensor/mlas/ort-native.js';
import { defineCommand } from '../../plugin/manifest.js';
import { topiclensVersion } from '../../version.js';
import { probeOptionalPackages } from './optional-probes.js';

const require = createRequire(import.meta.url);

const packageVersion = (name: string): string | undefined => {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
};

const binaryVersion = (cmd: string, args: string[]): string | undefined => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
  if (r.error || r.status !== 0) return undefined;
  return `${r.stdout}${r.stderr}`.split('\n')[0]!.trim() || undefined;
};

const NOTES: Record<string, string> = {
  // Both depend on the full @tensorflow/tfjs (layers, converter, webgl: about 220 MB), which npm
  // installs with them; topiclens itself needs only tfjs-core.
  'tfjs-node-gpu': 'optional; needs CUDA 11.2 + cuDNN 8.1, see bench/README.md; brings @tensorflow/tfjs, ~220 MB',
  'tfjs-node': 'optional; downloads libtensorflow when installed and brings @tensorflow/tfjs, ~220 MB',
};

/** One line per backend candidate, in the order `auto` tries them; no absolute paths. */
async function backendLines(choice: BackendChoice): Promise<string[]> {
  const tried = new Map(choice.attempts.map((a) => [a.candidate, a]));
  let products = choice.products?.detail ?? '';
  if (choice.products?.engine === 'xnnpack' && matMulPreference().engine !== 'mlas') {
    products = await loadOrtNative().then(
      () => 'products on XNNPACK (TOPICLENS_MATMUL=xnnpack); MLAS available (unset it)',
      (e: unknown) => `products on XNNPACK; MLAS unavailable (${shortReason(e)})`,
    );
  }
  return ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'].map((name) => {
    const a = tried.get(name);
    if (!a) return `  · ${name.padEnd(14)} not tried (a backend before it started)`;
    if (!a.ok) return `  ✗ ${name.padEnd(14)} ${a.reason}${NOTES[name] ? ` (${NOTES[name]})` : ''}`;
    return `  ✓ ${name.padEnd(14)} in use${products ? `; ${products}` : ''}`;
  });
}

/** Optional pieces and what they enable (beside the optional packages that features load, which are probed). */
const OPTIONAL = [
  ['@tensorflow/tfjs-node-gpu', 'native TensorFlow with CUDA (backend "tensorflow")'],
  ['@tensorflow/tfjs-node', 'native TensorFlow on CPU (backend "tensorflow")'],
  ['@tensorflow/tfjs-backend-wasm', 'WebAssembly backend (backend "wasm")'],
  ['playwright-core', 'browser tests of the report and studio'],
] as const;

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'Print versions, the tfjs backend this machine gets, threads, and which optional pieces are present and really load',
  usage: `Usage: topiclens doctor [--json]`,
  flags: { json: { type: 'boolean' } },
  async run({ values }, ctx) {
    const backend = await selectBackend('auto');
    let wasmThreads: number | undefined;
    if (backend.backend === 'wasm') {
      const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { getThreadsCount?: () => number };
      wasmThreads = wasm.getThreadsCount?.();
    }
    const report = {
      topiclens: topiclensVersion(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
      tfjs: tf.version_core,
      backend: backend.backend,
      backendProvider: backend.provider,
      backendAttempts: backend.attempts,
      products: backend.products ?? null,
      wasmThreads,
      optional: OPTIONAL.map(([name, purpose]) => ({ name, version: packageVersion(name) ?? null, purpose })),
      // Each loaded the way its feature loads it: installed is not enough (a binding that fails, a missing binary).
      optionalPackages: await probeOptionalPackages(),
      tools: {
        chromium: binaryVersion('chromium', ['--version']) ?? null,
        java: binaryVersion('java', ['-version']) ?? null,
        ffmpegOnPath: binaryVersion('ffmpeg', ['-version']) ?? null,
      },
    };
    if (values.json) {
      ctx.stdout(JSON.stringify(report, null, 2));
      return 0;
    }
    const out = [
      `topiclens ${report.topiclens}`,
      `node ${report.node} on ${report.platform}, ${report.cpus} CPUs, ${report.memoryGiB} GiB`,
      `tfjs ${report.tfjs}; backend ${report.backend} (${report.backendProvider})${wasmThreads ? `, ${wasmThreads} wasm thread(s)` : ''}`,
      'backends (auto takes the first that starts):',
      ...(await backendLines(backend)),
      'optional pieces:',
      ...report.optionalPackages.map(
        (o) =>
          `  ${o.works ? '✓' : '✗'} ${o.name.padEnd(30)} ${(o.version ?? 'not installed').padEnd(14)} ${o.purpose}${o.works ? '' : ` — ${o.problem}`}`,
      ),
      ...report.optional.map(
        (o) => `  ${o.version ? '✓' : '✗'} ${o.name.padEnd(30)} ${(o.version ?? 'not installed').padEnd(14)} ${o.purpose}`,
      ),
      'tools:',
      ...Object.entries(report.tools).map(([k, v]) => `  ${v ? '✓' : '✗'} ${k.padEnd(30)} ${v ?? 'not found'}`),
    ];
    ctx.stdout(out.join('\n'));
    return 0;
  },
});
