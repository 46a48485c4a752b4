import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MANIFEST = 'manifest.json';

const manifestOf = (dir: string): { inputHash?: string; outputHash?: string } | undefined => {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
};

function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name === '.attempt.json' || name.endsWith('.tmp')) continue;
    const a = join(from, name);
    const b = join(to, name);
    if (statSync(a).isDirectory()) linkTree(a, b);
    else {
      try {
        linkSync(a, b); // same file system: no copy (stages replace their files, never write into them)
      } catch {
        copyFileSync(a, b);
      }
    }
  }
}

/**
 * Make `to` (a stage folder of one run) hold the finished stage `from` of another run with the
 * same plan key, so that the runner finds it up to date instead of computing it again. Files are
 * hard-linked where the file system allows, copied otherwise; the folder appears whole (built
 * beside it, then renamed). Returns false when `from` is not finished or `to` already has it.
 */
export function shareStage(from: string, to: string): boolean {
  const source = manifestOf(from);
  if (!source?.outputHash) return false;
  const current = manifestOf(to);
  if (current?.inputHash === source.inputHash && current?.outputHash === source.outputHash) return false;
  const tmp = join(dirname(to), `.share-${process.pid}-${Date.now()}`);
  rmSync(tmp, { recursive: true, force: true });
  linkTree(from, tmp);
  if (existsSync(to)) rmSync(to, { recursive: true, force: true });
  renameSync(tmp, to);
  return true;
}
