import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Adadelta } from '../../core/tensor/adadelta.js';
import { installMlasMatMul, mlasMatMulStatus, uninstallMlasMatMul } from '../../core/tensor/mlas/matmul-kernels.js';
import { loadOrtNative } from '../../core/tensor/mlas/ort-native.js';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import { disposeBatch, makeBatch } from './batches.js';
import { tinyData, tinyModel } from '../../test/support/training/fixtures.js';
import { buildCaptionModel, trainStep } from './train.js';
import type { CaptionModel } from './types.js';

const ortMissing = await loadOrtNative().then(
  () => null,
  (e: Error) => e.message,
);

/** Loss of fixed (seeded) weights without dropout, then the losses of 2 training steps (with dropout). */
function losses(): number[] {
  const data = tinyData(12, 5);
  const model: CaptionModel = tinyModel(9, 0.2);
  buildCaptionModel(model, data);
  const batch = makeBatch(
    data,
    data.videos.map((_, video) => ({ video, caption: video % 3 })),
    8,
  );
  const out: number[] = [];
  out.push(
    tf.tidy(() => {
      const V = model.encoder.apply(batch.frames, false);
      return tf
        .add(
          model.decoder.loss(V, batch.targets, false),
          tf.mul(model.interpretiveLoss.loss(V, batch.topics, false), model.interpretiveLoss.lambda),
        )
        .dataSync()[0]!;
    }),
  );
  const opt = new Adadelta();
  for (let s = 1; s <= 2; s++) out.push(trainStep(model, batch, opt, s, 10).total);
  opt.dispose();
  disposeBatch(batch);
  for (const p of [model.encoder, model.decoder, model.interpretiveLoss]) tf.dispose(Object.values(p.variables()));
  return out;
}

describe('the same model gives the same loss on every backend', () => {
  it(`cpu, wasm (XNNPACK) and wasm + MLAS agree within 1e-4; each is deterministic${ortMissing ? ` (MLAS skipped: ${ortMissing})` : ''}`, async () => {
    await useBackend('cpu');
    const cpu = losses();
    await useBackend('wasm');
    uninstallMlasMatMul();
    const wasm = losses();
    const runs: Record<string, number[]> = { cpu, wasm };
    if (!ortMissing) {
      // Every product on MLAS (thresholds 0), so the test covers all forms the model uses.
      await installMlasMatMul({ threads: 1, minWork: 0, minWorkTransposed: 0 });
      runs.mlas = losses();
      const again = losses();
      const st = mlasMatMulStatus();
      expect(st.active && st.stats.native).toBeGreaterThan(100);
      expect(again).toEqual(runs.mlas); // bit-identical on a second run
      uninstallMlasMatMul();
    }
    for (const [name, l] of Object.entries(runs)) {
      expect(l.length).toBe(3);
      for (let i = 0; i < 3; i++) expect(Math.abs(l[i]! - cpu[i]!), `${name} loss ${i}`).toBeLessThan(1e-4);
    }
    expect(cpu[2]).not.toBe(cpu[1]); // the update changed the weights
  }, 240_000);
});
