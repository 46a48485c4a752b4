import type { AnyManifest } from '../../core/plugin/manifest.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';

/** `topiclens export` (safetensors / ONNX) and `topiclens import` (safetensors → a run); README.md. */
export default [exportCommand, importCommand] as AnyManifest[];
