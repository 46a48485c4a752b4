import { cosmiconfig } from 'cosmiconfig';
import { SEARCH_PLACES } from './load-config.js';

/** The config file cosmiconfig finds from `cwd` upwards (as `topiclens run` with no path would), or undefined. */
export async function findConfigFile(cwd: string): Promise<string | undefined> {
  const found = await cosmiconfig('topiclens', { searchPlaces: SEARCH_PLACES, cache: false, searchStrategy: 'project' }).search(cwd);
  return found?.filepath;
}
