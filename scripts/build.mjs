// `npm run build` (and prepack): a clean dist/ from tsc (ESM JS, .d.ts, source maps), plus the
// files the compiled code reads beside itself (presets, schemas, the studio's page), copied to
// the same relative paths the sources use.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
for (const dir of ['presets', 'schemas', 'plugins/studio/assets', 'core/tensor/vendor'])
  cpSync(`${root}${dir}`, `${root}dist/${dir}`, { recursive: true });
