import type * as tf from '@tensorflow/tfjs-core';

/** Trainable weights of a model part, by stable name (the checkpoint key). */
export type NamedVariables = Record<string, tf.Variable>;

/** Something with trainable weights that can be checkpointed. */
export interface HasVariables {
  /** All trainable variables by stable name. The component owns them; callers must not dispose. */
  variables(): NamedVariables;
  /**
   * The state of the component's own random stream (dropout masks), when it has one: the
   * trainer checkpoints it so that a resumed training repeats the same masks.
   */
  getRandomState?(): number;
  setRandomState?(state: number): void;
}
