import type * as tfType from '@tensorflow/tfjs-core';
import type { FeatureMatrix, VideoRecord } from '../../../core/contracts/dataset.js';
import type { FeatureExtractor } from '../../../core/contracts/feature-extractor.js';
import { TopiclensError } from '../../../core/errors.js';
import { extractVideo } from '../googlenet/extract-video.js';
import type { GooglenetOptions } from '../googlenet/options.js';
import { readConverted } from './load.js';
import { TfjsGraph } from './run-graph.js';

export type GooglenetTfjsOptions = Omit<GooglenetOptions, 'threads' | 'executionProviders' | 'outputName' | 'inputName'>;

/** GoogLeNet pool5/7x7_s1 on TensorFlow.js, from a `topiclens convert` folder (`dir` absolute). */
export class TfjsGooglenetExtractor implements FeatureExtractor {
  dim = 0;
  private graph?: TfjsGraph;
  private initializing?: Promise<void>;

  constructor(
    private readonly tf: typeof tfType,
    private readonly dir: string,
    private readonly opts: GooglenetTfjsOptions,
  ) {}

  init(): Promise<void> {
    this.initializing ??= (async () => {
      const { model, weights } = await readConverted(this.dir);
      if (model.input.size !== undefined && model.input.size !== this.opts.crop) {
        throw new TopiclensError(
          `${this.dir} takes ${model.input.size}×${model.input.size} images, but the option "crop" is ${this.opts.crop}.`,
          2,
        );
      }
      this.graph = TfjsGraph.fromArrays(this.tf, model, weights);
      this.dim = this.graph.predict(new Float32Array(3 * this.opts.crop ** 2), 1, this.opts.crop, this.opts.crop).length;
    })();
    return this.initializing;
  }

  async extract(video: VideoRecord): Promise<FeatureMatrix> {
    await this.init();
    const crop = this.opts.crop;
    return extractVideo(video, this.opts, this.dim, (input, b) => this.graph!.predict(input, b, crop, crop));
  }

  dispose(): void {
    this.graph?.dispose();
    this.graph = undefined;
    this.initializing = undefined;
  }
}
