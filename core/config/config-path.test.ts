import { describe, expect, it } from 'vitest';
import { configPath } from './config-path.js';

describe('configPath', () => {
  it('resolves a relative path against the config folder and keeps an absolute one as written', () => {
    expect(configPath('/cfg/presets', 'data/msvd.csv')).toBe('/cfg/presets/data/msvd.csv');
    expect(configPath('/cfg/presets', '../models/googlenet')).toBe('/cfg/models/googlenet');
    expect(configPath('/cfg/presets', '/srv/features/')).toBe('/srv/features/');
    expect(configPath('/cfg/presets', undefined)).toBeUndefined();
  });
});
