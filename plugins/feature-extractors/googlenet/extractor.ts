import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import type { FeatureMatrix, VideoRecord } from '../../../core/contracts/dataset.js';
import type { FeatureExtractor } from '../../../core/contracts/feature-extractor.js';
import { TopiclensError } from '../../../core/errors.js';
import { importOptional } from '../../../core/optional-dependency.js';
import { extractVideo } from './extract-video.js';
import { encodeModel } from '../shared/onnx/model.js';
import { prepareGooglenet, readOnnx, type PreparedGooglenet } from './load-onnx.js';
import type { GooglenetOptions } from './options.js';

/**
 * Whether onnxruntime-node can try CUDA: it lists the provider and its install script fetched
 * the provider library (`libonnxruntime_providers_cuda.so` beside the binding). Checked before
 * trying, so a CPU machine gets no native error log on every run.
 */
const cudaInstalled = (ort: typeof Ort): boolean => {
  const list = (ort as unknown as { listSupportedBackends?: () => { name: string }[] }).listSupportedBackends;
  try {
    if (!list?.().some((b) => b.name === 'cuda')) return false;
    const root = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
    return existsSync(join(root, 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
};

/**
 * GoogLeNet pool5/7x7_s1 features on ONNX Runtime: CUDA when present (option
 * executionProviders "auto"), else CPU. `modelPath` is absolute.
 */
export class OnnxGooglenetExtractor implements FeatureExtractor {
  dim = 0;
  private session?: Ort.InferenceSession;
  private ort?: typeof Ort;
  private prepared?: PreparedGooglenet;
  private initializing?: Promise<void>;
  /** The execution providers the session runs on (after init). */
  providers: string[] = [];

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
      throw new TopiclensError(
        `${this.modelPath} takes ${this.prepared.inputSize}×${this.prepared.inputSize} images, but the option "crop" is ${this.opts.crop}.`,
        2,
      );
    }
    this.ort = (await importOptional(
      'onnxruntime-node',
      `The googlenet feature extractor (${this.modelPath})`,
      () => import('onnxruntime-node'),
    )) as typeof Ort;
    const model = encodeModel(this.prepared.model);
    const create = (executionProviders: string[]) =>
      this.ort!.InferenceSession.create(model, {
        executionProviders,
        graphOptimizationLevel: 'all',
        intraOpNumThreads: this.opts.threads || availableParallelism(),
        // Idle threads sleep instead of spinning: on a shared 2-core machine spinning cost ~8 %
        // throughput per CPU-second and starves the ffmpeg decoder of the prefetched video.
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
    const asked = this.opts.executionProviders;
    try {
      if (asked === 'auto' && cudaInstalled(this.ort)) {
        // CUDA needs its provider library and CUDA/cuDNN on the machine; without them, CPU.
        try {
          this.session = await create(['cuda', 'cpu']);
          this.providers = ['cuda', 'cpu'];
        } catch {
          this.session = undefined;
        }
      }
      if (!this.session) {
        this.providers = asked === 'auto' ? ['cpu'] : [...asked];
        this.session = await create(this.providers);
      }
    } catch (err) {
      const eps = asked === 'auto' ? '' : ` with the execution providers ${JSON.stringify(asked)} (use "auto" to fall back to CPU)`;
      throw new TopiclensError(`ONNX Runtime cannot load ${this.modelPath}${eps}: ${(err as Error).message}`, 2);
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
