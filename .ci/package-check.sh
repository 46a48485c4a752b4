#!/usr/bin/env bash
# Packaging check: what a new user gets from `npm install topiclens`. Packs the package (prepack
# builds dist/), installs the tarball into a temporary project without the optional heavy pieces,
# imports it from plain Node, type-checks a strict TypeScript consumer against the shipped .d.ts
# (skipLibCheck off) and runs the bin. Offline-friendly: everything comes from the npm cache that
# `npm ci` just filled.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/topiclens-package-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export ONNXRUNTIME_NODE_INSTALL=skip # never fetch ONNX Runtime's CUDA libraries
start=$SECONDS
ver() { node -p "require('$repo/node_modules/$1/package.json').version"; }
step() { echo "package-check: [$((SECONDS - start)) s] $*"; }

step "npm pack"
(cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/topiclens-*.tgz)"
if tar tzf "$tarball" | grep -E '\.test\.|/test/|/bench/|fixtures/' | grep -v 'dist/plugins/attributors/testing/fixtures' ; then
  echo "package-check: the tarball ships tests, fixtures or bench (listed above)"; exit 1
fi

mkdir "$work/consumer" && cd "$work/consumer"
cat > package.json <<'JSON'
{ "name": "topiclens-consumer", "private": true, "type": "module" }
JSON
step "npm install the tarball (no flags: the optional pieces are optional peers, not installed)"
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$tarball" >/dev/null
# Issue 17: a default install stays within 300 MB of node_modules (357 MB with @tensorflow/tfjs).
size="$(du -sm node_modules | cut -f1)"
step "node_modules ${size} MB (limit 300), @tensorflow $(du -sm node_modules/@tensorflow | cut -f1) MB of it"
if [ "$size" -gt 300 ]; then du -sm node_modules/* node_modules/@*/* 2>/dev/null | sort -rn | head -15; echo "package-check: a default install takes ${size} MB of node_modules, over the 300 MB limit (largest above)"; exit 1; fi
step "npm install typescript, @types/node and vitest for the checks"
npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  "typescript@$(ver typescript)" "@types/node@$(ver @types/node)" "vitest@$(ver vitest)" >/dev/null

step "import from plain Node"
node -e "
  const m = await import('topiclens');
  const core = await import('topiclens/core');
  for (const f of ['run', 'createDefaultRegistry', 'loadConfig', 'runCli']) if (typeof m[f] !== 'function') throw new Error('topiclens lacks ' + f);
  if (typeof core.loadConfig !== 'function') throw new Error('topiclens/core lacks loadConfig');
  const registry = await m.createDefaultRegistry();
  if (!registry.names('attributor').includes('pdm')) throw new Error('built-in plugins not registered');
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  require.resolve('topiclens/schemas/experiment.schema.json');
  console.log('  topiclens ' + require('topiclens/package.json').version + ': ' + registry.list().length + ' plugins');
" --input-type=module

step "strict TypeScript consumer (skipLibCheck off)"
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "noEmit": true,
    "strict": true, "noUncheckedIndexedAccess": true, "exactOptionalPropertyTypes": true,
    "skipLibCheck": false
  },
  "files": ["consumer.ts"]
}
JSON
cat > consumer.ts <<'TS'
import { createDefaultRegistry, loadConfig, run, type PluginManifest, type RunResult } from 'topiclens';
import { TopiclensError } from 'topiclens/core';
import type { attributorContractSuite } from 'topiclens/testing';

const registry = await createDefaultRegistry();
const loaded = await loadConfig('quick', registry);
const encoder: string | undefined = loaded.config.encoder?.type;
const manifest: PluginManifest<'attributor'> = registry.get('attributor', 'pdm');
const go = (): Promise<RunResult> => run(undefined, { registry });
const suite: typeof attributorContractSuite | undefined = undefined;
console.log(manifest.name, loaded.config.seed, encoder, typeof go, suite, new TopiclensError('x').exitCode);
TS
# Any error, in topiclens' .d.ts, a library's or consumer.ts, fails the check (tfjs-layers, whose
# .d.ts did not pass strict, is no longer installed since issue 17).
node node_modules/typescript/bin/tsc -p . || { echo "package-check: the strict consumer does not type-check"; exit 1; }
echo "  ok"

step "the bin"
version="$(npx --no-install topiclens --version)"
[ "$version" = "$(node -p "require('$repo/package.json').version")" ] || { echo "package-check: topiclens --version printed '$version'"; exit 1; }
npx --no-install topiclens validate quick
echo '{ "extends": "quick", "train": { "epochs": 1 } }' > topiclens.config.json
npx --no-install topiclens validate --set train.epochs=2
npx --no-install topiclens doctor | sed -n '/optional pieces/,/tools/p'
step "examples/custom-attributor on its own, against the installed tarball"
cp -r "$repo/examples/custom-attributor" plugin && cd plugin
# Its package.json resolves (peer ranges included) with a plain npm install, no --legacy-peer-deps.
npm install --dry-run --prefer-offline --no-audit --no-fund --loglevel=error "$tarball" >/dev/null
../node_modules/.bin/tsc -p .
../node_modules/.bin/vitest run --reporter=dot
step "ok"
