import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../../core/plugin/registry.js';
import { builtinStages } from './index.js';

const RUN_ORDER = ['topics', 'features', 'train', 'evaluate', 'attribute', 'transfer', 'report'];

describe('the built-in stage list', () => {
  it('gives the run order by declaration, not by which module registered a stage first', () => {
    for (const list of [builtinStages, [...builtinStages].reverse()]) {
      const registry = new PluginRegistry();
      for (const stage of list) registry.register(stage, 'builtin');
      expect(registry.stages().map((s) => s.name)).toEqual(RUN_ORDER);
    }
  });
});
