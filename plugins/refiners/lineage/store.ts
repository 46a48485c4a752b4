import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type { Encoder } from '../../../core/contracts/encoder.js';
import type { RefineReport } from '../../../core/contracts/refiner.js';
import { TopiclensError } from '../../../core/errors.js';
import { writeDirAtomic, writeJsonAtomic } from '../../../core/runner/atomic.js';
import { acquireLock, type HeldLock } from '../../../core/runner/lock.js';
import { assignVariables, loadNamedTensors, saveNamedTensors } from '../../../core/tensor/weights.js';
import type { Provenance } from './provenance.js';

/** The id of the model the run trained (train/model): the root of every lineage. */
export const BASE_ID = 'base';
export const LINEAGE_FILE = 'lineage.json';
export const STATE_FILE = 'state.json';
/** `refine/.lock`: held while a process changes the lineage (a refinement, undo, checkout, opening). */
export const LINEAGE_LOCK = '.lock';

/** What one model folder records about where it came from. */
export interface LineageEntry {
  id: string;
  /** The model it was refined from; null for the base. */
  parent: string | null;
  createdAt: string;
  /** Base: where its weights came from (the train stage's model). */
  source?: string;
  /**
   * The stage outputs the lineage was derived from (base weights, topic means, neuron map), copied
   * from the base into every entry. A lineage whose base records other hashes than the run's
   * stages now is set aside (see open-lineage.ts).
   */
  derivedFrom?: Provenance;
  video?: string;
  topic?: number;
  topicName?: string;
  /** Frames of the video the refinement used, `[from, to)`. */
  frames?: [number, number];
  refiner?: { type: string; options: unknown };
  report?: RefineReport;
  /** Free-form: captions before/after etc. */
  notes?: Record<string, unknown>;
}

/**
 * Refined models of a run, each in its own folder `<dir>/models/<id>/` (`encoder/` weights in
 * the tfjs weights format + `lineage.json`), and `state.json` naming the current one.
 *
 * `models/base/` is a copy of the trained encoder's weights taken before the first refinement,
 * recording the stage outputs it was derived from (`derivedFrom`); openLineage sets a lineage
 * aside and takes a new base when the run's stages no longer match. The train stage's model
 * itself is never written. Only the encoder changes under Eq. 10, so a
 * refined model is its encoder weights plus the run's other (unchanged) parts. Folders are
 * written atomically and never modified afterwards; `undo` moves `current` to the parent and
 * loads its weights (bit-for-bit, float32 on disk). A refinement after an undo branches.
 */
export class LineageStore {
  constructor(readonly dir: string) {}

  /**
   * Take the lineage's lock (one writer at a time: the studio and `topiclens refine` on one run).
   * A second writer fails at once, naming the holder.
   */
  lock(notice?: (line: string) => void): HeldLock {
    mkdirSync(this.dir, { recursive: true });
    return acquireLock(join(this.dir, LINEAGE_LOCK), `The refine lineage ${this.dir}`, notice);
  }

  private modelDir(id: string): string {
    return join(this.dir, 'models', id);
  }

  /**
   * Snapshot the base encoder when there is none and return the current model id. An existing
   * base is kept as it is: whether it still matches the run is openLineage's decision.
   */
  async init(encoder: Encoder, source: string, derivedFrom?: Provenance): Promise<string> {
    if (!existsSync(join(this.modelDir(BASE_ID), LINEAGE_FILE))) {
      await this.writeModel(
        { id: BASE_ID, parent: null, createdAt: new Date().toISOString(), source, ...(derivedFrom ? { derivedFrom } : {}) },
        encoder,
      );
      writeJsonAtomic(join(this.dir, STATE_FILE), { current: BASE_ID });
    }
    return this.current();
  }

  current(): string {
    const file = join(this.dir, STATE_FILE);
    if (!existsSync(file)) return BASE_ID;
    const state = readJson(file) as { current?: unknown };
    if (typeof state.current !== 'string' || !this.has(state.current)) {
      throw new TopiclensError(
        `${file}: "current" names model ${JSON.stringify(state.current)}, which is not in ${join(this.dir, 'models')}. Set it to "${BASE_ID}" or an existing model id.`,
      );
    }
    return state.current;
  }

