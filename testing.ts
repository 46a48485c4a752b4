/**
 * topiclens/testing: what a plugin author needs to test a plugin the way topiclens tests its own —
 * the attributor contract suite (vitest) and its fixtures (a random host MLP, inputs, a context).
 *
 *   import { attributorContractSuite } from 'topiclens/testing';
 *   attributorContractSuite(myManifest);
 */
import './core/tensor/tfjs-registrations.js';
export { attributorContractSuite } from './plugins/attributors/testing/suite.js';
export * from './plugins/attributors/testing/fixtures.js';
