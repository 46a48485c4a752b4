import type { GroundTruth } from '../../interpretability/index.js';

/**
 * Attribute presence (name → 0/1) from a synthetic clip's ground truth: its scene and each
 * object's kind, colour, size and action. Undefined for data without ground truth.
 */
export function attributePresence(groundTruth: Record<string, unknown> | undefined): GroundTruth {
  if (!groundTruth || typeof groundTruth !== 'object') return undefined;
  const out: Record<string, number> = {};
  if (typeof groundTruth.scene === 'string') out[`scene:${groundTruth.scene}`] = 1;
  const objects = Array.isArray(groundTruth.objects) ? (groundTruth.objects as Record<string, unknown>[]) : [];
  for (const o of objects) {
    for (const key of ['kind', 'colour', 'size', 'action']) {
      if (typeof o[key] === 'string') out[`${key}:${o[key]}`] = 1;
    }
  }
  return Object.keys(out).length ? out : undefined;
}
