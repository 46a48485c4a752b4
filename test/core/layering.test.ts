import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  importEdges,
  importSpecifiers,
  LAYER_RULES,
  layeringViolations,
  runtimeImportersOf,
  testOnlyModules,
} from '../support/layering.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('layering (ARCHITECTURE.md)', () => {
  it('reads static imports, re-exports, type imports and literal dynamic imports', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c/index.js';",
      "export * from './d.js';",
      "import './side-effect.js';",
      "const e = await import('./e.js');",
      "import {\n  f,\n  g,\n} from './fg.js';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a.js', '../b.js', './c/index.js', './d.js', './side-effect.js', './e.js', './fg.js']);
  });

  it('finds each kind of violation in a constructed import graph, and passes the allowed edges', () => {
    const edges = [
      { from: 'core/runner/run.ts', to: 'plugins/stages/train/stage.js' },
      { from: 'core/runner/run.test.ts', to: 'plugins/index.js' },
      { from: 'plugins/encoders/bilstm/plugin.ts', to: 'plugins/stages/attribute/read-attribute.js' },
      { from: 'plugins/training/train.ts', to: 'plugins/report/build.js' },
      { from: 'plugins/report/build.ts', to: 'test/support/report/fixture-run.js' },
      { from: 'plugins/metrics/bleu.ts', to: 'plugins/refiners/testing/session.js' },
      // allowed
      { from: 'plugins/stages/train/stage.ts', to: 'plugins/training/train.js' },
      { from: 'plugins/report/build.ts', to: 'plugins/stages/attribute/read-attribute.js' },
      { from: 'plugins/encoders/bilstm/plugin.test.ts', to: 'plugins/stages/train/stage.js' },
      { from: 'plugins/encoders/bilstm/plugin.ts', to: 'core/contracts/encoder.js' },
      { from: 'core/runner/run.ts', to: 'core/errors.js' },
    ];
    expect(layeringViolations(edges, LAYER_RULES)).toEqual([
      'core is the framework only: core/runner/run.ts -> plugins/stages/train/stage.js',
      "core's tests test core: core/runner/run.ts -> plugins/stages/train/stage.js",
      "core's tests test core: core/runner/run.test.ts -> plugins/index.js",
      'extension-point plugins import no stage or application: plugins/encoders/bilstm/plugin.ts -> plugins/stages/attribute/read-attribute.js',
      'shared libraries import no stage or application: plugins/training/train.ts -> plugins/report/build.js',
      'production code imports no tests: plugins/report/build.ts -> test/support/report/fixture-run.js',
      'production code imports no tests: plugins/metrics/bleu.ts -> plugins/refiners/testing/session.js',
    ]);
  });

  it('holds for the repository', () => {
    const edges = importEdges(repo, ['core', 'plugins']);
    expect(edges.length).toBeGreaterThan(1500);
    expect(edges.some((e) => e.from.startsWith('plugins/stages/') && e.to.startsWith('plugins/training/'))).toBe(true);
    expect(layeringViolations(edges, LAYER_RULES)).toEqual([]);
  });

  it('finds a module of a production room that only tests import', () => {
    const edges = [
      { from: 'plugins/report/report.test.ts', to: 'plugins/report/fixture-run.js' },
      { from: 'test/pipeline/run.test.ts', to: 'plugins/report/fixture-run.js' },
      // allowed: also imported by production code, by bench, or already in a testing/ folder
      { from: 'plugins/report/report.test.ts', to: 'plugins/report/build.js' },
      { from: 'plugins/report/index.ts', to: 'plugins/report/build.js' },
      { from: 'plugins/topic-models/lda/quality.test.ts', to: 'plugins/topic-models/lda/quality.js' },
      { from: 'bench/lda.ts', to: 'plugins/topic-models/lda/quality.js' },
      { from: 'core/tensor/ops.test.ts', to: 'core/tensor/testing/use-backend.js' },
    ];
    expect(testOnlyModules(edges)).toEqual([
      'plugins/report/fixture-run.ts is imported only by tests (plugins/report/report.test.ts, test/pipeline/run.test.ts): move it to a testing/ folder or test/support/',
    ]);
  });

  it('keeps test scaffolding out of production rooms', () => {
    // the package's entry points count as production importers
    const edges = importEdges(repo, ['index.ts', 'testing.ts', 'core', 'plugins', 'test', 'bench', 'examples', 'scripts']);
    expect(edges.some((e) => e.from === 'index.ts' && e.to === 'core/index.js')).toBe(true);
    expect(testOnlyModules(edges)).toEqual([]);
  });

  it('loads the Reflect polyfill and tsyringe in one module (no decorators are used)', () => {
    const roots = ['core', 'plugins', 'test', 'bench', 'examples'];
    expect(runtimeImportersOf(repo, roots, 'reflect-metadata')).toEqual(['core/container/root-container.ts']);
    expect(runtimeImportersOf(repo, roots, 'tsyringe')).toEqual(['core/container/root-container.ts']);
  });
});
