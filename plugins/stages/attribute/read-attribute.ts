import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../../core/config/ajv.js';
import { formatAjvError, relevantErrors } from '../../../core/config/format-ajv-error.js';
import { TopiclensError } from '../../../core/errors.js';
import type { JsonSchema } from '../../../core/plugin/manifest.js';
import type { NeuronTopicMap } from '../../attributors/index.js';
import type { InterpretabilityScores } from '../../interpretability/index.js';
import type { Fig3File } from './fig3.js';
import type { FrameActivationsFile } from './frame-activations.js';
import {
  fig3Schema,
  frameActivationsSchema,
  interpretabilitySchema,
  meanActivationsSchema,
  neuronTopicMapSchema,
} from './output-schemas.js';

/** attribute/interpretability.json */
/** `split`: the videos the scores are on (absent in files written before scoreOn: "test"). */
export type InterpretabilityFile = { method: string; split?: 'test' | 'val'; notes: string[] } & InterpretabilityScores;

export interface AttributeOutputs {
  neuronTopicMap: NeuronTopicMap;
  interpretability: InterpretabilityFile;
  fig3: Fig3File;
  /** topic name → mean v̄ over the test videos with the topic. */
  meanActivations: Record<string, number[]>;
  frameActivations: FrameActivationsFile;
}

/** The files the attribute stage writes in `<run>/attribute` (the map also as .csv beside its JSON). */
export const ATTRIBUTE_FILES = {
  neuronTopicMap: 'neuron-topic-map.json',
  interpretability: 'interpretability.json',
  fig3: 'fig3.json',
  meanActivations: 'mean-activations.json',
  frameActivations: 'frame-activations.json',
} as const;

const FIX = 'run the attribute stage (`topiclens run <config>`, or `topiclens attribute <runDir>` for a trained run)';

/** Read and validate one file of `stageDir`; errors name the file, the JSON path and the fix. */
export function readAttributeFile<T>(stageDir: string, file: string, schema: JsonSchema): T {
  const path = join(stageDir, file);
  if (!existsSync(path)) throw new TopiclensError(`${path} is missing: ${FIX}.`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new TopiclensError(`${path} is not valid JSON (${(e as Error).message}): ${FIX}.`);
  }
  const validate = compile(schema);
  if (!validate(data)) {
    const problems = relevantErrors(validate.errors ?? [])
      .slice(0, 5)
      .map((e) => {
        const { path: at, message } = formatAjvError(e, data);
        return `  ${at || '/'}: ${message}`;
      });
    throw new TopiclensError(
      `${path} does not have the attribute stage's current format:\n${problems.join('\n')}\nIt may come from an older topiclens: ${FIX}.`,
    );
  }
  return data as T;
}

export const readInterpretability = (stageDir: string): InterpretabilityFile =>
  readAttributeFile(stageDir, ATTRIBUTE_FILES.interpretability, interpretabilitySchema);

/** Every file the attribute stage writes in `stageDir` (`<run>/attribute`), validated. */
export function readAttributeOutputs(stageDir: string): AttributeOutputs {
  return {
    neuronTopicMap: readAttributeFile(stageDir, ATTRIBUTE_FILES.neuronTopicMap, neuronTopicMapSchema),
    interpretability: readInterpretability(stageDir),
    fig3: readAttributeFile(stageDir, ATTRIBUTE_FILES.fig3, fig3Schema),
    meanActivations: readAttributeFile(stageDir, ATTRIBUTE_FILES.meanActivations, meanActivationsSchema),
    frameActivations: readAttributeFile(stageDir, ATTRIBUTE_FILES.frameActivations, frameActivationsSchema),
  };
}
