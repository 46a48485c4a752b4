import type { AnyManifest } from '../../core/plugin/manifest.js';
import { makeStudioCommand } from './command.js';

export { startStudio, type StudioServer } from './server.js';
export { makeStudioCommand };

/** The `topiclens studio` command. */
const studio: AnyManifest[] = [makeStudioCommand()];
export default studio;
