import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TopiclensError } from '../../core/errors.js';
import { defineCommand } from '../../core/plugin/manifest.js';
import { writeFileAtomic } from '../../core/runner/atomic.js';
import type { HostTensor } from '../../core/tensor/safetensors.js';
import { loadNamedTensors } from '../../core/tensor/weights.js';
import { readModelMeta } from '../training/model-io.js';
import { MODEL_FORMAT, partsToHost, writeSafetensorsFile } from './model-safetensors.js';
import { toPytorch } from './pytorch-layout.js';
import { disposeRunModel, openRunModel, type OpenedRunModel } from './run-model.js';
import { exportOnnx } from './onnx/export-onnx.js';

export type Layout = 'topiclens' | 'pytorch';

export const parseLayout = (value: string | undefined): Layout => {
  if (value === undefined || value === 'topiclens' || value === 'pytorch') return value ?? 'topiclens';
  throw new TopiclensError(`--layout must be topiclens or pytorch, found "${value}".`, 2);
};

/** The safetensors content of an opened run model: its weights in `layout` and the metadata `import` reads back. */
export function modelFile(
  opened: OpenedRunModel,
  layout: Layout,
): { tensors: ReturnType<typeof partsToHost>; metadata: Record<string, string> } {
  const host = partsToHost(opened.parts);
  const { encoder, decoder, interpretiveLoss } = opened.config;
  return {
    tensors: layout === 'pytorch' ? toPytorch(host, opened.modelDir) : host,
    metadata: {
      format: MODEL_FORMAT,
      layout,
      'topiclens.vocabulary': JSON.stringify(opened.vocabulary.toJSON()),
      'topiclens.model': JSON.stringify({ encoder, decoder, interpretiveLoss }),
      'topiclens.shapes': JSON.stringify(opened.sizes),
    },
  };
}

/** A transfer run's encoder + classifier (transfer/model), by their stable names; the topiclens layout only. */
async function transferFile(
  runDir: string,
  layout: Layout,
): Promise<{ tensors: Record<string, HostTensor>; metadata: Record<string, string> }> {
  const modelDir = join(runDir, 'transfer', 'model');
  if (layout === 'pytorch')
    throw new TopiclensError(
      `${runDir}: the PyTorch layout covers the captioner (bilstm + attention-lstm + l2); export the transfer model with --layout topiclens.`,
      2,
    );
  const loaded = await loadNamedTensors(modelDir);
  const tensors: Record<string, HostTensor> = {};
  for (const [k, t] of Object.entries(loaded)) {
    tensors[k] =
      t.dtype === 'int32'
        ? { dtype: 'int32', shape: [...t.shape], data: t.dataSync() as Int32Array }
        : { dtype: 'float32', shape: [...t.shape], data: Float32Array.from(t.dataSync()) };
    t.dispose();
  }
  const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  return {
    tensors,
    metadata: {
      format: MODEL_FORMAT,
      layout,
      'topiclens.model': JSON.stringify({ encoder: config.encoder, decoder: config.decoder }),
      'topiclens.transfer': JSON.stringify(await readModelMeta(modelDir)),
    },
  };
}

export const exportCommand = defineCommand({
  name: 'export',
  summary: "Write a trained run's model as safetensors (every part) or ONNX (encoder + f)",
  usage: `Usage: topiclens export <runDir> --format safetensors|onnx [--out FILE] [--layout topiclens|pytorch]

  --format safetensors   every weight of train/model (encoder, decoder, interpretive loss), with the
                         vocabulary and the parts' config in __metadata__; \`topiclens import\` reads it.
                         A transfer run: transfer/model (encoder + classifier, decoder/w1 … b2)
  --format onnx          the attribute stage's workload for one video: features [frames, F] →
                         encodings [frames, D], mean_encoding [1, D], topics [1, K] = f(v̄)
  --out FILE             default <runDir>/export/model.safetensors or model.onnx
  --layout pytorch       safetensors with PyTorch state-dict names and shapes (plugins/weights/README.md)`,
  flags: {
    format: { type: 'string' },
    out: { type: 'string' },
    layout: { type: 'string' },
  },
  async run({ values, positionals }, ctx) {
    const runDir = positionals[0] ? resolve(ctx.cwd, positionals[0]) : undefined;
    if (!runDir)
      throw new TopiclensError('topiclens export: give the run folder, e.g. `topiclens export runs/quick --format safetensors`.', 2);
    const format = values.format ?? 'safetensors';
    if (format !== 'safetensors' && format !== 'onnx')
      throw new TopiclensError(`topiclens export: --format must be safetensors or onnx, found "${format}".`, 2);
    const layout = parseLayout(values.layout);
    if (format === 'onnx' && values.layout) throw new TopiclensError('topiclens export: --layout applies to safetensors only.', 2);
    const out = values.out ? resolve(ctx.cwd, values.out) : join(runDir, 'export', format === 'onnx' ? 'model.onnx' : 'model.safetensors');
    if (existsSync(join(runDir, 'transfer', 'model')) && !existsSync(join(runDir, 'train', 'model'))) {
      if (format === 'onnx')
        throw new TopiclensError(
          `${runDir} is a transfer run; ONNX export covers a captioning run's encoder + f. Export it as safetensors.`,
          2,
        );
      const { tensors, metadata } = await transferFile(runDir, layout);
      mkdirSync(dirname(out), { recursive: true });
      writeSafetensorsFile(out, tensors, metadata);
      ctx.stdout(`wrote ${out} (safetensors, transfer model: ${Object.keys(tensors).length} tensors)`);
      return 0;
    }
    const opened = await openRunModel(runDir, ctx.registry);
    try {
      mkdirSync(dirname(out), { recursive: true });
      if (format === 'onnx') {
        const bytes = exportOnnx(opened.model, { featureDim: opened.sizes.featureDim, name: opened.config.name });
        writeFileAtomic(out, bytes);
        ctx.stdout(
          `wrote ${out} (ONNX: features [frames, ${opened.sizes.featureDim}] → encodings, mean_encoding${opened.model.interpretiveLoss.readout() ? ', topics' : ''}; ${bytes.length} bytes)`,
        );
      } else {
        const { tensors, metadata } = modelFile(opened, layout);
        writeSafetensorsFile(out, tensors, metadata);
        ctx.stdout(`wrote ${out} (safetensors, ${layout} layout: ${Object.keys(tensors).length} tensors)`);
      }
    } finally {
      disposeRunModel(opened);
    }
    return 0;
  },
});
