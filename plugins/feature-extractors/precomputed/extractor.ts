import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureMatrix, VideoRecord } from '../../../core/contracts/dataset.js';
import type { FeatureExtractor } from '../../../core/contracts/feature-extractor.js';
import { TopiclensError } from '../../../core/errors.js';
import { readFeatureNpy } from '../../datasets/shared/npy.js';

export interface PrecomputedOptions {
  dir: string;
  pattern: string;
  dim?: number;
  frames?: number;
}

/** Features read from one `.npy` per video (`dir` absolute), shape-checked. */
export class PrecomputedExtractor implements FeatureExtractor {
  dim: number;

  constructor(private readonly opts: PrecomputedOptions) {
    this.dim = opts.dim ?? 0;
  }

  fileOf(id: string): string {
    return join(this.opts.dir, this.opts.pattern.replaceAll('{id}', id));
  }

  /** Without a configured `dim`, learn it from the first matching file of the folder. */
  async init(): Promise<void> {
    if (this.dim) return;
    let names: string[];
    try {
      names = (await readdir(this.opts.dir)).sort();
    } catch (err) {
      throw new TopiclensError(
        `Cannot read the features folder ${this.opts.dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Check the option "dir".`,
        2,
      );
    }
    const [before, after] = this.opts.pattern.split('{id}') as [string, string];
    const first = names.find((n) => n.startsWith(before) && n.endsWith(after) && n.length > before.length + after.length);
    if (!first) throw new TopiclensError(`The features folder ${this.opts.dir} holds no file named like "${this.opts.pattern}".`, 2);
    this.dim = (await readFeatureNpy(join(this.opts.dir, first))).dim;
  }

  async extract(video: VideoRecord): Promise<FeatureMatrix> {
    const file = this.fileOf(video.id);
    let m: FeatureMatrix;
    try {
      m = await readFeatureNpy(file);
    } catch (err) {
      throw new TopiclensError(`Video "${video.id}": ${(err as Error).message}`);
    }
    if (this.dim && m.dim !== this.dim) {
      throw new TopiclensError(
        `Video "${video.id}": ${file} has ${m.dim} features per frame (shape [${m.frames}, ${m.dim}]), expected ${this.dim}.`,
      );
    }
    if (this.opts.frames !== undefined && m.frames !== this.opts.frames) {
      throw new TopiclensError(
        `Video "${video.id}": ${file} has ${m.frames} frames (shape [${m.frames}, ${m.dim}]), expected ${this.opts.frames} (option "frames").`,
      );
    }
    if (m.frames < 1) throw new TopiclensError(`Video "${video.id}": ${file} has no frames (shape [${m.frames}, ${m.dim}]).`);
    this.dim ||= m.dim;
    return m;
  }
}
