import { TopiclensError } from '../../core/errors.js';
import type { HostTensor } from '../../core/tensor/safetensors.js';

/**
 * The paper's captioner as PyTorch modules (README.md, "PyTorch layout") ⇄ topiclens' variables.
 * Both sides use the LSTM gate order i, f, g, o, so gates need no permutation: PyTorch weights are
 * [out, in] (y = x Wᵀ + b) and topiclens kernels [in, out] (y = x K + b), so every matrix is
 * transposed; PyTorch's two LSTM biases (bias_ih + bias_hh) are one bias here, and the decoder
 * LSTMCell's input [E y_{t−1}, φ_t] is split into topiclens' embedding kernel and the φ rows of
 * its [φ; h] kernel.
 */

type T = HostTensor;

const f32 = (t: T): Float32Array => (t.data instanceof Float32Array ? t.data : Float32Array.from(t.data));
const mat = (data: Float32Array, rows: number, cols: number): T => ({ dtype: 'float32', shape: [rows, cols], data });
const vec = (data: Float32Array): T => ({ dtype: 'float32', shape: [data.length], data });

function transpose(t: T): T {
  const [r, c] = t.shape as [number, number];
  const src = f32(t);
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = src[i * c + j]!;
  return mat(out, c, r);
}

/** Columns [from, to) of a row-major matrix. */
function columns(t: T, from: number, to: number): T {
  const [r, c] = t.shape as [number, number];
  const src = f32(t);
  const w = to - from;
  const out = new Float32Array(r * w);
  for (let i = 0; i < r; i++) out.set(src.subarray(i * c + from, i * c + to), i * w);
  return mat(out, r, w);
}

/** Side by side: [a | b]. */
function hconcat(a: T, b: T): T {
  const [r, ca] = a.shape as [number, number];
  const cb = b.shape[1]!;
  const out = new Float32Array(r * (ca + cb));
  const A = f32(a);
  const B = f32(b);
  for (let i = 0; i < r; i++) {
    out.set(A.subarray(i * ca, (i + 1) * ca), i * (ca + cb));
    out.set(B.subarray(i * cb, (i + 1) * cb), i * (ca + cb) + ca);
  }
  return mat(out, r, ca + cb);
}

/** Stacked: [a; b]. */
function vconcat(a: T, b: T): T {
  const out = new Float32Array(a.data.length + b.data.length);
  out.set(f32(a), 0);
  out.set(f32(b), a.data.length);
  return mat(out, a.shape[0]! + b.shape[0]!, a.shape[1]!);
}
const add = (a: T, b: T): T => vec(f32(a).map((x, i) => x + f32(b)[i]!));
const rows = (t: T, from: number, to: number): T => mat(f32(t).slice(from * t.shape[1]!, to * t.shape[1]!), to - from, t.shape[1]!);

/** PyTorch state-dict keys of the paper's architecture, with the topiclens variable each becomes. */
export const PYTORCH_NAMES = {
  encoder: [
    'encoder.lstm.weight_ih_l0',
    'encoder.lstm.weight_hh_l0',
    'encoder.lstm.bias_ih_l0',
    'encoder.lstm.bias_hh_l0',
    'encoder.lstm.weight_ih_l0_reverse',
    'encoder.lstm.weight_hh_l0_reverse',
    'encoder.lstm.bias_ih_l0_reverse',
    'encoder.lstm.bias_hh_l0_reverse',
  ],
  decoder: [
    'decoder.embedding.weight',
    'decoder.att_U.weight',
    'decoder.att_T.weight',
    'decoder.att_T.bias',
    'decoder.att_w.weight',
    'decoder.lstm.weight_ih',
    'decoder.lstm.weight_hh',
    'decoder.lstm.bias_ih',
    'decoder.lstm.bias_hh',
    'decoder.out.weight',
    'decoder.out.bias',
  ],
  interpretiveLoss: [
    'interpretive_loss.f.0.weight',
    'interpretive_loss.f.0.bias',
    'interpretive_loss.f.2.weight',
    'interpretive_loss.f.2.bias',
  ],
} as const;

