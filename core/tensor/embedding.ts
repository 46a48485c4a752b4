import * as tf from '@tensorflow/tfjs-core';

/**
 * Rows of `table` `[V, E]` for integer `ids` (any shape) → `[...ids.shape, E]`.
 *
 * The gradient is a scatter-add of the used rows (`tf.scatterND` sums duplicate indices) —
 * the same numbers as tf.gather's gradient, which needs UnsortedSegmentSum: missing on wasm,
 * and a loop over the whole vocabulary on cpu.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const [vocab, dim] = table.shape;
  const flatIds = (ids.rank === 1 ? ids : tf.reshape(ids, [-1])) as tf.Tensor1D;
  const op = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
    const value = tf.gather(t as tf.Tensor2D, flatIds);
    // The ids must be saved: the forward pass runs in a tidy scope that disposes the rest.
    save([flatIds]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.scatterND(tf.expandDims(saved[0]!, 1), dy, [vocab, dim])],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const rows = op(table) as tf.Tensor2D;
  return ids.rank === 1 ? rows : tf.reshape(rows, [...ids.shape, dim]);
}
