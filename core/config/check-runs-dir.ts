import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Why `runsDir` cannot hold this run's folder, or undefined when it can: it (or the run folder in
 * it) must be a folder or creatable as one, in a writable place.
 */
export function runsDirProblem(runsDir: string, configDir: string, name: string): string | undefined {
  const target = resolve(configDir, runsDir);
  const run = join(target, name);
  if (existsSync(run) && !statSync(run).isDirectory())
    return `the run folder ${run} is a file; move it away or choose another "name" or "runsDir"`;
  let existing = target;
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  if (!statSync(existing).isDirectory()) {
    return existing === target
      ? `${target} is a file, not a folder; "runsDir" must name a folder (created when missing)`
      : `${target} cannot be created: ${existing} is a file`;
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    return `${existing} is not writable, so run folders cannot be made in ${target}; choose another "runsDir"`;
  }
  return undefined;
}
