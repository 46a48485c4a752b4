import type { ReportOptions } from '../stages/report/schema.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { rootContainer } from '../../core/container/root-container.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../core/config/types.js';
import { TopiclensError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { StageContext } from '../../core/plugin/manifest.js';
import { PluginRegistry } from '../../core/plugin/registry.js';
import { builtinStages } from '../stages/index.js';
import { reportStage } from '../stages/report/stage.js';
import { buildReport } from './build-report.js';
import { reportCommand } from './command.js';
import { escapeHtml } from './escape.js';
import { CSP } from './html.js';
import { EVIL_CAPTION, FIXTURE_TOPICS, writeFixtureRun } from '../../test/support/report/fixture-run.js';
import reportManifests from './index.js';
import { REFERENCES_SHOWN } from './sections.js';

const tmp = mkdtempSync(join(tmpdir(), 'topiclens-report-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The chart specs embedded in a report page. */
const chartsOf = (html: string): { id: string; spec: { data?: { values: unknown[] } } }[] => {
  const m = /<script type="application\/json" id="report-charts">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error('no chart data in the page');
  return JSON.parse(m[1]!);
};

describe('buildReport', () => {
  const a = writeFixtureRun(join(tmp, 'runs/lstm-i'));
  const b = writeFixtureRun(join(tmp, 'runs/lstm-b'), { variant: 'LSTM-B', mapForm: 'builder' });
  const result = buildReport(a, { compare: b });
  const html = readFileSync(result.file, 'utf8');

  it('writes report/report.html with one chart per figure and data files for every chart and table', () => {
    expect(result.file).toBe(join(a, 'report/report.html'));
    expect(result.charts).toEqual([
      'scores',
      'fig3-contrast',
      'frame-activations',
      'neuron-topic-map',
      'interpretability',
      'training-loss',
      'validation-scores',
    ]);
    expect(result.data).toEqual([
      'topics',
      'scores',
      'corpus-scores',
      'fig3-contrast',
      'fig3-peaks',
      'frame-activations',
      'neuron-topic-map',
      'interpretability',
      'interpretability-summary',
      'training-loss',
      'validation-scores',
      'captions',
    ]);
    for (const d of result.data) {
      expect(existsSync(join(a, 'report/data', `${d}.json`)), d).toBe(true);
      expect(existsSync(join(a, 'report/data', `${d}.csv`)), d).toBe(true);
    }
    expect(result.missing).toEqual([]);
  });

  it('saves exactly the rows each chart draws, as JSON and as CSV with a header and one line per row', () => {
    const charts = chartsOf(html);
    for (const c of charts) {
      const rows = JSON.parse(readFileSync(join(a, 'report/data', `${c.id}.json`), 'utf8')) as unknown[];
      expect(c.spec.data?.values, c.id).toEqual(rows);
      const csv = readFileSync(join(a, 'report/data', `${c.id}.csv`), 'utf8');
      // Data here has no line breaks inside fields: lines = header + rows.
      expect(csv.trimEnd().split('\r\n'), c.id).toHaveLength(rows.length + 1);
    }
    const contrastRows = JSON.parse(readFileSync(join(a, 'report/data/fig3-contrast.json'), 'utf8')) as { run: string }[];
    expect(contrastRows).toHaveLength(2 * 4 * 24); // two runs × four topics × 24 neurons
  });

  it('escapes captions and topic names everywhere in the page (no markup from run data)', () => {
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('</script><b>onion');
    expect(html).toContain(escapeHtml(EVIL_CAPTION));
    expect(html).toContain(escapeHtml(FIXTURE_TOPICS[5]!));
    // Exactly the page's own script elements: 3 libraries + chart data + boot.
    expect(html.match(/<script[\s>]/g)).toHaveLength(5);
    expect(html).toContain(`content="${escapeHtml(CSP)}"`);
    // The captions CSV keeps the caption text verbatim (quoted as needed).
    expect(readFileSync(join(a, 'report/data/captions.csv'), 'utf8')).toContain(`"${EVIL_CAPTION.replace(/"/g, '""')}"`);
  });

  it("has no http(s) URL outside the inlined libraries' own code", () => {
    const withoutScripts = html.replace(/<script>[\s\S]*?<\/script>/g, '');
    expect(withoutScripts).not.toMatch(/(src|href)="https?:/);
    expect(withoutScripts).not.toMatch(/<link /);
  });

  it('says which stage to run for missing inputs, and leaves those charts out', () => {
    const c = writeFixtureRun(join(tmp, 'runs/partial'), {
      omit: ['fig3', 'meanActivations', 'frameActivations', 'neuronMap', 'interpretability', 'history', 'captions'],
    });
    const r = buildReport(c);
    expect(r.charts).toEqual(['scores']);
    expect(r.missing).toHaveLength(7);
    expect(r.missing.join('\n')).toContain('attribute/fig3.json is missing — the "attribute" stage writes it');
    expect(r.missing.join('\n')).toContain('attribute/mean-activations.json is missing — the "attribute" stage writes it');
    expect(r.missing.join('\n')).toContain('train/history.json is missing — the "train" stage writes it');
    expect(r.missing.join('\n')).toContain('evaluate/captions.json is missing — the "evaluate" stage writes it');
    expect(existsSync(join(c, 'report/data/mean-activations.json'))).toBe(false);
    const page = readFileSync(r.file, 'utf8');
    expect(page).toContain('class="note missing"');
    expect(chartsOf(page).map((x) => x.id)).toEqual(['scores']);
  });

  it('reports an unreadable input in its section instead of failing', () => {
    const c = writeFixtureRun(join(tmp, 'runs/broken'));
    writeFileSync(join(c, 'train/history.json'), '[{"epoch": 1, "taskLoss": 2.0}, {"epoch": 2, "taskLoss": null, "val": [1]}]');
    const r = buildReport(c);
    expect(r.charts).not.toContain('training-loss');
    expect(r.missing).toEqual([
      expect.stringContaining('train/history.json could not be read (/1/val: expected an object, found an array)'),
    ]);
  });

  it('shows three references per caption and folds the rest into an expandable list', () => {
    const captions = /<section id="captions">[\s\S]*?<\/section>/.exec(html)![0];
    const firstRow = /<tr><td>vid1201<\/td>[\s\S]*?<\/tr>/.exec(captions)![0];
    const shown = firstRow.split('<details')[0]!;
    expect(shown.match(/<li>/g)).toHaveLength(REFERENCES_SHOWN);
    expect(firstRow).toContain('<summary>9 more references</summary>');
    expect(firstRow.match(/<li>/g)).toHaveLength(12);
    expect(firstRow).toContain(escapeHtml('a dog and a puppy <ref>'));
    // A video with three references has nothing to fold.
    expect(/<tr><td>vid1202<\/td>[\s\S]*?<\/tr>/.exec(captions)![0]).not.toContain('<details');
  });

  it('says what Fig. 3 draws: the contrast with − without, the own neurons marked, and the per-topic peak', () => {
    const fig3 = result.sections.find((x) => x.id === 'fig3')!;
    expect(fig3.lead).toContain(
      'the mean activation of each encoder neuron over the test videos with the topic minus its mean over the test videos without it',
    );
    expect(fig3.lead).toContain('own neurons');
    expect(fig3.charts.map((c) => c.id)).toEqual(['fig3-contrast']);
    expect(fig3.tables.join('')).toContain('its rank by |contrast| (1 = peak)');
    expect(fig3.notes.filter((n) => n.kind === 'missing')).toEqual([]);
  });

  it('explains every interpretability score, with the old AUROC only under a sign-blind name', () => {
    const section = /<section id="interpretability">[\s\S]*?<\/section>/.exec(html)![0];
    expect(section).toContain('detector AUROC (sign-aware)');
    expect(section).toContain('0.5 = chance');
    expect(section).toContain('signed AUROC (sign-blind)');
    expect(section).not.toMatch(/>mean AUROC</);
    for (const m of [
      'selectivity (Cohen&#39;s d)',
      'contrast peakedness',
      'own neuron stands out',
      'decoding AUROC, own neurons',
      'decoding AUROC, all neurons',
      'ground-truth agreement',
    ])
      expect(section).toContain(m);
    // Summary values from the fixture's files.
    const i = result.runs[0]!.interpretability;
    expect(i.ok && section).toContain(`<td>${i.ok ? i.value.summary.detectorAuroc!.toFixed(3) : ''}</td>`);
    expect(section).toContain('through a probe f');
  });

  it('lists each neuron once in the map table, by the topic that names it', () => {
    const map = /<section id="map">[\s\S]*?<\/section>/.exec(html)![0];
    const lstmITable = map.split('<h3>')[1]!;
    const cells = [...lstmITable.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]!);
    const neurons = cells.flatMap((c) => [...c.matchAll(/(\d+) \(/g)].map((m) => m[1]));
    expect(neurons).toHaveLength(12);
    expect(new Set(neurons).size).toBe(12);
    // PDM chose dog's neuron 1 for onion 12 times: counted there as choices that went to other topics' neurons.
    expect(lstmITable).toContain('12 of 23');
  });

  it('marks a synthetic-data run as not comparable in value with the paper', () => {
    expect(html).toContain('their scores are NOT comparable in value with the paper');
  });

  it('still reads a run made before fig3.json and one-name labels, saying what it cannot show', () => {
    const oldI = writeFixtureRun(join(tmp, 'runs/old-i'), { format: 'legacy' });
    const r = buildReport(oldI, { compare: b });
    expect(r.charts).toEqual([
      'scores',
      'fig3-contrast',
      'mean-activations',
      'frame-activations',
      'neuron-topic-map',
      'interpretability',
      'training-loss',
      'validation-scores',
    ]);
    expect(r.missing).toEqual([expect.stringContaining('LSTM-I (fixture-lstm-i): attribute/fig3.json is missing')]);
    const fig3 = r.sections.find((x) => x.id === 'fig3')!;
    expect(fig3.charts[1]!.title).toContain('no contrast: made before fig3.json');
    expect(fig3.notes.map((n) => n.text).join('\n')).toContain(
      'its chart below shows the raw mean activation over the test videos with the topic',
    );
    expect(fig3.notes.filter((n) => n.text.includes('fig3.json'))).toHaveLength(1);
    const page = readFileSync(r.file, 'utf8');
    expect(page).toContain('written before neurons had one name each');
    expect(page).toContain('written before the sign-aware scores');
    // Alone, an old run's Fig. 3 text describes the raw mean it draws, not a contrast.
    const alone = buildReport(oldI, { outDir: join(tmp, 'old-alone') }).sections.find((x) => x.id === 'fig3')!;
    expect(alone.lead).toContain('not the contrast with the videos without it');
    expect(alone.lead).not.toContain('minus its mean');
  });

  it('rejects a run folder that does not exist and a compare run equal to the run', () => {
    expect(() => buildReport(join(tmp, 'nope'))).toThrow(TopiclensError);
    expect(() => buildReport(join(tmp, 'nope'))).toThrow(/is not a folder/);
    expect(() => buildReport(a, { compare: a })).toThrow(/same run/);
  });
});

function memoryLogger() {
  const warnings: string[] = [];
  const records: { event: string; fields: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: () => {},
    warn: (m) => warnings.push(m),
    record: (event, fields = {}) => records.push({ event, fields }),
    progress: () => ({ tick: () => {}, done: () => {} }),
  };
  return { logger, warnings, records };
}

function stageContext(runDir: string, config: Partial<ExperimentConfig>, logger: Logger): StageContext<ReportOptions> {
  const container = rootContainer.createChildContainer();
  const dir = join(runDir, 'report');
  mkdirSync(dir, { recursive: true });
  return {
    name: 'report',
    config: { name: 'x', seed: 1, backend: 'cpu', plugins: [], runsDir: 'runs', ...config } as ExperimentConfig,
    options: (config.report ?? {}) as ReportOptions,
    configDir: tmp,
    runDir,
    dir,
    resuming: false,
    stageDir: (s) => {
      if (s !== 'features') throw new TopiclensError(`unknown stage ${s}`);
      return join(runDir, s);
    },
    container,
    resolve: (t) => container.resolve(t),
    resolveAll: () => [],
    registry: new PluginRegistry(),
    tf,
    logger,
    seed: 1,
  };
}

describe('report stage', () => {
  it('writes the report into its stage folder, reading stages that are not registered from the run folder', async () => {
    const run = writeFixtureRun(join(tmp, 'stage/lstm-i'));
    writeFixtureRun(join(tmp, 'stage/lstm-b'), { variant: 'LSTM-B' });
    const { logger, warnings, records } = memoryLogger();
    await reportStage.run(stageContext(run, { report: { compare: 'stage/lstm-b' } }, logger));
    const page = readFileSync(join(run, 'report/report.html'), 'utf8');
    expect(page).toContain('LSTM-I (fixture-lstm-i) vs LSTM-B (fixture-lstm-b)');
    expect(warnings).toEqual([]);
    expect(records[0]!.event).toBe('report');
    expect(records[0]!.fields.charts).toHaveLength(7);
  });

  it('warns and reports the run alone when report.compare does not exist', async () => {
    const run = writeFixtureRun(join(tmp, 'stage2/lstm-i'), { omit: ['frameActivations'] });
    const { logger, warnings } = memoryLogger();
    await reportStage.run(stageContext(run, { report: { compare: 'stage2/missing' } }, logger));
    expect(warnings[0]).toMatch(/report\.compare names .*stage2\/missing, which does not exist/);
    expect(warnings[1]).toContain('attribute/frame-activations.json is missing');
    expect(readFileSync(join(run, 'report/report.html'), 'utf8')).toContain('<title>topiclens report — LSTM-I (fixture-lstm-i)</title>');
  });

  it('is registered from the stage list, the command from the area index, and validates its section', () => {
    expect(reportManifests.map((m) => `${m.kind}:${m.name}`)).toEqual(['command:report']);
    expect(builtinStages.at(-1)?.name).toBe('report');
    expect(reportStage.section).toBe('report');
    expect(reportStage.after).toEqual([]);
    expect(reportStage.optionalAfter).toEqual(['topics', 'train', 'evaluate', 'attribute']);
  });
});

describe('topiclens report', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      ctx: { registry: new PluginRegistry(), cwd: tmp, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) },
    };
  };

  it('regenerates the report of a run folder relative to the current folder, with --compare', async () => {
    writeFixtureRun(join(tmp, 'cmd/i'));
    writeFixtureRun(join(tmp, 'cmd/b'), { variant: 'LSTM-B', omit: ['history'] });
    const { out, err, ctx } = io();
    expect(await reportCommand.run(['cmd/i', '--compare', 'cmd/b'], ctx)).toBe(0);
    expect(out[0]).toContain(join(tmp, 'cmd/i/report/report.html'));
    expect(out[0]).toContain('7 charts, 12 data files');
    expect(err).toEqual([expect.stringContaining('LSTM-B (fixture-lstm-b): train/history.json is missing')]);
  });

  it('prints its usage for --help and rejects a missing run folder argument', async () => {
    const { out, ctx } = io();
    expect(await reportCommand.run(['--help'], ctx)).toBe(0);
    expect(out[0]).toContain('Usage: topiclens report <runDir> [--compare <runDir>]');
    await expect(reportCommand.run([], ctx)).rejects.toThrow(/expected one run folder, found none/);
    await expect(reportCommand.run(['a', '--bogus'], ctx)).rejects.toThrow(TopiclensError);
  });
});
