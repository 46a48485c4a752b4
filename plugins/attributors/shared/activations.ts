import type * as tfjs from '@tensorflow/tfjs-core';
import type { Mlp, TF } from './types.js';

/** The hidden activation of a two-layer f. */
export function hiddenAct(tf: TF, mlp: Mlp, z: tfjs.Tensor): tfjs.Tensor {
  switch (mlp.activation) {
    case 'relu':
      return tf.relu(z);
    case 'tanh':
      return tf.tanh(z);
    case 'sigmoid':
      return tf.sigmoid(z);
  }
}

/** d act / d z, evaluated at the pre-activation z (relu' (0) = 0, as tfjs). */
export function hiddenActDeriv(tf: TF, mlp: Mlp, z: tfjs.Tensor): tfjs.Tensor {
  switch (mlp.activation) {
    case 'relu':
      return tf.cast(tf.greater(z, 0), 'float32');
    case 'tanh': {
      const t = tf.tanh(z);
      return tf.sub(1, tf.mul(t, t));
    }
    case 'sigmoid': {
      const s = tf.sigmoid(z);
      return tf.mul(s, tf.sub(1, s));
    }
  }
}

export function outputAct(tf: TF, mlp: Mlp, o: tfjs.Tensor): tfjs.Tensor {
  return mlp.output === 'sigmoid' ? tf.sigmoid(o) : o;
}

export function outputActDeriv(tf: TF, mlp: Mlp, o: tfjs.Tensor): tfjs.Tensor {
  if (mlp.output === 'linear') return tf.onesLike(o);
  const s = tf.sigmoid(o);
  return tf.mul(s, tf.sub(1, s));
}
