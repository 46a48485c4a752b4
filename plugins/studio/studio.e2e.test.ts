import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { useBackend } from '../../core/tensor/testing.js';
import { Eq10Refiner } from '../refiners/eq10/refine.js';
import { eq10Defaults } from '../refiners/eq10/schema.js';
import { RefineSession } from '../refiners/session/session.js';
import { fixtureLoader, writeFixtureRun } from '../refiners/testing/fixture-run.js';
import { startStudio, type StudioServer } from './server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The studio in a real headless browser (Debian chromium driven by playwright-core): open it on
 * a small trained fixture run, pick a video, apply a missing topic, see the caption change,
 * undo it.
 */
describe('studio in a browser', () => {
  const root = mkdtempSync(join(tmpdir(), 'tl-studio-e2e-'));
  let studio: StudioServer;
  let session: RefineSession;
  let browser: BrowserContext;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    await useBackend('cpu');
    writeFixtureRun(join(root, 'run'));
    const options = { mu: 0.01, steps: 40, learningRate: 0.05, optimizer: 'adam' as const };
    session = await RefineSession.open(join(root, 'run'), { loadModel: fixtureLoader, refiner: new Eq10Refiner({ ...eq10Defaults, ...options }), refinerInfo: { type: 'eq10', options } });
    studio = await startStudio(session, { port: 0 });
    // A fresh --user-data-dir: playwright passes the profile folder itself (launchPersistentContext).
    browser = await chromium.launchPersistentContext(join(root, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
    session?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('pick a video, apply a missing topic, see the caption change, undo', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('pageerror', (e) => failed.push(`page error: ${e.message}`));
    await page.goto(studio.url);
    await page.click('#videos button[data-id="test1"]');
    await expect.poll(() => page.textContent('#caption')).toBe('a woman');
    expect(await page.textContent('#missing-list')).toBe('car');
    // Charts rendered by vega-lite from the local bundles.
    await page.waitForSelector('#heatmap svg');
    await page.waitForSelector('#activations svg');
    await page.waitForSelector('#neuron-map svg');

    await page.selectOption('#missing', 'car');
    await page.click('#refine');
    await expect.poll(() => page.textContent('#caption'), { timeout: 30_000 }).toBe('a car and woman');
    expect(await page.textContent('#refine-result')).toContain('"a woman" → "a car and woman"');
    expect(await page.textContent('#history li.current')).toBe('r0001: +car on test1');
    expect(await page.textContent('#predicted')).toBe('car');

    await page.click('#undo');
    await expect.poll(() => page.textContent('#caption'), { timeout: 30_000 }).toBe('a woman');
    expect(await page.textContent('#history li.current')).toBe('base: trained model');
    expect(failed).toEqual([]);
  });
});
