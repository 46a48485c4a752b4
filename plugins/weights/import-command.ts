import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../core/config/index.js';
import { TopiclensError } from '../../core/errors.js';
import { defineCommand, type StageContext, type StageManifest } from '../../core/plugin/manifest.js';
import type { PluginRegistry } from '../../core/plugin/registry.js';
import { writeJsonAtomic } from '../../core/runner/atomic.js';
import { runExperiment, runDirOf } from '../../core/runner/run-experiment.js';
import type { HostTensor } from '../../core/tensor/safetensors.js';
import { Vocabulary } from '../../core/text/vocabulary.js';
import { captionData, readRunInputs } from '../stages/train/caption-data.js';
import { HISTORY_FILE, MODEL_DIR, VOCABULARY_FILE, captionModelOf, isCaptioning, trainVocabulary } from '../stages/train/stage.js';
import type { TrainSectionOptions } from '../stages/train/schema.js';
import { buildCaptionModel, saveModel } from '../training/index.js';
import { parseLayout, type Layout } from './export-command.js';
import { assignHostToParts, readSafetensorsFile } from './model-safetensors.js';
import { fromPytorch } from './pytorch-layout.js';
import { partsOf } from './run-model.js';

export interface ImportSource {
  file: string;
  layout: Layout;
  /** A topiclens vocabulary JSON file (train/vocabulary.json); else the file's metadata; else rebuilt. */
  vocabularyFile?: string;
}

/**
 * What runs in place of the train stage: the model of the config, built for the run's features,
 * topics and vocabulary, with the file's weights; written where the train stage writes its model.
 */
export function importTrainRun(source: ImportSource): StageManifest['run'] {
  return async (ctx: StageContext) => {
    const { file } = source;
    const content = readSafetensorsFile(file);
    const tensors: Record<string, HostTensor> = source.layout === 'pytorch' ? fromPytorch(content.tensors, file) : content.tensors;
    const inputs = await readRunInputs(ctx, { needTopics: ctx.config.topicModel !== undefined });
    let vocabulary: Vocabulary;
    let from: string;
    if (source.vocabularyFile) {
      vocabulary = Vocabulary.fromJSON(JSON.parse(readFileSync(source.vocabularyFile, 'utf8')), source.vocabularyFile);
      from = source.vocabularyFile;
    } else if (content.metadata['topiclens.vocabulary']) {
      vocabulary = Vocabulary.fromJSON(
        JSON.parse(content.metadata['topiclens.vocabulary']),
        `${file}: __metadata__["topiclens.vocabulary"]`,
      );
      from = `${file} (__metadata__)`;
    } else {
      vocabulary = trainVocabulary(inputs, ctx.config.train as TrainSectionOptions); // resolved by validation
      from = 'the training captions (as the train stage builds it)';
    }
    const embedding = tensors['decoder/embedding'];
    if (embedding && embedding.shape[0] !== vocabulary.size) {
      throw new TopiclensError(
        `${file}: the embedding has ${embedding.shape[0]} rows but the vocabulary from ${from} has ${vocabulary.size} words. ` +
          'Give the vocabulary the model was trained with (--vocabulary FILE, a topiclens vocabulary JSON).',
        2,
      );
    }
    const model = captionModelOf(ctx);
    const data = captionData(inputs, [], vocabulary);
    buildCaptionModel(model, data);
    assignHostToParts(partsOf(model), tensors, file);
    writeJsonAtomic(join(ctx.dir, VOCABULARY_FILE), vocabulary.toJSON());
    await saveModel(join(ctx.dir, MODEL_DIR), partsOf(model), {
      importedFrom: file,
      layout: source.layout,
      vocabularyFrom: from,
      bestEpoch: null,
      bestScore: null,
      completedEpochs: 0,
      numFrames: data.numFrames,
      featureDim: data.featureDim,
      numTopics: data.numTopics,
      vocabularySize: vocabulary.size,
    });
    writeJsonAtomic(join(ctx.dir, HISTORY_FILE), []);
    ctx.logger.info(
      `[train] imported ${Object.keys(tensors).length} tensors from ${file} (${source.layout} layout); vocabulary ${vocabulary.size} from ${from}`,
    );
    ctx.logger.record('train/imported', { file, layout: source.layout, vocabularySize: vocabulary.size });
  };
}

