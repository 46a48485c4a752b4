import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TopiclensError } from '../../../core/errors.js';
import { defineCommand } from '../../../core/plugin/manifest.js';
import { convertOnnxFile } from './convert.js';

const USAGE = `Usage: topiclens convert --onnx <googlenet.onnx> --out <folder> [--output-name <tensor>] [--input-name <tensor>]

Converts a BVLC GoogLeNet ONNX file (e.g. the ONNX model zoo's googlenet-12.onnx) for the
googlenet-tfjs feature extractor: the graph is cut at pool5/7x7_s1 and written as
<folder>/model.json (ops) + <folder>/weights.bin (float32, kernels in tfjs HWIO layout).

  --onnx          the ONNX file
  --out           output folder (created)
  --output-name   tensor to cut at (default: pool5/7x7_s1, found by name)
  --input-name    input tensor (default: the model's data input)`;

export const convertCommand = defineCommand({
  name: 'convert',
  summary: 'Convert a GoogLeNet ONNX file to the googlenet-tfjs format (model.json + weights.bin)',
  usage: USAGE,
  async run(argv, ctx) {
    let values: { onnx?: string; out?: string; 'output-name'?: string; 'input-name'?: string; help?: boolean };
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          onnx: { type: 'string' },
          out: { type: 'string' },
          'output-name': { type: 'string' },
          'input-name': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
      }));
    } catch (err) {
      throw new TopiclensError(`convert: ${(err as Error).message}\n\n${USAGE}`, 2);
    }
    if (values.help) {
      ctx.stdout(`${USAGE}\n`);
      return 0;
    }
    if (!values.onnx || !values.out) throw new TopiclensError(`convert: both --onnx and --out are required.\n\n${USAGE}`, 2);
    const abs = (p: string) => (isAbsolute(p) ? p : resolve(ctx.cwd, p));
    const model = await convertOnnxFile(abs(values.onnx), abs(values.out), {
      ...(values['output-name'] ? { outputName: values['output-name'] } : {}),
      ...(values['input-name'] ? { inputName: values['input-name'] } : {}),
    });
    const floats = model.weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
    ctx.stdout(
      `converted ${values.onnx} → ${values.out}: ${model.ops.length} ops up to "${model.output}", ${floats} weights (${((floats * 4) / 1e6).toFixed(1)} MB)\n`,
    );
    return 0;
  },
});
