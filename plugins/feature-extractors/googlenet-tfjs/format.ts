/**
 * The folder `topiclens convert` writes and `googlenet-tfjs` reads:
 * - `model.json`: a `ConvertedModel` — the ONNX graph cut at pool5, op by op, with attributes
 *   already normalised for NHWC tfjs ops;
 * - `weights.bin`: float32 little-endian, each weight at `offset` (in floats), convolution
 *   kernels in tfjs' `[kh, kw, in, out]` (HWIO) layout.
 */
export const CONVERTED_FORMAT = 'topiclens-googlenet-tfjs';
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** Padding per spatial axis: [[top, bottom], [left, right]]. */
export type Pads2d = [[number, number], [number, number]];

/** What MaxPool and AveragePool share. */
interface Pool2d {
  inputs: [string];
  output: string;
  kernel: [number, number];
  strides: [number, number];
  pads: Pads2d;
  ceilMode: boolean;
}

export type ConvertedOp =
  | {
      op: 'Conv';
      inputs: [string];
      output: string;
      weight: string;
      bias?: string;
      strides: [number, number];
      pads: Pads2d;
      dilations: [number, number];
    }
  | { op: 'Relu' | 'Identity'; inputs: [string]; output: string }
  | ({ op: 'MaxPool' } & Pool2d)
  | ({ op: 'AveragePool'; countIncludePad: boolean } & Pool2d)
  | { op: 'GlobalAveragePool'; inputs: [string]; output: string }
  | { op: 'LRN'; inputs: [string]; output: string; size: number; alpha: number; beta: number; bias: number }
  | { op: 'Concat'; inputs: string[]; output: string };

export interface ConvertedModel {
  format: typeof CONVERTED_FORMAT;
  version: 1;
  /** The ONNX file it came from (as given to convert). */
  source: string;
  input: { name: string; size?: number };
  output: string;
  ops: ConvertedOp[];
  weights: { name: string; shape: number[]; offset: number }[];
}
