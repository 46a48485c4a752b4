export interface GooglenetOptions {
  model: string;
  frames: number;
  resize: number;
  crop: number;
  mean: number[];
  batchSize: number;
  threads: number;
  outputName?: string;
  inputName?: string;
  ffmpeg?: string;
}

export const googlenetDefaults = { frames: 28, resize: 256, crop: 224, mean: [104, 117, 123], batchSize: 28, threads: 0 } satisfies Partial<GooglenetOptions>;
