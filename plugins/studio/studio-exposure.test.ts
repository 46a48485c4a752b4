import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import { Eq10Refiner } from '../refiners/eq10/refine.js';
import { eq10Defaults } from '../refiners/eq10/schema.js';
import { RefineSession } from '../refiners/session/session.js';
import { fixtureLoader, writeFixtureRun } from '../../test/support/refiners/fixture-run.js';
import { startStudio, type StudioServer } from './server.js';

// Issue 16: `--host 0.0.0.0` switched the Host check off (a POST with Host and Origin evil.example
// succeeded) and /api/run returned the absolute run path.
interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed response body, read field by field in assertions (a wrong shape fails them).
  json: () => any;
}
const call = (port: number, path: string, opts: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Res> =>
  new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers = { Host: `127.0.0.1:${port}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...opts.headers };
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: () => JSON.parse(text) }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
const portOf = (s: StudioServer) => Number(new URL(s.url).port);

describe('studio exposure', () => {
  let session: RefineSession;
  beforeAll(async () => {
    await useBackend('cpu');
    const root = mkdtempSync(join(tmpdir(), 'tl-studio-exp-'));
    writeFixtureRun(root);
    session = await RefineSession.open(root, {
      loadModel: fixtureLoader,
      refiner: new Eq10Refiner(eq10Defaults),
      refinerInfo: { type: 'eq10', options: {} },
    });
  });
  afterAll(() => session.dispose());

  it('on loopback: no token, no absolute path in /api/run, cross-origin POST refused', async () => {
    const studio = await startStudio(session, { port: 0 });
    const port = portOf(studio);
    try {
      expect(studio.token).toBeNull();
      const run = await call(port, '/api/run');
      expect(run.status).toBe(200);
      expect(run.json().runDir.startsWith('/')).toBe(false);
      expect(JSON.stringify(run.json())).not.toContain(`"${session.data.runDir}`);
      const evil = await call(port, '/api/checkout', {
        method: 'POST',
        body: { model: 'base' },
        headers: { Origin: 'http://evil.example' },
      });
      expect(evil.status).toBe(403);
      expect(evil.json().error).toBe('cross-origin POST refused (Origin "http://evil.example")');
      expect(
        (await call(port, '/api/checkout', { method: 'POST', body: { model: 'base' }, headers: { Origin: `http://127.0.0.1:${port}` } }))
          .status,
      ).toBe(200);
    } finally {
      await studio.close();
    }
  });

  it('on 0.0.0.0: a random token on every request, the Host allowlist kept, Origin checked', async () => {
    const studio = await startStudio(session, { port: 0, host: '0.0.0.0', allowHosts: ['studio.example'] });
    const port = portOf(studio);
    try {
      expect(studio.token).toMatch(/^[0-9a-f]{48}$/);
      expect(studio.url).toBe(`http://0.0.0.0:${port}/?token=${studio.token}`);
      const auth = { Authorization: `token ${studio.token}` };
      const none = await call(port, '/api/run');
      expect(none.status).toBe(403);
      expect(none.json().error).toContain('needs its access token');
      expect((await call(port, '/api/run', { headers: { Authorization: 'token nope' } })).json().error).toBe('wrong access token');
      expect((await call(port, '/api/run', { headers: auth })).status).toBe(200);
      // the attack of the issue: Host and Origin evil.example, now with and without the token
      const evil = { Host: `evil.example:${port}`, Origin: 'http://evil.example' };
      expect((await call(port, '/api/checkout', { method: 'POST', body: { model: 'base' }, headers: evil })).status).toBe(421);
      expect((await call(port, '/api/checkout', { method: 'POST', body: { model: 'base' }, headers: { ...evil, ...auth } })).status).toBe(
        421,
      );
      expect(
        (
          await call(port, '/api/checkout', {
            method: 'POST',
            body: { model: 'base' },
            headers: { Origin: 'http://evil.example', ...auth },
          })
        ).status,
      ).toBe(403);
      // a configured host name is accepted; the page gets the token as a cookie from the printed URL
      expect((await call(port, '/api/run', { headers: { Host: `studio.example:${port}`, ...auth } })).status).toBe(200);
      const page = await call(port, `/?token=${studio.token}`);
      expect(page.status).toBe(200);
      const cookie = String(page.headers['set-cookie']).split(';')[0]!;
      expect(cookie).toBe(`topiclens-studio-token=${studio.token}`);
      expect(String(page.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
      expect((await call(port, '/api/history', { headers: { Cookie: cookie } })).status).toBe(200);
      expect((await call(port, '/static/studio.css', { headers: { Cookie: cookie } })).status).toBe(200);
    } finally {
      await studio.close();
    }
  });
});
