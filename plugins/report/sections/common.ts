import { relative } from 'node:path';
import { escapeHtml as h } from '../escape.js';
import type { Part, RunData } from '../read-run.js';
import type { VegaLiteSpec } from '../specs.js';

export interface Chart {
  /** Element id and data file base name. */
  id: string;
  title: string;
  spec: VegaLiteSpec;
}

export interface DataFile {
  name: string;
  rows: Record<string, unknown>[];
  columns?: string[];
}

export interface Note {
  kind: 'missing' | 'info';
  /** Plain text (escaped when rendered). */
  text: string;
}

export interface Section {
  id: string;
  title: string;
  /** Plain text. */
  lead: string;
  notes: Note[];
  charts: Chart[];
  /** Trusted HTML built only from escaped pieces. */
  tables: string[];
  data: DataFile[];
}

/** What a missing or unreadable input means, and which stage to run. */
export function partNote(run: RunData, part: Part<unknown>): Note | undefined {
  if (part.ok) return undefined;
  const rel = relative(run.dir, part.file) || part.file;
  const who = part.stage === 'run' ? '`topiclens run` writes it' : `the "${part.stage}" stage writes it`;
  const text =
    part.problem === 'missing'
      ? `${run.label}: ${rel} is missing — ${who}. Run the experiment through that stage, then \`topiclens report ${run.dir}\` again.`
      : `${run.label}: ${rel} could not be read (${part.detail.replace(part.file, '').trim()}) — ${who}; run that stage again.`;
  return { kind: 'missing', text };
}

export const notesOf = (runs: readonly RunData[], pick: (r: RunData) => Part<unknown>): Note[] =>
  runs.map((r) => partNote(r, pick(r))).filter((n): n is Note => n !== undefined);

export const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/** A table of trusted cells (each already escaped or built from escaped pieces). */
export function table(head: string[], rows: string[][], cls = ''): string {
  const th = head.map((c) => `<th>${h(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${cls ? ` class="${h(cls)}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A folded block: `summary` (plain text) shown, `inner` (trusted HTML) on click. */
export const details = (summary: string, inner: string, cls = ''): string =>
  `<details${cls ? ` class="${h(cls)}"` : ''}><summary>${h(summary)}</summary>${inner}</details>`;

/** The note for a run whose map has no one-name labels (made before them): how its neurons are named here. */
export function namingNote(run: RunData): Note | undefined {
  if (!run.neuronMap.ok || run.neuronMap.value.names.source === 'map') return undefined;
  const names = run.neuronMap.value.names;
  const without = names.ownNeurons.filter((l) => l.length === 0).length;
  return {
    kind: 'info',
    text:
      `${run.label}: this neuron–topic map was written before neurons had one name each (no "label" / "ownNeurons"), so here each neuron is named by the topic PDM chose it for most` +
      `${without ? `; ${without} of ${names.ownNeurons.length} topics are no neuron's most-chosen topic and show no neuron` : ''}. Rerun \`topiclens attribute ${run.dir}\` for the attribute stage's own names.`,
  };
}
