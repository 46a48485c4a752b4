import 'reflect-metadata';

export * from './contracts/index.js';
export * from './errors.js';
export * from './logger.js';
export * from './plugin/manifest.js';
export * from './plugin/registry.js';
export * from './plugin/load-module.js';
export * from './config/types.js';
export { ptbTokenize } from './text/ptb-tokenize.js';
