import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from './build-report.js';
import { launchHeadlessChromium } from '../../test/support/browser.js';
import { EVIL_CAPTION, writeFixtureRun } from '../../test/support/report/fixture-run.js';

/**
 * Opens generated reports in Debian's headless Chromium (CI installs it when missing): every chart
 * drawn as a non-empty SVG, no console errors, no request beyond file://, and a screenshot.
 * Set TOPICLENS_KEEP_SCREENSHOTS=1 to keep the temp folder (its path is printed).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const QUICK_RUNS = ['runs/quick', 'presets/runs/quick'].map((p) => join(ROOT, p)).filter((p) => existsSync(join(p, 'config.json')));

let tmp: string;
let context: BrowserContext;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'topiclens-report-e2e-'));
  context = await launchHeadlessChromium(join(tmp, 'profile'), { viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  if (process.env.TOPICLENS_KEEP_SCREENSHOTS === '1') console.log(`report screenshots kept in ${tmp}`);
  else if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface PageCheck {
  consoleErrors: string[];
  requests: string[];
  charts: { id: string; rendered: string | null; svgs: number; marks: number; width: number; height: number; room: number }[];
  /** Sections whose content is wider than the section (a horizontal scroll bar). */
  overflowing: string[];
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
        const marks = el.querySelectorAll(
          'svg g[class^="mark-"] > path, svg g[class^="mark-"] > line, svg g[class^="mark-"] > rect, svg g[class^="mark-"] > text',
        ).length;
        const box = svgs[0]?.getBoundingClientRect();
        // The width a chart may take: its section's content box.
        const section = el.closest('section')!;
        const style = getComputedStyle(section);
        const room = section.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return {
          id: el.dataset.chart!,
          rendered: el.getAttribute('data-rendered'),
          svgs: svgs.length,
          marks,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          room,
        };
      });
      const overflowing = Array.from(document.querySelectorAll('section'))
        .filter((x) => x.scrollWidth > x.clientWidth + 1)
        .map((x) => x.id);
      return {
        charts,
        overflowing,
        done: document.body.getAttribute('data-charts-done'),
        failed: document.body.getAttribute('data-charts-failed'),
        missingNotes: Array.from(document.querySelectorAll('.note.missing')).map((n) => n.textContent ?? ''),
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text a reader sees (hidden parts left out) is what is checked.
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
    expect(built.charts).toEqual([
      'scores',
      'fig3-contrast',
      'frame-activations',
      'neuron-topic-map',
      'interpretability',
      'training-loss',
      'validation-scores',
    ]);
    const check = await openReport(built.file, join(tmp, 'fixture-compare.png'));
    expect(check.overflowing).toEqual([]);
    for (const c of check.charts) expect(c.width, `${c.id} is ${c.width}px wide in a ${c.room}px card`).toBeLessThanOrEqual(c.room);

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
    const c = writeFixtureRun(join(tmp, 'runs/partial'), {
      omit: ['fig3', 'meanActivations', 'frameActivations', 'neuronMap', 'interpretability', 'history'],
    });
    const built = buildReport(c);
    expect(built.charts).toEqual(['scores']);
    const check = await openReport(built.file, join(tmp, 'fixture-partial.png'));
    expect(check.consoleErrors).toEqual([]);
    expect(offFile(check.requests)).toEqual([]);
    expect(check.done).toBe('1');
    expect(check.charts[0]!.rendered).toBe('true');
    expect(check.charts[0]!.marks).toBeGreaterThan(5);
    const notes = check.missingNotes.join('\n');
    for (const f of [
      'attribute/fig3.json',
      'attribute/mean-activations.json',
      'attribute/frame-activations.json',
      'attribute/neuron-topic-map.json',
      'attribute/interpretability.json',
      'train/history.json',
    ])
      expect(notes).toContain(f);
    expect(notes).toContain('the "attribute" stage writes it');
    expect(notes).toContain('the "train" stage writes it');
  });

  it("fits the validation chart in its card with METEOR, the selection metric, in view; Fig. 4's legend has a glyph per line style", async () => {
    const a = writeFixtureRun(join(tmp, 'runs/glyphs-i'));
    const b = writeFixtureRun(join(tmp, 'runs/glyphs-b'), { variant: 'LSTM-B' });
    const built = buildReport(a, { compare: b });
    const page = await context.newPage();
    try {
      await page.goto(pathToFileURL(built.file).href);
      await page.waitForSelector('body[data-charts-done]', { timeout: 30_000 });
      const meteor = await page.evaluate(() => {
        const section = document.getElementById('training')!.getBoundingClientRect();
        const label = Array.from(document.querySelectorAll('#chart-validation-scores svg text')).find(
          (t) => t.textContent === 'METEOR (selection metric)',
        );
        const box = label?.getBoundingClientRect();
        return box ? { left: box.left, right: box.right, sectionLeft: section.left, sectionRight: section.right } : null;
      });
      expect(meteor).not.toBeNull();
      expect(meteor!.left).toBeGreaterThanOrEqual(meteor!.sectionLeft);
      expect(meteor!.right).toBeLessThanOrEqual(meteor!.sectionRight);
      // The "topic in video" legend: a visible stroke per entry, three different dash patterns.
      const glyphs = await page.evaluate(() => {
        const legends = Array.from(document.querySelectorAll('#chart-frame-activations svg g.role-legend'));
        const inVideo = legends.find((g) => g.querySelector('.role-legend-title text')?.textContent === 'topic in video')!;
        return Array.from(inVideo.querySelectorAll('.role-legend-symbol path')).map((p) => ({
          stroke: p.getAttribute('stroke'),
          width: p.getAttribute('stroke-width'),
          dash: p.getAttribute('stroke-dasharray') ?? '',
        }));
      });
      expect(glyphs).toHaveLength(3);
      for (const g of glyphs) {
        expect(g.stroke).toMatch(/^#|rgb/);
        expect(Number(g.width)).toBeGreaterThan(0);
      }
      expect(new Set(glyphs.map((g) => g.dash)).size).toBe(3);
    } finally {
      await page.close();
    }
  });

  it('gives twelve topics of Fig. 4 twelve line colours', async () => {
    const a = writeFixtureRun(join(tmp, 'runs/twelve'));
    const topics = ['beach', 'bear', 'black', 'blue', 'bounces', 'cat', 'dog', 'dog/puppy', 'left', 'moves', 'small', 'yellow'];
    const fa: Record<string, Record<string, { neuron: number; relevant: boolean; values: number[] }>> = {};
    topics.forEach((t, i) => {
      const video = `vid120${1 + (i % 4)}`;
      fa[video] = { ...fa[video], [t]: { neuron: i, relevant: true, values: Array.from({ length: 10 }, (_, f) => Math.sin(f / 3 + i)) } };
    });
    writeFileSync(join(a, 'attribute/frame-activations.json'), JSON.stringify(fa));
    const built = buildReport(a);
    const page = await context.newPage();
    try {
      await page.goto(pathToFileURL(built.file).href);
      await page.waitForSelector('body[data-charts-done]', { timeout: 30_000 });
      const strokes = await page.evaluate(() =>
        Array.from(document.querySelectorAll('#chart-frame-activations svg g.mark-line path')).map((p) => p.getAttribute('stroke')),
      );
      expect(strokes).toHaveLength(12);
      expect(new Set(strokes).size).toBe(12);
    } finally {
      await page.close();
    }
  });

  it('shows three references per caption until the reader opens the rest', async () => {
    const built = buildReport(writeFixtureRun(join(tmp, 'runs/refs')));
    const page = await context.newPage();
    try {
      await page.goto(pathToFileURL(built.file).href);
      const visible = () =>
        page.evaluate(
          () =>
            Array.from(document.querySelectorAll('#captions tbody tr:first-child li')).filter(
              (li) => li.checkVisibility() && li.getBoundingClientRect().height > 0,
            ).length,
        );
      expect(await visible()).toBe(3);
      await page.click('#captions tbody tr:first-child summary');
      expect(await visible()).toBe(12);
    } finally {
      await page.close();
    }
  });

  it('draws a run made before fig3.json and one-name labels, with its notes, inside the cards', async () => {
    const a = writeFixtureRun(join(tmp, 'runs/legacy-i'), { format: 'legacy' });
    const b = writeFixtureRun(join(tmp, 'runs/legacy-b'), { variant: 'LSTM-B', mapForm: 'builder', format: 'legacy' });
    const built = buildReport(a, { compare: b });
    expect(built.charts).toContain('mean-activations');
    const check = await openReport(built.file, join(tmp, 'fixture-legacy.png'));
    expect(check.consoleErrors).toEqual([]);
    expect(check.failed).toBe('0');
    expect(check.overflowing).toEqual([]);
    for (const c of check.charts) {
      expect(c.rendered, c.id).toBe('true');
      expect(c.width, c.id).toBeLessThanOrEqual(c.room);
    }
    expect(check.missingNotes.join('\n')).toContain('attribute/fig3.json is missing');
    expect(check.text).toContain('not the contrast with the videos without it');
  });

  it.each(QUICK_RUNS.length ? QUICK_RUNS : ['(no quick run)'])(
    'draws every chart of the real quick run %s when it exists',
    async (runDir) => {
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
      expect(check.overflowing).toEqual([]);
      for (const c of check.charts) {
        expect(c.rendered, c.id).toBe('true');
        expect(c.marks, c.id).toBeGreaterThan(0);
        expect(c.width, c.id).toBeLessThanOrEqual(c.room);
      }
    },
  );
});
