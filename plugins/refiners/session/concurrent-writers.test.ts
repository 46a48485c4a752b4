import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LockHeldError } from '../../../core/runner/lock.js';
import { loadNamedTensors } from '../../../core/tensor/weights.js';
import { useBackend } from '../../../core/tensor/testing/use-backend.js';
import { openFixtureSession, writeFixtureRun } from '../../../test/support/refiners/fixture-run.js';
import type { RefineSession } from './session.js';

// Issue 16: the studio and `topiclens refine` on one run. Each refinement takes the lineage's
// lock and starts from the lineage's current model; captions follow the current model.
const options = { mu: 0.01, steps: 20, learningRate: 0.05, optimizer: 'adam' as const };
const open = (root: string) => openFixtureSession(root, options);
const weights = (s: RefineSession) =>
  Object.fromEntries(Object.entries(s.model.encoder.variables()).map(([k, v]) => [k, Array.from(v.dataSync())]));

describe('two writers of one refine lineage', () => {
  beforeAll(async () => useBackend('cpu'));

  it('a session follows a refinement made by another process: captions with its weights, next refinement its child', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tl-lineage-lock-'));
    writeFixtureRun(root);
    const studio = await open(root);
    const cli = await open(root);
    try {
      const video = studio.data.testIds[0]!;
      const byCli = await cli.refine(cli.wholeClip(video), 'dog');
      expect(byCli.entry).toMatchObject({ id: 'r0001', parent: 'base' });
      // the studio captions with r0001's weights, as the lineage now says
      expect(await studio.caption(studio.wholeClip(video))).toBe(byCli.after);
      const saved = await loadNamedTensors(join(root, 'refine/models/r0001/encoder'));
      for (const [k, v] of Object.entries(weights(studio))) expect(v).toEqual(Array.from(saved[k]!.dataSync()));
      for (const t of Object.values(saved)) t.dispose();

      const byStudio = await studio.refine(studio.wholeClip(studio.data.testIds[1]!), 'dog');
      expect(byStudio.entry).toMatchObject({ id: 'r0002', parent: 'r0001' });
      // and the CLI session, in turn, undoes from r0002 (the lineage's current model), not from its own r0001
      expect((await cli.undo()).id).toBe('r0001');
      expect(await studio.follow()).toBe('r0001');
    } finally {
      studio.dispose();
      cli.dispose();
    }
  }, 60_000);

  it('while one writer holds the lineage, another fails at once naming it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tl-lineage-lock-'));
    writeFixtureRun(root);
    const session = await open(root);
    try {
      const held = session.lineage.lock();
      const video = session.data.testIds[0]!;
      await expect(session.refine(session.wholeClip(video), 'dog')).rejects.toThrowError(LockHeldError);
      await expect(session.undo()).rejects.toThrowError(
        new RegExp(`^The refine lineage ${join(root, 'refine')} is in use by pid ${process.pid} on .+ since \\d{4}-`),
      );
      held.release();
      expect((await session.refine(session.wholeClip(video), 'dog')).entry.id).toBe('r0001');
    } finally {
      session.dispose();
    }
  }, 60_000);
});
