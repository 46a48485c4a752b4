// The bundle has no exports; importing it registers tfjs-core's gradients and chained tensor
// methods. This import brings the chained methods' type declarations (x.mul(y): Tensor) along.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
export {};
