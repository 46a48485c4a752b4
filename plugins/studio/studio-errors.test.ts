import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TopiclensError } from '../../core/errors.js';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import { Eq10Refiner } from '../refiners/eq10/refine.js';
import { eq10Defaults } from '../refiners/eq10/schema.js';
import { RefineSession } from '../refiners/session/session.js';
import { fixtureLoader, writeFixtureRun } from '../../test/support/refiners/fixture-run.js';
import { startStudio } from './server.js';

const get = (url: string): Promise<{ status: number; body: unknown }> =>
  new Promise((resolve, reject) => {
    request(url, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    })
      .on('error', reject)
      .end();
  });

describe('studio errors', () => {
  it('a model that cannot caption (NaN scores in beam search) is a 409 with the reason, not a 500', async () => {
    await useBackend('cpu');
    const root = mkdtempSync(join(tmpdir(), 'tl-studio-err-'));
    writeFixtureRun(root);
    const nanModel: typeof fixtureLoader = async (data) => ({
      ...(await fixtureLoader(data)),
      describe: async () => {
        throw new TopiclensError('beam search: every hypothesis of batch row 0 has a non-finite score (NaN)');
      },
    });
    const session = await RefineSession.open(root, {
      loadModel: nanModel,
      refiner: new Eq10Refiner(eq10Defaults),
      refinerInfo: { type: 'eq10', options: {} },
    });
    const studio = await startStudio(session, { port: 0 });
    try {
      const r = await get(`${studio.url}api/videos/${session.data.testIds[0]}`);
      expect(r).toEqual({ status: 409, body: { error: 'beam search: every hypothesis of batch row 0 has a non-finite score (NaN)' } });
    } finally {
      await studio.close();
      session.dispose();
    }
  });
});
