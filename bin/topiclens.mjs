#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../core/cli/main.ts');
const code = await runCli(process.argv.slice(2), { modules: [new URL('../plugins/index.ts', import.meta.url)] });
process.exitCode = code;
