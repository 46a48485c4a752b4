import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TopiclensError } from '../../core/errors.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export interface Asset {
  type: string;
  body: Buffer;
}

/**
 * A package's browser bundle (UMD: sets the globals vega, vegaLite, vegaEmbed). The packages'
 * `exports` hide build/*.min.js, so resolve a file they export that sits in build/ and look beside it.
 */
const ANCHORS: Record<string, string> = {
  vega: 'vega/vega-schema.json',
  'vega-lite': 'vega-lite/vega-lite-schema.json',
  'vega-embed': 'vega-embed',
};
const bundle = (pkg: string, file: string): Buffer => {
  try {
    return readFileSync(join(dirname(require.resolve(ANCHORS[pkg]!)), file));
  } catch (e) {
    throw new TopiclensError(
      `The studio needs the browser bundle ${file} of the npm package "${pkg}" (${(e as Error).message}). Run \`npm install\` in the topiclens folder.`,
    );
  }
};

let cache: Map<string, Asset> | null = null;

/** The only files the studio serves besides its JSON API: a fixed list, read once. */
export function studioAssets(): Map<string, Asset> {
  if (cache) return cache;
  const js = 'text/javascript; charset=utf-8';
  cache = new Map<string, Asset>([
    ['/', { type: 'text/html; charset=utf-8', body: readFileSync(join(here, 'assets', 'index.html')) }],
    ['/static/app.js', { type: js, body: readFileSync(join(here, 'assets', 'app.js')) }],
    ['/static/studio.css', { type: 'text/css; charset=utf-8', body: readFileSync(join(here, 'assets', 'studio.css')) }],
    ['/static/vega.min.js', { type: js, body: bundle('vega', 'vega.min.js') }],
    ['/static/vega-lite.min.js', { type: js, body: bundle('vega-lite', 'vega-lite.min.js') }],
    ['/static/vega-embed.min.js', { type: js, body: bundle('vega-embed', 'vega-embed.min.js') }],
  ]);
  return cache;
}
