import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One relative import of a source file, both sides as repository-relative paths with `/`. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** A layering rule: files matching `files` (and not tests, unless `includeTests`) must not import `forbidden`. */
export interface LayerRule {
  name: string;
  files: RegExp;
  forbidden: RegExp;
  includeTests?: boolean;
}

/** Tests and test scaffolding: free to import across rooms. */
export const isTestFile = (path: string): boolean => /\.test\.ts$/.test(path) || /(^|\/)testing\//.test(path);

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The import specifiers of a TypeScript source (static imports and re-exports, dynamic imports with a literal). */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string);
}

const posix = (p: string): string => p.split(sep).join('/');

/** The .ts sources (no .d.ts) under `roots`, folders or single files of `repo`, as absolute paths. */
function sourceFiles(repo: string, roots: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const root of roots) {
    const path = join(repo, root);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
  return files;
}

/** Every relative import of the .ts files under `roots` (folders or files of `repo`), resolved against the importing file. */
export function importEdges(repo: string, roots: readonly string[]): ImportEdge[] {
  const files = sourceFiles(repo, roots);
  return files.flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => ({ from: posix(relative(repo, file)), to: posix(relative(repo, resolve(dirname(file), s))) })),
  );
}

/** Tests, test scaffolding and test/: who may use a module without making it production code. */
const isTestSide = (path: string): boolean => isTestFile(path) || /^test\//.test(path);

/**
 * Modules of `core/` or `plugins/` outside a `testing/` folder that only tests import (test
 * scaffolding in a production room). `to` of an edge names the `.js` specifier; `.ts` is its source.
 */
export function testOnlyModules(edges: readonly ImportEdge[]): string[] {
  const importers = new Map<string, string[]>();
  for (const e of edges) {
    const target = e.to.replace(/\.js$/, '.ts');
    importers.set(target, [...(importers.get(target) ?? []), e.from]);
  }
  return [...importers]
    .filter(([module, from]) => /^(core|plugins)\//.test(module) && !isTestSide(module) && from.every(isTestSide))
    .map(([module, from]) => `${module} is imported only by tests (${from.join(', ')}): move it to a testing/ folder or test/support/`)
    .sort();
}

/** The edges that break a rule, as `rule: from -> to` lines. */
export function layeringViolations(edges: readonly ImportEdge[], rules: readonly LayerRule[]): string[] {
  return rules.flatMap((rule) =>
    edges
      .filter((e) => rule.files.test(e.from) && (rule.includeTests || !isTestFile(e.from)) && rule.forbidden.test(e.to))
      .map((e) => `${rule.name}: ${e.from} -> ${e.to}`),
  );
}

/** Extension-point plugins, grouped by point (each folder implements one contract of core/contracts). */
const EXTENSION_POINTS = [
  'attributors',
  'datasets',
  'decoders',
  'encoders',
  'feature-extractors',
  'interpretive-losses',
  'metrics',
  'topic-models',
  'refiners/eq10',
];
/** Shared libraries used by stages and applications. */
const LIBRARIES = ['training', 'interpretability'];
/** Stages and applications: what runs the pipeline and what people use. */
const STAGES_AND_APPLICATIONS = [
  'stages',
  'report',
  'reproduce',
  'studio',
  'sweep',
  'weights',
  'refiners/session',
  'refiners/commands',
  'refiners/protocol',
  'refiners/lineage',
  'index.ts',
];

const under = (folders: readonly string[]): RegExp =>
  new RegExp(`^plugins/(${folders.map((f) => f.replace(/[.]/g, '\\.')).join('|')})(/|$)`);

/** The rules of ARCHITECTURE.md. */
export const LAYER_RULES: readonly LayerRule[] = [
  { name: 'core is the framework only', files: /^core\//, forbidden: /^(plugins|presets|examples|bench|test)(\/|$)/ },
  { name: "core's tests test core", files: /^core\//, forbidden: /^plugins(\/|$)/, includeTests: true },
  {
    name: 'extension-point plugins import no stage or application',
    files: under(EXTENSION_POINTS),
    forbidden: under(STAGES_AND_APPLICATIONS),
  },
  { name: 'shared libraries import no stage or application', files: under(LIBRARIES), forbidden: under(STAGES_AND_APPLICATIONS) },
  {
    name: 'production code imports no tests',
    files: /^(core|plugins)\//,
    forbidden: /^(test|bench|examples)(\/|$)|(^|\/)testing(\/|$)|\.test(\.js|\.ts)?$/,
  },
];

/** Files under `roots` with a runtime (not `import type`) import of package `name`. */
export function runtimeImportersOf(repo: string, roots: readonly string[], name: string): string[] {
  const quoted = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const runtime = new RegExp(`(?:^|[\\s;])(?:import|export)\\s+(?!type\\s)(?:[^'";]*?\\sfrom\\s*)?['"]${quoted}['"]`);
  const files = sourceFiles(repo, roots)
    .filter((path) => runtime.test(readFileSync(path, 'utf8')))
    .map((path) => posix(relative(repo, path)));
  return files.sort();
}
