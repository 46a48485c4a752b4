import 'reflect-metadata';

export * from './contracts/index.js';
export * from './errors.js';
export * from './logger.js';
export * from './plugin/manifest.js';
export * from './plugin/registry.js';
export * from './plugin/load-module.js';
export * from './plugin/create-registry.js';
export * from './config/index.js';
export * from './container/create-run-container.js';
export * from './backend/select-backend.js';
export * from './runner/atomic.js';
export * from './runner/hash.js';
export * from './runner/lock.js';
export * from './runner/run-logger.js';
export * from './runner/run-experiment.js';
export { runCli, CORE_COMMANDS } from './cli/main.js';
export { ptbTokenize } from './text/ptb-tokenize.js';
