import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TopiclensError } from '../../core/errors.js';
import { scriptSource } from './escape.js';

/** The browser bundles inlined into the report (UMD builds: they set globals vega, vegaLite, vegaEmbed). */
export interface ChartLibrary {
  scripts: { name: string; version: string; source: string }[];
}

let cached: ChartLibrary | undefined;

/** Read the Vega, Vega-Lite and vega-embed browser bundles from node_modules (once per process). */
export function chartLibrary(): ChartLibrary {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  // The packages' `exports` hide build/*.min.js; resolve a file they do export and look beside it.
  const bundles: [string, string, string][] = [
    ['vega', 'vega/vega-schema.json', 'vega.min.js'],
    ['vega-lite', 'vega-lite/vega-lite-schema.json', 'vega-lite.min.js'],
    ['vega-embed', 'vega-embed', 'vega-embed.min.js'],
  ];
  const scripts = bundles.map(([name, anchor, file]) => {
    let path: string;
    try {
      path = join(dirname(require.resolve(anchor)), file);
    } catch (e) {
      throw new TopiclensError(
        `The report needs the npm package "${name}" (${(e as Error).message}). Run \`npm install\` in the topiclens folder.`,
      );
    }
    if (!existsSync(path))
      throw new TopiclensError(
        `The report needs ${path} (the browser bundle of "${name}"), which is missing. Reinstall it: \`npm install ${name}\`.`,
      );
    const pkg = JSON.parse(readFileSync(join(dirname(path), '..', 'package.json'), 'utf8')) as { version?: string };
    return { name, version: pkg.version ?? '?', source: scriptSource(readFileSync(path, 'utf8')) };
  });
  cached = { scripts };
  return cached;
}
