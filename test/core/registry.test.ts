import { describe, expect, it } from 'vitest';
import { PluginRegistry, TopiclensError, defineStage } from '../../core/index.js';
import { closest, editDistance } from '../../core/suggest.js';
import { fixtureDecoder, fixtureMetric } from '../fixtures/test-plugins.js';

const stage = (name: string, after: string[] = []) =>
  defineStage({ name, version: '1', description: name, after, configKeys: [], run: async () => {} });

describe('PluginRegistry', () => {
  it('rejects two plugins with the same extension point and name, naming both modules', () => {
    const r = new PluginRegistry();
    r.register(fixtureMetric, 'module-a');
    expect(() => r.register({ ...fixtureMetric, version: '9' }, 'module-b')).toThrowError(
      /"fixture-metric": one from module-a, one from module-b/,
    );
  });

  it('allows the same name on different extension points', () => {
    const r = new PluginRegistry();
    r.register(fixtureDecoder, 'a');
    r.register({ ...fixtureMetric, name: 'attention-lstm' }, 'b');
    expect(r.names('decoder')).toEqual(['attention-lstm']);
    expect(r.names('metric')).toEqual(['attention-lstm']);
  });

  it('explains an unknown name: the available names and the closest one', () => {
    const r = new PluginRegistry();
    r.register(fixtureDecoder, 'a');
    r.register({ ...fixtureDecoder, name: 'mlp-classifier' }, 'a');
    let err: unknown;
    try {
      r.get('decoder', 'atention-lstm');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TopiclensError);
    expect((err as TopiclensError).message).toBe(
      'unknown decoder plugin "atention-lstm"; did you mean "attention-lstm"? Available: attention-lstm, mlp-classifier',
    );
    expect((err as TopiclensError).exitCode).toBe(2);
  });

  it('gives no suggestion when nothing is close', () => {
    const r = new PluginRegistry();
    r.register(fixtureDecoder, 'a');
    expect(r.unknownMessage('decoder', 'transformer')).toBe('unknown decoder plugin "transformer" Available: attention-lstm');
  });

  it('orders stages by their dependencies and reports cycles and missing ones', () => {
    const r = new PluginRegistry();
    r.register(stage('report', ['evaluate', 'train']), 'x');
    r.register(stage('train', ['features']), 'x');
    r.register(stage('features'), 'x');
    r.register(stage('evaluate', ['train']), 'x');
    expect(r.stages().map((s) => s.name)).toEqual(['features', 'train', 'evaluate', 'report']);

    const soft = new PluginRegistry();
    soft.register(
      defineStage({
        name: 'report',
        version: '1',
        description: '',
        after: [],
        optionalAfter: ['attribute', 'train'],
        configKeys: [],
        run: async () => {},
      }),
      'x',
    );
    soft.register(stage('train'), 'x');
    expect(soft.stages().map((s) => s.name)).toEqual(['train', 'report']);

    const cyc = new PluginRegistry();
    cyc.register(stage('a', ['b']), 'x');
    cyc.register(stage('b', ['a']), 'x');
    expect(() => cyc.stages()).toThrowError('Stages depend on each other in a cycle: a → b → a');

    const missing = new PluginRegistry();
    missing.register(stage('a', ['ghost']), 'x');
    expect(() => missing.stages()).toThrowError('Stage "a" runs after "ghost", but no stage "ghost" is registered.');
  });

  it('breaks ties by `order`, whatever the registration order, and runs stages without one last', () => {
    const ordered = (o: number, s: ReturnType<typeof stage>) => ({ ...s, order: o });
    const r = new PluginRegistry();
    r.register(stage('extra'), 'third-party');
    r.register(ordered(3, stage('report')), 'x');
    r.register(ordered(2, stage('features')), 'x');
    r.register(ordered(1, stage('topics')), 'x');
    r.register(stage('late', ['topics']), 'third-party');
    expect(r.stages().map((s) => s.name)).toEqual(['topics', 'features', 'report', 'extra', 'late']);

    // a dependency still comes first, whatever its order
    const dep = new PluginRegistry();
    dep.register(ordered(1, stage('train', ['features'])), 'x');
    dep.register(ordered(5, stage('features')), 'x');
    expect(dep.stages().map((s) => s.name)).toEqual(['features', 'train']);
  });
});

describe('suggestions', () => {
  it('computes edit distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('pdm', 'pdm')).toBe(0);
  });
  it('suggests only plausible typos', () => {
    expect(closest('warplad', ['gibbs', 'warplda'])).toBe('warplda');
    expect(closest('zzzzzz', ['gibbs', 'warplda'])).toBeUndefined();
  });
});