/** The file's layout when --layout is not given: its `__metadata__.layout`, else PyTorch when its names are PyTorch's (dots, no slashes). */
export function detectLayout(metadata: Record<string, string>, names: string[]): Layout {
  if (metadata.layout === 'pytorch' || metadata.layout === 'topiclens') return metadata.layout;
  return names.length > 0 && names.every((n) => !n.includes('/') && n.includes('.')) ? 'pytorch' : 'topiclens';
}

/** The registry with the train stage's `run` replaced: the stage keeps its name, version and input hash. */
function withTrainRun(registry: PluginRegistry, run: StageManifest['run']): PluginRegistry {
  const stages = registry.stages().map((s) => (s.name === 'train' ? { ...s, run } : s));
  return Object.create(registry, { stages: { value: () => stages } }) as PluginRegistry;
}

export const importCommand = defineCommand({
  name: 'import',
  summary: 'Make a run whose trained model is a safetensors file (topiclens or PyTorch layout)',
  usage: `Usage: topiclens import <file.safetensors> --config <config> [--name NAME] [--layout topiclens|pytorch]
                        [--vocabulary FILE] [--until STAGE]

Runs the config's features and topics stages (reused when up to date), records the train stage as
done with the file's weights (train/model, train/vocabulary.json), then runs the later stages
(evaluate, attribute, report) unless --until says otherwise. \`topiclens run\` of the same config
(and name) afterwards keeps the imported model. The config must describe the file's architecture
(plugin types and sizes).

  --config FILE      the experiment config (required)
  --name NAME        the run's name (default: the config's); the run goes to <runsDir>/<NAME>
  --layout L         topiclens or pytorch (a PyTorch state dict, names in plugins/weights/README.md);
                     default: the file's __metadata__.layout, else pytorch when every name is dotted
  --vocabulary FILE  a topiclens vocabulary JSON; default: the file's __metadata__, else the one
                     the train stage would build from the training captions
  --until STAGE      stop after STAGE (e.g. train)`,
  flags: {
    config: { type: 'string' },
    name: { type: 'string' },
    layout: { type: 'string' },
    vocabulary: { type: 'string' },
    until: { type: 'string' },
  },
  async run({ values, positionals }, ctx) {
    if (!positionals[0])
      throw new TopiclensError('topiclens import: give the weights file, e.g. `topiclens import model.safetensors --config my.json`.', 2);
    if (!values.config) throw new TopiclensError('topiclens import: --config is required (the config whose model the file holds).', 2);
    const file = resolve(ctx.cwd, positionals[0]);
    const content = readSafetensorsFile(file); // fail before any stage runs
    const vocabularyFile = values.vocabulary ? resolve(ctx.cwd, values.vocabulary) : undefined;
    if (vocabularyFile && !existsSync(vocabularyFile)) throw new TopiclensError(`--vocabulary ${vocabularyFile}: no such file.`, 2);
    const layout = values.layout ? parseLayout(values.layout) : detectLayout(content.metadata, Object.keys(content.tensors));
    const loaded = await loadConfig(values.config, ctx.registry, { cwd: ctx.cwd });
    if (values.name) {
      if (!/^[\w.-]+$/.test(values.name))
        throw new TopiclensError(`--name "${values.name}": use letters, digits, ".", "_" and "-" (it names a folder).`, 2);
      loaded.config.name = values.name;
    }
    if (!isCaptioning(loaded.config))
      throw new TopiclensError(`${loaded.file}: import needs a captioning config (encoder and decoder, no transfer section).`, 2);
    const registry = withTrainRun(ctx.registry, importTrainRun({ file, layout, ...(vocabularyFile ? { vocabularyFile } : {}) }));
    const result = await runExperiment(loaded, registry, { from: 'train', ...(values.until ? { until: values.until } : {}) });
    const lines = result.stages.map(
      (s) =>
        `  ${s.name.padEnd(16)} ${(s.name === 'train' && s.status === 'ran' ? 'imported' : s.status).padEnd(8)} ${s.status === 'ran' ? `${s.seconds.toFixed(1)}s` : ''}`,
    );
    ctx.stdout([`imported ${file} into ${runDirOf(loaded)}`, ...lines].join('\n'));
    return 0;
  },
});
