import { createRequire } from 'node:module';

/** topiclens' own version, from its package.json (found through the package's self-reference, in a checkout and installed alike). */
export const topiclensVersion = (): string => (createRequire(import.meta.url)('topiclens/package.json') as { version: string }).version;
