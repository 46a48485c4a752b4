import { escapeHtml as h } from '../escape.js';
import { captionRows } from '../extract.js';
import type { RunData } from '../read-run.js';
import { details, fmt, notesOf, table, type Section } from './common.js';

/** Most caption rows shown per run on the page (all of them go to data/captions.*). */
export const CAPTIONS_SHOWN = 20;
/** References shown per caption; the rest fold into a <details> (a quick-run video has ~20). */
export const REFERENCES_SHOWN = 3;

const list = (items: readonly string[]) => `<ul>${items.map((x) => `<li>${h(x)}</li>`).join('')}</ul>`;

/** A caption's references: the first few, the rest behind "N more". */
export function referencesCell(references: readonly string[]): string {
  const rest = references.slice(REFERENCES_SHOWN);
  return (
    list(references.slice(0, REFERENCES_SHOWN)) +
    (rest.length ? details(`${rest.length} more reference${rest.length === 1 ? '' : 's'}`, list(rest), 'more-references') : '')
  );
}

/** Generated captions of test videos next to their references. */
export function captionsSection(runs: readonly RunData[]): Section {
  const rows = captionRows(runs);
  const tables: string[] = [];
  for (const run of runs) {
    const mine = rows.filter((r) => r.run === run.label);
    if (!mine.length) continue;
    const shown = mine.slice(0, CAPTIONS_SHOWN);
    tables.push(
      `<h3>${h(run.label)}</h3><p class="small">${shown.length} of ${mine.length} test videos (all in data/captions.json); ${REFERENCES_SHOWN} references each, the rest folded.</p>` +
        table(
          ['video', 'generated', 'references', 'BLEU-4', 'METEOR'],
          shown.map((r) => [h(r.video), h(r.hypothesis), referencesCell(r.references), fmt(r.bleu4), fmt(r.meteor)]),
          'captions',
        ),
    );
  }
  return {
    id: 'captions',
    title: 'Sample captions',
    lead: 'Generated captions of test videos next to their reference sentences.',
    notes: notesOf(runs, (r) => r.captions),
    charts: [],
    tables,
    data: rows.length
      ? [
          {
            name: 'captions',
            rows: rows as unknown as Record<string, unknown>[],
            columns: ['run', 'video', 'hypothesis', 'references', 'bleu4', 'meteor'],
          },
        ]
      : [],
  };
}
