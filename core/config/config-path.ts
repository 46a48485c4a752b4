import { isAbsolute, resolve } from 'node:path';

/**
 * A path from a config as the config means it: absolute as written, relative against the
 * config file's folder (`ctx.configDir`), so a preset works from any working directory.
 */
export function configPath(configDir: string, path: string): string;
export function configPath(configDir: string, path: string | undefined): string | undefined;
export function configPath(configDir: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return isAbsolute(path) ? path : resolve(configDir, path);
}
