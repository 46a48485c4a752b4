import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLUGINS, runCli } from '../../index.js';
import { TINY_TRAIN, writeTinyConfig } from './tiny-config.js';

// Issue 16: `learningRate: 1e6` with `clipNorm: 0` diverged to a loss of ~3e9 and `run` exited 0.
describe.runIf(process.env.CI === 'true')('a diverging run', () => {
  it('fails in the train stage, naming the step and the settings; no model is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-diverge-'));
    const file = writeTinyConfig(dir, { train: { ...TINY_TRAIN, learningRate: 1e6, clipNorm: 0 } });
    const err: string[] = [];
    const code = await runCli(['run', file], { modules: [BUILTIN_PLUGINS], stdout: () => {}, stderr: (t) => err.push(t) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(
      /training diverged at step \d+ \(epoch 1\): the total loss is \d\.\d{3}e\+\d+, over 10× the first step's [\d.]+ \(learningRate 1000000, clipNorm 0 \(no clipping\)/,
    );
    expect(existsSync(join(dir, 'runs/tiny/train'))).toBe(false);
    expect(existsSync(join(dir, 'runs/tiny/evaluate'))).toBe(false);
  }, 120_000);
});