const initLayers = (hasHidden: boolean, which: 'h' | 'c'): [string, string][] =>
  hasHidden
    ? [
        [`decoder.init_${which}.0`, `decoder/init/${which}/hidden`],
        [`decoder.init_${which}.2`, `decoder/init/${which}`],
      ]
    : [[`decoder.init_${which}`, `decoder/init/${which}`]];

/** A PyTorch state dict of the paper's architecture → topiclens variables (`<part>/<variable>`). */
export function fromPytorch(sd: Record<string, T>, where: string): Record<string, T> {
  const used = new Set<string>();
  const get = (k: string): T => {
    const t = sd[k];
    if (!t)
      throw new TopiclensError(
        `${where}: no tensor "${k}" for the PyTorch layout (README: plugins/weights). Found: ${Object.keys(sd).slice(0, 8).join(', ')}.`,
        2,
      );
    if (t.dtype !== 'float32') throw new TopiclensError(`${where}: "${k}" is ${t.dtype}; weights must be floating point.`, 2);
    used.add(k);
    return t;
  };
  const out: Record<string, T> = {};
  if (sd['encoder.lstm.weight_ih_l0']) {
    const [fw, bw] = ['', '_reverse'].map((s) => ({
      ih: get(`encoder.lstm.weight_ih_l0${s}`),
      hh: get(`encoder.lstm.weight_hh_l0${s}`),
      b: add(get(`encoder.lstm.bias_ih_l0${s}`), get(`encoder.lstm.bias_hh_l0${s}`)),
    })) as [{ ih: T; hh: T; b: T }, { ih: T; hh: T; b: T }];
    if (sd['encoder.lstm.weight_ih_l1'])
      throw new TopiclensError(
        `${where}: the encoder LSTM has more than one layer (encoder.lstm.weight_ih_l1); topiclens' bilstm encoder has one.`,
        2,
      );
    out['encoder/inputKernel'] = hconcat(transpose(fw.ih), transpose(bw.ih));
    out['encoder/bias'] = vec(vconcat(mat(f32(fw.b), 1, fw.b.data.length), mat(f32(bw.b), 1, bw.b.data.length)).data as Float32Array);
    out['encoder/fwd/recurrentKernel'] = transpose(fw.hh);
    out['encoder/bwd/recurrentKernel'] = transpose(bw.hh);
  }
  if (sd['decoder.embedding.weight']) {
    const emb = get('decoder.embedding.weight');
    const E = emb.shape[1]!;
    out['decoder/embedding'] = emb;
    const hidden = Boolean(sd['decoder.init_h.0.weight']);
    for (const which of ['h', 'c'] as const) {
      for (const [pt, tl] of initLayers(hidden, which)) {
        out[`${tl}/kernel`] = transpose(get(`${pt}.weight`));
        out[`${tl}/bias`] = get(`${pt}.bias`);
      }
    }
    out['decoder/att/U'] = transpose(get('decoder.att_U.weight'));
    out['decoder/att/T'] = transpose(get('decoder.att_T.weight'));
    out['decoder/att/b'] = get('decoder.att_T.bias');
    out['decoder/att/w'] = transpose(get('decoder.att_w.weight'));
    const ih = get('decoder.lstm.weight_ih'); // [4H, E + D]: columns [embedding | φ]
    const inputs = ih.shape[1]!;
    out['decoder/lstm/inputKernel'] = transpose(columns(ih, 0, E));
    out['decoder/lstm/kernel'] = vconcat(transpose(columns(ih, E, inputs)), transpose(get('decoder.lstm.weight_hh')));
    out['decoder/lstm/bias'] = add(get('decoder.lstm.bias_ih'), get('decoder.lstm.bias_hh'));
    out['decoder/out/kernel'] = transpose(get('decoder.out.weight'));
    out['decoder/out/bias'] = get('decoder.out.bias');
  }
  if (sd['interpretive_loss.f.0.weight']) {
    out['interpretiveLoss/f/w1'] = transpose(get('interpretive_loss.f.0.weight'));
    out['interpretiveLoss/f/b1'] = get('interpretive_loss.f.0.bias');
    out['interpretiveLoss/f/w2'] = transpose(get('interpretive_loss.f.2.weight'));
    out['interpretiveLoss/f/b2'] = get('interpretive_loss.f.2.bias');
  }
  const unused = Object.keys(sd).filter((k) => !used.has(k));
  if (unused.length)
    throw new TopiclensError(
      `${where}: tensors outside the PyTorch layout of the paper's architecture: ${unused.slice(0, 6).join(', ')}. See the name table in plugins/weights/README.md.`,
      2,
    );
  return out;
}

