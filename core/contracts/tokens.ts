import type { InjectionToken } from 'tsyringe';
import type { Attributor } from './attributor.js';
import type { Dataset } from './dataset.js';
import type { Decoder } from './decoder.js';
import type { Encoder } from './encoder.js';
import type { FeatureExtractor } from './feature-extractor.js';
import type { InterpretiveLoss } from './interpretive-loss.js';
import type { Metric } from './metric.js';
import type { Refiner } from './refiner.js';
import type { TopicModel } from './topic-model.js';

/** The extension points, by the config key that selects each. */
export const EXTENSION_POINTS = [
  'dataset',
  'featureExtractor',
  'topicModel',
  'encoder',
  'decoder',
  'interpretiveLoss',
  'attributor',
  'refiner',
  'metric',
] as const;

export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** What each extension point's plugins create. */
export interface ExtensionPointTypes {
  dataset: Dataset;
  featureExtractor: FeatureExtractor;
  topicModel: TopicModel;
  encoder: Encoder;
  decoder: Decoder;
  interpretiveLoss: InterpretiveLoss;
  attributor: Attributor;
  refiner: Refiner;
  metric: Metric;
}

const token = <T>(name: string): InjectionToken<T> => Symbol.for(`topiclens.${name}`) as InjectionToken<T>;

/** Injection tokens. Metrics are registered once per configured metric: resolve with `resolveAll`. */
export const TOKENS = {
  dataset: token<Dataset>('Dataset'),
  featureExtractor: token<FeatureExtractor>('FeatureExtractor'),
  topicModel: token<TopicModel>('TopicModel'),
  encoder: token<Encoder>('Encoder'),
  decoder: token<Decoder>('Decoder'),
  interpretiveLoss: token<InterpretiveLoss>('InterpretiveLoss'),
  attributor: token<Attributor>('Attributor'),
  refiner: token<Refiner>('Refiner'),
  metric: token<Metric>('Metric'),
  /** The resolved, validated experiment config. */
  config: Symbol.for('topiclens.Config'),
  /** The run's logger. */
  logger: Symbol.for('topiclens.Logger'),
  /** The plugin registry. */
  registry: Symbol.for('topiclens.Registry'),
} as const satisfies Record<ExtensionPoint, InjectionToken<unknown>> & Record<string, InjectionToken<unknown>>;
