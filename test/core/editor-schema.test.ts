import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ajv } from '../../core/config/ajv.js';
import { coreEditorSchema } from '../../core/config/combined-schema.js';
import { combinedSchema, loadConfig, PRESETS_DIR } from '../../core/index.js';
import { createDefaultRegistry } from '../../index.js';

const registry = await createDefaultRegistry();
const checkedIn = JSON.parse(readFileSync(new URL('../../schemas/experiment.schema.json', import.meta.url), 'utf8'));
const { $schema: _s, $id: _i, ...core } = checkedIn;
const { $schema: _s2, $id: _i2, ...full } = combinedSchema(registry) as Record<string, unknown>;
const editors = { 'schemas/experiment.schema.json': ajv().compile(core), 'topiclens schema': ajv().compile(full) };

const dir = mkdtempSync(join(tmpdir(), 'topiclens-editor-schema-'));
const file = (name: string, config: object): string => {
  writeFileSync(join(dir, name), JSON.stringify(config));
  return join(dir, name);
};
const validates = async (path: string): Promise<boolean> =>
  loadConfig(path, registry).then(
    () => true,
    () => false,
  );

// Partial configs `validate` accepts: what the README shows, a slot override without its type,
// options left to the plugin's defaults, a null that removes a preset's key.
const accepted: Record<string, object> = {
  readme: {
    $schema: './node_modules/topiclens/schemas/experiment.schema.json',
    extends: 'lstm-i',
    name: 'lstm-i-lambda-0.3',
    seed: 7,
    interpretiveLoss: { type: 'l2', options: { lambda: 0.3 } },
  },
  typelessOverride: { extends: 'quick', encoder: { options: { units: 8 } }, train: { epochs: 2 } },
  optionDefaults: { encoder: { type: 'bilstm', options: { units: 8 } } },
  nullRemoves: { extends: 'quick', description: null },
};
// Configs `validate` rejects and the editor schema flags too.
const rejected: Record<string, object> = {
  wrongType: { extends: 'quick', encoder: { type: 'bilstm', options: { units: 'many' } } },
  typelessWithoutExtends: { encoder: { options: { units: 8 } } },
  unknownKey: { extends: 'quick', trian: { epochs: 2 } },
  unknownPlugin: { extends: 'quick', encoder: { type: 'bilstmm' } },
};

describe('editor schema', () => {
  it('schemas/experiment.schema.json is the core schema in its editor form (regenerate: topiclens schema --core --out schemas/experiment.schema.json)', () => {
    expect(checkedIn).toEqual(coreEditorSchema());
    expect(checkedIn.required).toBeUndefined();
  });

  it('accepts every preset (each one a partial config that extends another)', async () => {
    const presets = readdirSync(PRESETS_DIR).filter((f) => f.endsWith('.json'));
    expect(presets.length).toBeGreaterThanOrEqual(11);
    for (const p of presets) {
      const path = join(PRESETS_DIR, p);
      expect(await validates(path), p).toBe(true);
      const json = JSON.parse(readFileSync(path, 'utf8'));
      for (const [name, check] of Object.entries(editors))
        expect(check(json), `${name} on ${p}: ${JSON.stringify(check.errors)}`).toBe(true);
    }
  });

  it('accepts the partial configs validate accepts', async () => {
    for (const [name, config] of Object.entries(accepted)) {
      expect(await validates(file(`${name}.json`, config)), name).toBe(true);
      for (const [schema, check] of Object.entries(editors))
        expect(check(config), `${schema} on ${name}: ${JSON.stringify(check.errors)}`).toBe(true);
    }
  });

  it('still flags what validate rejects (topiclens schema: all four; the plugin-free one, which knows no stage sections: a slot without type)', async () => {
    for (const [name, config] of Object.entries(rejected)) {
      expect(await validates(file(`${name}.json`, config)), name).toBe(false);
      expect(editors['topiclens schema'](config), name).toBe(false);
    }
    expect(editors['schemas/experiment.schema.json'](rejected.typelessWithoutExtends)).toBe(false);
  });
});