  has(id: string): boolean {
    return /^[a-z0-9-]+$/.test(id) && existsSync(join(this.modelDir(id), LINEAGE_FILE));
  }

  entry(id: string): LineageEntry {
    if (!this.has(id)) {
      const ids = this.list().map((e) => e.id);
      throw new TopiclensError(`No refined model "${id}" in ${join(this.dir, 'models')}; known: ${ids.join(', ') || 'none'}.`);
    }
    return readJson(join(this.modelDir(id), LINEAGE_FILE)) as LineageEntry;
  }

  /** Every model, oldest first (base first). */
  list(): LineageEntry[] {
    const root = join(this.dir, 'models');
    if (!existsSync(root)) return [];
    return readdirSync(root)
      .filter((id) => this.has(id))
      .map((id) => this.entry(id))
      .sort((a, b) => (a.id === BASE_ID ? -1 : b.id === BASE_ID ? 1 : a.id.localeCompare(b.id)));
  }

  /** The chain from the base to `id` (inclusive). */
  ancestry(id = this.current()): LineageEntry[] {
    const chain: LineageEntry[] = [];
    for (let e: LineageEntry | null = this.entry(id); e; e = e.parent ? this.entry(e.parent) : null) chain.unshift(e);
    return chain;
  }

  /** Save `encoder` (already refined) as a new model whose parent is the current one; it becomes current. */
  async commit(encoder: Encoder, info: Omit<LineageEntry, 'id' | 'parent' | 'createdAt'>): Promise<LineageEntry> {
    const parent = this.current();
    const next = this.list().filter((e) => e.id !== BASE_ID).length + 1;
    let n = next;
    while (this.has(`r${String(n).padStart(4, '0')}`)) n++;
    const derivedFrom = this.has(BASE_ID) ? this.entry(BASE_ID).derivedFrom : undefined;
    const entry: LineageEntry = {
      id: `r${String(n).padStart(4, '0')}`,
      parent,
      createdAt: new Date().toISOString(),
      ...(derivedFrom ? { derivedFrom } : {}),
      ...info,
    };
    await this.writeModel(entry, encoder);
    writeJsonAtomic(join(this.dir, STATE_FILE), { current: entry.id });
    return entry;
  }

  /** Load model `id`'s encoder weights into `encoder` and make it current. */
  async checkout(id: string, encoder: Encoder): Promise<LineageEntry> {
    const entry = await this.load(id, encoder);
    writeJsonAtomic(join(this.dir, STATE_FILE), { current: id });
    return entry;
  }

  /** Load model `id`'s encoder weights into `encoder` (current stays as it is). */
  async load(id: string, encoder: Encoder): Promise<LineageEntry> {
    const entry = this.entry(id);
    const tensors = await loadNamedTensors(join(this.modelDir(id), 'encoder'));
    try {
      assignVariables(encoder.variables(), tensors, '', join(this.modelDir(id), 'encoder'));
    } finally {
      for (const t of Object.values(tensors)) t.dispose();
    }
    return entry;
  }

  /** Return to the current model's parent (weights loaded into `encoder`). */
  async undo(encoder: Encoder): Promise<LineageEntry> {
    const cur = this.entry(this.current());
    if (!cur.parent) throw new TopiclensError('Nothing to undo: the current model is the trained base model.');
    return this.checkout(cur.parent, encoder);
  }

  private async writeModel(entry: LineageEntry, encoder: Encoder): Promise<void> {
    await writeDirAtomic(this.modelDir(entry.id), async (tmp) => {
      const snapshot: Record<string, tf.Tensor> = { ...encoder.variables() };
      await saveNamedTensors(join(tmp, 'encoder'), snapshot);
      writeJsonAtomic(join(tmp, LINEAGE_FILE), entry);
    });
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TopiclensError(
      `${file} is not readable JSON (${(e as Error).message}); the refine history is damaged — delete that model folder.`,
    );
  }
}
