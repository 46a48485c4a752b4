import { availableParallelism } from 'node:os';
import type * as Ort from 'onnxruntime-node';
import type { FeatureMatrix, VideoRecord } from '../../../core/contracts/dataset.js';
import type { FeatureExtractor } from '../../../core/contracts/feature-extractor.js';
import { TopiclensError } from '../../../core/errors.js';
import { importOptional } from '../../../core/optional-dependency.js';
import { extractVideo } from './extract-video.js';
import { encodeModel } from '../shared/onnx/model.js';
import { prepareGooglenet, readOnnx, type PreparedGooglenet } from './load-onnx.js';
import type { GooglenetOptions } from './options.js';

/** GoogLeNet pool5/7x7_s1 features on ONNX Runtime (CPU). `modelPath` is absolute. */
export class OnnxGooglenetExtractor implements FeatureExtractor {
  dim = 0;
  private session?: Ort.InferenceSession;
  private ort?: typeof Ort;
  private prepared?: PreparedGooglenet;
  private initializing?: Promise<void>;

  constructor(
    private readonly modelPath: string,
    private readonly opts: GooglenetOptions,
  ) {}

  init(): Promise<void> {
    this.initializing ??= this.load();
    return this.initializing;
  }

  private async load(): Promise<void> {
    this.prepared = prepareGooglenet(await readOnnx(this.modelPath), this.modelPath, this.opts);
    if (this.prepared.inputSize !== undefined && this.prepared.inputSize !== this.opts.crop) {
      throw new TopiclensError(`${this.modelPath} takes ${this.prepared.inputSize}×${this.prepared.inputSize} images, but the option "crop" is ${this.opts.crop}.`, 2);
    }
    this.ort = (await importOptional('onnxruntime-node', `The googlenet feature extractor (${this.modelPath})`, () => import('onnxruntime-node'))) as typeof Ort;
    try {
      this.session = await this.ort.InferenceSession.create(encodeModel(this.prepared.model), {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: this.opts.threads || availableParallelism(),
        // Idle threads sleep instead of spinning: on a shared 2-core machine spinning cost ~8 %
        // throughput per CPU-second and starves the ffmpeg decoder of the prefetched video.
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
    } catch (err) {
      throw new TopiclensError(`ONNX Runtime cannot load ${this.modelPath}: ${(err as Error).message}`, 2);
    }
    // The feature size: run one blank frame.
    const probe = await this.run(new Float32Array(3 * this.opts.crop * this.opts.crop), 1);
    this.dim = probe.length;
  }

  /** pool5 of `n` preprocessed frames (NCHW), flattened to `[n, dim]`. */
  async run(input: Float32Array, n: number): Promise<Float32Array> {
    const { inputName, outputName } = this.prepared!;
    const c = this.opts.crop;
    const feeds = { [inputName]: new this.ort!.Tensor('float32', input, [n, 3, c, c]) };
    const result = await this.session!.run(feeds);
    const out = result[outputName]!;
    const data = out.data as Float32Array;
    out.dispose?.();
    return data;
  }

  async extract(video: VideoRecord): Promise<FeatureMatrix> {
    await this.init();
    return extractVideo(video, this.opts, this.dim, (input, b) => this.run(input, b));
  }

  async dispose(): Promise<void> {
    await this.session?.release();
    this.session = undefined;
    this.initializing = undefined;
  }
}
