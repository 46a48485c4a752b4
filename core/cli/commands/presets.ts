import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESETS_DIR } from '../../config/index.js';
import { defineCommand } from '../../plugin/manifest.js';

export function listPresets(dir = PRESETS_DIR): { name: string; description: string; extends?: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const cfg = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { description?: string; extends?: string };
      return { name: f.replace(/\.json$/, ''), description: cfg.description ?? '', extends: cfg.extends };
    });
}

export const presetsCommand = defineCommand({
  name: 'presets',
  summary: 'List the presets a config can extend',
  usage: `Usage: topiclens presets [--json]

Presets are configs shipped in presets/; a config starts from one with "extends": "<name>".`,
  flags: { json: { type: 'boolean' } },
  async run({ values }, ctx) {
    const presets = listPresets();
    if (values.json) ctx.stdout(JSON.stringify(presets, null, 2));
    else ctx.stdout(presets.map((p) => `${p.name.padEnd(18)} ${p.extends ? `(extends ${p.extends}) ` : ''}${p.description}`).join('\n'));
    return 0;
  },
});
