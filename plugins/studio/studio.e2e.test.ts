import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { useBackend } from '../../core/tensor/testing/use-backend.js';
import type { eq10Defaults } from '../refiners/eq10/schema.js';
import type { RefineSession } from '../refiners/session/session.js';
import { launchHeadlessChromium } from '../../test/support/browser.js';
import { openFixtureSession, writeFixtureRun } from '../../test/support/refiners/fixture-run.js';
import { displayPath } from './display-path.js';
import { startStudio, type StudioServer } from './server.js';

/** A fixture run in `root`, a session with these eq10 options, the studio on it, and a fresh headless chromium. */
async function launch(root: string, options: Partial<typeof eq10Defaults>, studioOptions: { attributors?: string[] } = {}) {
  const browser = await launchHeadlessChromium(join(root, 'profile')); // first: fails before a server starts when chromium is missing
  await useBackend('cpu');
  writeFixtureRun(join(root, 'run'));
  const session = await openFixtureSession(join(root, 'run'), options);
  const studio = await startStudio(session, { port: 0, ...studioOptions });
  return { session, studio, browser };
}

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
    ({ session, studio, browser } = await launch(root, { mu: 0.01, steps: 40, learningRate: 0.05, optimizer: 'adam' }));
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
    session?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists the videos whose caption misses a reference topic first, or by id', async () => {
    const page = await browser.newPage();
    await page.goto(studio.url);
    await expect.poll(() => page.textContent('#video-summary')).toBe('5 of 8 captions miss a reference topic (model base).');
    const order = () => page.$$eval('#videos button', (bs) => bs.map((b) => (b as HTMLElement).dataset.id));
    expect(await order()).toEqual(['test0', 'test1', 'test2', 'test4', 'test7', 'test3', 'test5', 'test6']);
    expect(await page.textContent('#videos button[data-id="test1"] .badge')).toBe('1');
    await page.selectOption('#video-order', 'id');
    expect(await order()).toEqual(['test0', 'test1', 'test2', 'test3', 'test4', 'test5', 'test6', 'test7']);
    await page.close();
  });

  it('the activation picker follows the opened video: its topics, missing first, at most two', async () => {
    const page = await browser.newPage();
    await page.goto(studio.url);
    const selected = () => page.$$eval('#act-topic option:checked', (o) => o.map((x) => (x as HTMLOptionElement).value));
    const open = async (id: string) => {
      await page.click(`#videos button[data-id="${id}"]`);
      await expect.poll(() => page.textContent('#status')).toMatch(/^ready/);
    };
    await open('test4'); // dog (missing) and car
    expect(await selected()).toEqual(['dog', 'car']);
    expect(await page.$$eval('#activations svg g.mark-line path', (x) => x.length)).toBe(2);
    await open('test2'); // swim only: the picker does not keep test4's topics
    expect(await selected()).toEqual(['swim']);
    expect(await page.$$eval('#act-topic option', (o) => o.map((x) => x.textContent))).toEqual(['✓ swim', 'dog', 'car']);
    await page.close();
  });

  it('pick a video, apply a missing topic, see the caption change and the chain, undo', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('pageerror', (e) => failed.push(`page error: ${e.message}`));
    await page.goto(studio.url);
    expect((await page.textContent('#propagation-note'))!.replace(/\s+/g, ' ')).toContain('the refined model captions every video');
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
    expect(await page.getAttribute('#refine-outcome', 'class')).toBe('gained');
    expect(await page.textContent('#advice-text')).toBe('"car" is in the refined model\'s caption of this video.');
    // Car's test videos: test1 (weak, now captioned with car), test4 and test5 (strong).
    expect(await page.textContent('#propagation')).toBe(
      'Correction propagation: the refined model captions 1 of the other 7 test videos differently; "car" is now in 3 of the 3 captions of videos with it (before: 2).',
    );
    expect(await page.textContent('#lineage')).toBe('base (trained model) → r0001 (+car on test1)  ← current');

    await page.click('#undo');
    await expect.poll(() => page.textContent('#caption'), { timeout: 30_000 }).toBe('a woman');
    expect(await page.textContent('#history li.current')).toBe('base: trained model');
    expect(await page.textContent('#lineage')).toBe('base (trained model)  ← current');
    expect(failed).toEqual([]);
  });
});

describe('studio in a browser, after a refinement that does not add its topic', () => {
  const root = mkdtempSync(join(tmpdir(), 'tl-studio-e2e-weak-'));
  let studio: StudioServer;
  let session: RefineSession;
  let browser: BrowserContext;
  beforeAll(async () => {
    // One tiny step: correction propagation cannot reach v*.
    ({ session, studio, browser } = await launch(
      root,
      { mu: 0.01, steps: 1, learningRate: 1e-6, optimizer: 'adam', gain: 3 },
      { attributors: ['pdm', 'ablation'] },
    ));
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
    session?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it("says the topic is still missing and what to try, in the refiner's option names", async () => {
    const page = await browser.newPage();
    await page.goto(studio.url);
    await page.click('#videos button[data-id="test1"]');
    await expect.poll(() => page.textContent('#caption')).toBe('a woman');
    await page.selectOption('#missing', 'car');
    await page.click('#refine');
    await expect.poll(() => page.getAttribute('#refine-outcome', 'class'), { timeout: 30_000 }).toBe('not-gained');
    expect(await page.textContent('#caption')).toBe('a woman');
    expect(await page.textContent('#advice-text')).toMatch(
      /^"car" is still missing, and correction propagation did not reach the enhanced features v\*/,
    );
    const tries = await page.$$eval('#advice li', (li) => li.map((x) => x.textContent));
    expect(tries[0]).toContain('steps 1 → 3');
    expect(tries[0]).toContain(`topiclens studio ${displayPath(join(root, 'run'))} --steps 3`);
    expect(tries[1]).toContain('learningRate 0.000001 → 0.00001');
    expect(tries[2]).toContain('topiclens attribute');
    expect(tries[2]).toContain('--attributor ablation');
    await page.close();
  });
});
