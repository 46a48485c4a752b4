import { existsSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TopiclensError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/runner/atomic.js';
import { chartLibrary } from './assets.js';
import { toCsv } from './escape.js';
import { renderPage } from './html.js';
import { readRun, type RunData } from './read-run.js';
import { buildSections, type Section } from './sections.js';

export interface BuildReportOptions {
  /** A second run folder shown beside the first (e.g. the LSTM-B run next to the LSTM-I run). */
  compare?: string;
  /** Where the report goes (default `<runDir>/report`). */
  outDir?: string;
  /** Stage folder lookup of the first run (the report stage passes its ctx.stageDir). */
  stageDir?: (stage: string) => string;
}

export interface BuildReportResult {
  file: string;
  dataDir: string;
  /** Ids of the charts on the page. */
  charts: string[];
  /** Data files written (base names; each as .json and .csv). */
  data: string[];
  /** The notes about missing or unreadable inputs (each once). */
  missing: string[];
  runs: RunData[];
  sections: Section[];
}

const checkRunDir = (dir: string, what: string): string => {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new TopiclensError(`${what} ${abs} is not a folder. Give a run folder (runs/<name>) that \`topiclens run\` wrote.`, 2);
  }
  return abs;
};

/** Write `report.html` and `data/<chart>.json|csv` for a run folder (and optionally a second run to compare). */
export function buildReport(runDir: string, options: BuildReportOptions = {}): BuildReportResult {
  const dir = checkRunDir(runDir, 'Run folder');
  const runs = [readRun(dir, options.stageDir)];
  if (options.compare !== undefined) {
    const other = checkRunDir(options.compare, '--compare run folder');
    if (other === dir)
      throw new TopiclensError(`--compare ${other} is the same run as the report's; give the other run's folder (e.g. the LSTM-B run).`, 2);
    runs.push(readRun(other));
    // Two runs with the same label would merge in the charts: tell them apart.
    if (runs[0]!.label === runs[1]!.label) runs[1]!.label = `${runs[1]!.label} [compare]`;
  }
  const sections = buildSections(runs);
  const outDir = options.outDir ?? join(dir, 'report');
  const dataDir = join(outDir, 'data');
  rmSync(dataDir, { recursive: true, force: true });
  const data: string[] = [];
  for (const s of sections) {
    for (const d of s.data) {
      writeFileAtomic(join(dataDir, `${d.name}.json`), `${JSON.stringify(d.rows, null, 1)}\n`);
      writeFileAtomic(join(dataDir, `${d.name}.csv`), toCsv(d.rows, d.columns));
      data.push(d.name);
    }
  }
  const file = join(outDir, 'report.html');
  writeFileAtomic(file, renderPage({ runs, sections, library: chartLibrary() }));
  return {
    file,
    dataDir,
    charts: sections.flatMap((s) => s.charts.map((c) => c.id)),
    data,
    missing: [...new Set(sections.flatMap((s) => s.notes.filter((n) => n.kind === 'missing').map((n) => n.text)))],
    runs,
    sections,
  };
}
