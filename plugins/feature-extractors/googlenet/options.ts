import { frameSamplingDefaults } from '../shared/frame-sampling-schema.js';

export interface GooglenetOptions {
  model: string;
  frames: number;
  resize: number;
  crop: number;
  mean: number[];
  batchSize: number;
  threads: number;
  /** ONNX Runtime execution providers in order of preference; 'auto' = CUDA when it loads, else CPU. */
  executionProviders: 'auto' | ExecutionProviderName[];
  outputName?: string;
  inputName?: string;
  ffmpeg?: string;
}

export type ExecutionProviderName = 'cuda' | 'tensorrt' | 'webgpu' | 'cpu';

export const googlenetDefaults = {
  ...frameSamplingDefaults,
  batchSize: 28,
  threads: 0,
  executionProviders: 'auto',
} satisfies Partial<GooglenetOptions>;
