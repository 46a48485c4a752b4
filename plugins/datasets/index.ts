import type { AnyManifest } from '../../core/plugin/manifest.js';
import { dataCommand } from './describe/data-command.js';
import { msvdPlugin } from './msvd/plugin.js';
import { syntheticClipsPlugin } from './synthetic-clips/plugin.js';
import { ucf11Plugin } from './ucf11/plugin.js';

export { describeDataset, formatDescription, type DatasetDescription } from './describe/describe.js';
export { readFeatureNpy, writeFeatureNpy, decodeNpy, encodeNpy } from './shared/npy.js';
export { parseCsv } from './shared/csv.js';
export { syntheticClipsPlugin, msvdPlugin, ucf11Plugin, dataCommand };

/** Data set plugins (synthetic-clips, msvd, ucf11) and the `data` command. */
const datasets: AnyManifest[] = [syntheticClipsPlugin, msvdPlugin, ucf11Plugin, dataCommand];

export default datasets;
