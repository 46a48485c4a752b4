import { readFile } from 'node:fs/promises';
import { TopiclensError } from '../../../core/errors.js';
import { dataInputs, findPool5, truncateModel } from '../shared/onnx/graph.js';
import { decodeModel, type OnnxModel } from '../shared/onnx/model.js';

export const WHERE_TO_GET =
  'Download BVLC GoogLeNet from the ONNX model zoo (validated/vision/classification/inception_and_googlenet/googlenet/model/googlenet-12.onnx, see plugins/feature-extractors/README.md) and give its path (extractor option "model", or convert --onnx).';

/** A GoogLeNet ONNX file cut at pool5/7x7_s1, ready for ONNX Runtime. */
export interface PreparedGooglenet {
  /** The truncated model (ModelProto). */
  model: OnnxModel;
  inputName: string;
  outputName: string;
  /** How the output was found: named in the options, by its name, or as the last average pool. */
  found: 'option' | 'name' | 'last-average-pool';
  /** Spatial input size the file declares (224 for GoogLeNet), when fixed. */
  inputSize?: number;
}

/** Read the ONNX file at `path` (error names it); decoded, not yet truncated. */
export async function readOnnx(path: string): Promise<OnnxModel> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TopiclensError(`Cannot read the GoogLeNet ONNX model ${path} (${code ?? (err as Error).message}). ${WHERE_TO_GET}`, 2);
  }
  try {
    return decodeModel(bytes);
  } catch (err) {
    throw new TopiclensError(`${path} is not an ONNX model (${(err as Error).message}). ${WHERE_TO_GET}`, 2);
  }
}

/**
 * Find the data input and the `pool5/7x7_s1` tensor (see findPool5; `outputName` overrides) and
 * cut the graph there: only the nodes that compute pool5 are kept, pool5 becomes the only graph
 * output, and the batch dimension becomes symbolic so all frames of a video run as one batch.
 */
export function prepareGooglenet(
  model: OnnxModel,
  path: string,
  opts: { outputName?: string; inputName?: string } = {},
): PreparedGooglenet {
  const inputs = dataInputs(model.graph);
  const input = opts.inputName ? inputs.find((i) => i.name === opts.inputName) : inputs[0];
  if (!input) {
    throw new TopiclensError(
      opts.inputName
        ? `${path} has no input named "${opts.inputName}"; its inputs: ${inputs.map((i) => i.name).join(', ') || '(none)'}.`
        : `${path} declares no data input.`,
      2,
    );
  }
  if (input.shape && (input.shape.length !== 4 || input.shape[1] !== 3)) {
    throw new TopiclensError(
      `${path}: input "${input.name}" has shape [${input.shape.join(', ')}], expected [N, 3, H, W] (an image network such as GoogLeNet).`,
      2,
    );
  }
  let outputName: string;
  let found: PreparedGooglenet['found'];
  if (opts.outputName) {
    if (!model.graph.nodes.some((n) => n.outputs.includes(opts.outputName!))) {
      throw new TopiclensError(`${path}: no node produces tensor "${opts.outputName}" (option "outputName").`, 2);
    }
    outputName = opts.outputName;
    found = 'option';
  } else {
    const hit = findPool5(model.graph);
    if (!hit) {
      throw new TopiclensError(
        `${path}: found no pool5/7x7_s1 tensor and no average pool. Set the option "outputName" to the tensor to extract.`,
        2,
      );
    }
    outputName = hit.name;
    found = hit.how;
  }
  const truncated = truncateModel(model, outputName);
  if (!truncated.graph.inputs.some((i) => i.name === input.name)) {
    throw new TopiclensError(`${path}: tensor "${outputName}" does not depend on the input "${input.name}".`, 2);
  }
  truncated.graph.inputs = truncated.graph.inputs.filter((i) => i.name === input.name);
  const h = input.shape?.[2];
  return { model: truncated, inputName: input.name, outputName, found, ...(typeof h === 'number' && h > 0 ? { inputSize: h } : {}) };
}
