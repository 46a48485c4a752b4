#!/usr/bin/env node
// `npm run bench -- <name> [args]` runs bench/<name>.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('../bench/', import.meta.url));
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [args]\nbenchmarks: ${available.join(', ') || '(none)'}`);
  process.exit(name ? 2 : 0);
}
const file = `${benchDir}${name}.ts`;
if (!existsSync(file)) process.exit(2);
const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
