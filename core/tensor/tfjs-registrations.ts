// What importing @tensorflow/tfjs used to register, on top of @tensorflow/tfjs-core (which alone
// has no backend, no gradients and no chained tensor methods): the pure-JS cpu backend (the last
// fallback, and the default before a backend is selected), every op's gradient and x.mul(y)-style
// methods, so that tf.grad, optimizers and third-party plugins see the same tf as before.
// Imported for its side effects by the backend selection, the package entry points and the tests.
import '@tensorflow/tfjs-backend-cpu';
import './vendor/tfjs-core-registrations.js';
