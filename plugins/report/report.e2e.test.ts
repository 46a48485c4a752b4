import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from './build-report.js';
import { EVIL_CAPTION, writeFixtureRun } from './fixture-run.js';

/**
 * Opens generated reports in Debian's headless Chromium (CI installs it when missing): every chart
 * drawn as a non-empty SVG, no console errors, no request beyond file://, and a screenshot.
 * Set TOPICLENS_KEEP_SCREENSHOTS=1 to keep the temp folder (its path is printed).
 */

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
const QUICK_RUNS = ['runs/quick', 'presets/runs/quick'].map((p) => join(ROOT, p)).filter((p) => existsSync(join(p, 'config.json')));

let tmp: string;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests.`);
  tmp = mkdtempSync(join(tmpdir(), 'topiclens-report-e2e-'));
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (process.env.TOPICLENS_KEEP_SCREENSHOTS === '1') console.log(`report screenshots kept in ${tmp}`);
  else if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface PageCheck {
  consoleErrors: string[];
  requests: string[];
  charts: { id: string; rendered: string | null; svgs: number; marks: number; width: number; height: number }[];
  done: string | null;
  failed: string | null;
  missingNotes: string[];
  text: string;
  pwned: unknown;
  screenshot: string;
}

async function openReport(file: string, shot: string): Promise<PageCheck> {
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts-done]', { timeout: 30_000 });
    const result = await page.evaluate(() => {
      const charts = Array.from(document.querySelectorAll<HTMLElement>('[data-chart]')).map((el) => {
        const svgs = el.querySelectorAll('svg');
        // Drawn marks: paths, lines, rects, text and symbols inside Vega's mark groups.
        const marks = el.querySelectorAll('svg g[class^="mark-"] > path, svg g[class^="mark-"] > line, svg g[class^="mark-"] > rect, svg g[class^="mark-"] > text').length;
        const box = svgs[0]?.getBoundingClientRect();
        return { id: el.dataset.chart!, rendered: el.getAttribute('data-rendered'), svgs: svgs.length, marks, width: box?.width ?? 0, height: box?.height ?? 0 };
      });
      return {
        charts,
        done: document.body.getAttribute('data-charts-done'),
        failed: document.body.getAttribute('data-charts-failed'),
        missingNotes: Array.from(document.querySelectorAll('.note.missing')).map((n) => n.textContent ?? ''),
        text: document.body.innerText,
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      };
    });
    await page.screenshot({ path: shot, fullPage: true });
    return { ...result, consoleErrors, requests, screenshot: shot };
  } finally {
    await page.close();
  }
}

const offFile = (urls: string[]) => urls.filter((u) => !u.startsWith('file://') && !u.startsWith('data:') && u !== 'about:blank');

describe('report in headless Chromium', () => {
  it('draws every chart of an LSTM-I vs LSTM-B fixture report, offline, with captions escaped', async () => {
    const a = writeFixtureRun(join(tmp, 'runs/lstm-i'));
    const b = writeFixtureRun(join(tmp, 'runs/lstm-b'), { variant: 'LSTM-B', mapForm: 'builder' });
    const built = buildReport(a, { compare: b });
    expect(built.charts).toEqual(['scores', 'mean-activations', 'frame-activations', 'neuron-topic-map', 'interpretability', 'training-loss', 'validation-scores']);
    const check = await openReport(built.file, join(tmp, 'fixture-compare.png'));

    expect(check.consoleErrors).toEqual([]);
    expect(offFile(check.requests)).toEqual([]);
    expect(check.requests.length).toBeGreaterThanOrEqual(1); // the page itself
    expect(check.failed).toBe('0');
    expect(check.done).toBe(String(built.charts.length));
    expect(check.charts.map((c) => c.id)).toEqual(built.charts);
    for (const c of check.charts) {
      expect(c.rendered, c.id).toBe('true');
      expect(c.svgs, c.id).toBe(1);
      expect(c.marks, c.id).toBeGreaterThan(5);
      expect(c.width, c.id).toBeGreaterThan(100);
      expect(c.height, c.id).toBeGreaterThan(50);
    }
    // Hostile caption and topic name show as text and run nothing.
    expect(check.pwned).toBeUndefined();
    expect(check.text).toContain(EVIL_CAPTION);
    expect(check.text).toContain('</script><b>onion & "garlic"</b>');
    expect(check.text).toContain('LSTM-B (fixture-lstm-b)');
    expect(check.missingNotes).toEqual([]);
    expect(statSync(check.screenshot).size).toBeGreaterThan(20_000);
  });

  it('shows what is missing, and still draws the rest, for a run without the attribute and train stages', async () => {
    const c = writeFixtureRun(join(tmp, 'runs/partial'), { omit: ['meanActivations', 'frameActivations', 'neuronMap', 'interpretability', 'history'] });
    const built = buildReport(c);
    expect(built.charts).toEqual(['scores']);
    const check = await openReport(built.file, join(tmp, 'fixture-partial.png'));
    expect(check.consoleErrors).toEqual([]);
    expect(offFile(check.requests)).toEqual([]);
    expect(check.done).toBe('1');
    expect(check.charts[0]!.rendered).toBe('true');
    expect(check.charts[0]!.marks).toBeGreaterThan(5);
    const notes = check.missingNotes.join('\n');
    for (const f of ['attribute/mean-activations.json', 'attribute/frame-activations.json', 'attribute/neuron-topic-map.json', 'attribute/interpretability.json', 'train/history.json']) expect(notes).toContain(f);
    expect(notes).toContain('the "attribute" stage writes it');
    expect(notes).toContain('the "train" stage writes it');
  });

  it.each(QUICK_RUNS.length ? QUICK_RUNS : ['(no quick run)'])('draws every chart of the real quick run %s when it exists', async (runDir) => {
    if (!existsSync(runDir)) {
      // `npm start` has not been run here: the fixture tests above cover the page.
      expect(QUICK_RUNS).toEqual([]);
      return;
    }
    const built = buildReport(runDir, { outDir: join(tmp, 'quick-report') });
    const check = await openReport(built.file, join(tmp, 'quick.png'));
    expect(check.consoleErrors).toEqual([]);
    expect(offFile(check.requests)).toEqual([]);
    expect(check.failed).toBe('0');
    expect(built.charts.length).toBeGreaterThanOrEqual(1);
    for (const c of check.charts) {
      expect(c.rendered, c.id).toBe('true');
      expect(c.marks, c.id).toBeGreaterThan(0);
    }
  });
});
