import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** features/ of a run as downstream stages and the runner see it: its files, their bytes and the manifest's hashes (not when or how long). */
export function featuresFolder(runDir: string) {
  const dir = join(runDir, 'features');
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  return {
    files: readdirSync(dir).sort(),
    f32: readFileSync(join(dir, 'features.f32')).toString('base64'),
    index: readFileSync(join(dir, 'index.json'), 'utf8'),
    manifest: { stage: m.stage, version: m.version, inputHash: m.inputHash, outputHash: m.outputHash, files: m.files },
  };
}
