#!/usr/bin/env node
// In a checkout (TypeScript sources and tsx present) the CLI runs the sources through tsx, so
// `npm start` needs no build. The published package ships only the compiled dist/ and runs that.
// TOPICLENS_DIST=1 forces dist/ in a checkout (how the packaging check tries the build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const at = (rel) => new URL(rel, import.meta.url);
const sources = existsSync(fileURLToPath(at('../core/cli/main.ts'))) && process.env.TOPICLENS_DIST !== '1';
let register;
if (sources)
  register = await import('tsx/esm/api').then(
    (m) => m.register,
    () => undefined,
  );

let ext;
if (register) {
  register();
  ext = 'ts';
} else if (existsSync(fileURLToPath(at('../dist/core/cli/main.js')))) {
  ext = 'js';
} else {
  console.error(
    'topiclens: no compiled CLI in dist/ and no tsx to run the sources; run `npm install` (dev dependencies) or `npm run build`.',
  );
  process.exit(1);
}
const root = ext === 'ts' ? '../' : '../dist/';
const { runCli } = await import(at(`${root}core/cli/main.${ext}`).href);
process.exitCode = await runCli(process.argv.slice(2), { modules: [at(`${root}plugins/index.${ext}`)] });
