import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySets, loadConfig, parseSet, parseSetList } from '../../core/config/index.js';
import { splitTopLevel as split } from '../../core/config/set-path.js';
import { createDefaultRegistry } from '../../index.js';

describe('--set path=value', () => {
  it('parses values as JSON when they parse, as strings otherwise', () => {
    expect(parseSet('interpretiveLoss.options.lambda=0.3')).toEqual({
      path: ['interpretiveLoss', 'options', 'lambda'],
      value: 0.3,
      text: 'interpretiveLoss.options.lambda=0.3',
    });
    expect(parseSet('backend=wasm').value).toBe('wasm');
    expect(parseSet('train.validation={"beam":2}').value).toEqual({ beam: 2 });
    expect(parseSet('a=x=y').value).toBe('x=y');
    expect(() => parseSet('lambda')).toThrowError('--set "lambda": expected path=value');
    expect(() => parseSet('a..b=1')).toThrowError('has an empty segment');
  });

  it('splits a list at top-level commas only', () => {
    expect(split('0,0.1,[1,2],{"a":1,"b":2},"x,y"')).toEqual(['0', '0.1', '[1,2]', '{"a":1,"b":2}', '"x,y"']);
    expect(parseSetList('seed=1,2,3').map((o) => o.value)).toEqual([1, 2, 3]);
    expect(parseSetList('x=[1,2],[3]').map((o) => o.text)).toEqual(['x=[1,2]', 'x=[3]']);
    expect(() => parseSetList('seed=1,,2')).toThrowError('an empty value in the list');
    expect(() => parseSetList('seed=1,1')).toThrowError('the value 1 is listed twice');
  });

  it('sets deep paths without touching the input, creating objects and indexing arrays', () => {
    const base = { a: { b: 1, c: [10, 20] }, d: 'x' };
    const out = applySets(base, [parseSet('a.b=2'), parseSet('a.c.1=21'), parseSet('e.f=true')]);
    expect(out).toEqual({ a: { b: 2, c: [10, 21] }, d: 'x', e: { f: true } });
    expect(base).toEqual({ a: { b: 1, c: [10, 20] }, d: 'x' });
    expect(() => applySets(base, [parseSet('d.e=1')])).toThrowError('--set d.e=1: d is "x", not an object, so it has no "e".');
    expect(() => applySets(base, [parseSet('a.c.5=1')])).toThrowError('a.c is a list of 2; "5" is not an index 0..2.');
  });

  it('applies before validation, and a bad value names --set as where it came from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-set-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ extends: 'quick', name: 'c' }));
    const registry = await createDefaultRegistry();
    const loaded = await loadConfig(file, registry, { set: [parseSet('seed=7'), parseSet('interpretiveLoss.options.lambda=0.25')] });
    expect(loaded.config.seed).toBe(7);
    expect((loaded.config.interpretiveLoss!.options as { lambda: number }).lambda).toBe(0.25);
    await expect(loadConfig(file, registry, { set: [parseSet('seed="seven"')] })).rejects.toThrowError(/--set seed="seven"/);
  });
});