/**
 * topiclens variables → the PyTorch layout. The summed LSTM bias goes to bias_ih, bias_hh is 0
 * (only the sum is defined by the model).
 */
export function toPytorch(tl: Record<string, T>, where: string): Record<string, T> {
  const get = (k: string): T => {
    const t = tl[k];
    if (!t)
      throw new TopiclensError(
        `${where}: no variable "${k}"; the PyTorch layout covers the bilstm encoder, the attention-lstm decoder and the l2 interpretive loss.`,
        2,
      );
    return t;
  };
  const zeros = (n: number): T => vec(new Float32Array(n));
  const out: Record<string, T> = {};
  const known = new Set<string>();
  const take = (k: string): T => {
    known.add(k);
    return get(k);
  };
  if (tl['encoder/inputKernel']) {
    const k = take('encoder/inputKernel');
    const b = take('encoder/bias');
    const H4 = k.shape[1]! / 2;
    for (const [s, from, dir] of [
      ['', 0, 'fwd'],
      ['_reverse', H4, 'bwd'],
    ] as const) {
      out[`encoder.lstm.weight_ih_l0${s}`] = transpose(columns(k, from, from + H4));
      out[`encoder.lstm.weight_hh_l0${s}`] = transpose(take(`encoder/${dir}/recurrentKernel`));
      out[`encoder.lstm.bias_ih_l0${s}`] = vec(f32(b).slice(from, from + H4));
      out[`encoder.lstm.bias_hh_l0${s}`] = zeros(H4);
    }
  }
  if (tl['decoder/embedding']) {
    const emb = take('decoder/embedding');
    out['decoder.embedding.weight'] = emb;
    const hidden = Boolean(tl['decoder/init/h/hidden/kernel']);
    for (const which of ['h', 'c'] as const) {
      for (const [pt, name] of initLayers(hidden, which)) {
        out[`${pt}.weight`] = transpose(take(`${name}/kernel`));
        out[`${pt}.bias`] = take(`${name}/bias`);
      }
    }
    out['decoder.att_U.weight'] = transpose(take('decoder/att/U'));
    out['decoder.att_T.weight'] = transpose(take('decoder/att/T'));
    out['decoder.att_T.bias'] = take('decoder/att/b');
    out['decoder.att_w.weight'] = transpose(take('decoder/att/w'));
    const kernel = take('decoder/lstm/kernel'); // [D + H, 4H]
    const H4 = kernel.shape[1]!;
    const D = kernel.shape[0]! - H4 / 4;
    out['decoder.lstm.weight_ih'] = hconcat(transpose(take('decoder/lstm/inputKernel')), transpose(rows(kernel, 0, D)));
    out['decoder.lstm.weight_hh'] = transpose(rows(kernel, D, kernel.shape[0]!));
    out['decoder.lstm.bias_ih'] = take('decoder/lstm/bias');
    out['decoder.lstm.bias_hh'] = zeros(H4);
    out['decoder.out.weight'] = transpose(take('decoder/out/kernel'));
    out['decoder.out.bias'] = take('decoder/out/bias');
  }
  if (tl['interpretiveLoss/f/w1']) {
    out['interpretive_loss.f.0.weight'] = transpose(take('interpretiveLoss/f/w1'));
    out['interpretive_loss.f.0.bias'] = take('interpretiveLoss/f/b1');
    out['interpretive_loss.f.2.weight'] = transpose(take('interpretiveLoss/f/w2'));
    out['interpretive_loss.f.2.bias'] = take('interpretiveLoss/f/b2');
  }
  const other = Object.keys(tl).filter((k) => !known.has(k));
  if (other.length)
    throw new TopiclensError(
      `${where}: variables without a PyTorch name: ${other.slice(0, 6).join(', ')} (the PyTorch layout covers bilstm + attention-lstm + l2); export with --layout topiclens.`,
      2,
    );
  return out;
}
