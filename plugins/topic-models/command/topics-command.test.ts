import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../../../core/plugin/registry.js';
import { TopiclensError } from '../../../core/errors.js';
import { fixtureCorpus } from '../../../test/support/topic-models/lda-fixture.js';
import { decodeNpy } from '../../datasets/shared/npy.js';
import { gibbsPlugin } from '../gibbs/plugin.js';
import { warpldaPlugin } from '../warplda/plugin.js';
import { parseCorpusText, topicsCommand } from './topics-command.js';

const registry = new PluginRegistry();
registry.register(warpldaPlugin, 'built-in');
registry.register(gibbsPlugin, 'built-in');

const run = async (argv: string[], cwd: string) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await topicsCommand.run(argv, {
    registry,
    cwd,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, out: out.join(''), err: err.join('') };
};

/** `topics fit` of docs.txt into `out`: 6 topics, 30 iterations, seed 1, stop.txt, α 0.2, β 0.05. */
const fitArgs = (out: string) => [
  'fit',
  '--corpus',
  'docs.txt',
  '--topics',
  '6',
  '--iterations',
  '30',
  '--seed',
  '1',
  '--out',
  out,
  '--stopwords',
  'stop.txt',
  '--alpha',
  '0.2',
  '--beta',
  '0.05',
];

describe('topiclens topics fit', () => {
  it('parses one document per line, ids are line numbers', () => {
    expect(parseCorpusText('a b  c\n\nd\n')).toEqual({ ids: ['1', '2', '3'], docs: [['a', 'b', 'c'], [], ['d']] });
  });

  it('writes topics.json and doc-topics.json and prints tokens/s per iteration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'topics-cli-'));
    const { corpus } = fixtureCorpus();
    await writeFile(join(dir, 'docs.txt'), `${corpus.docs.map((d) => d.join(' ')).join('\n')}\n`);
    await writeFile(join(dir, 'stop.txt'), 'w0 w1\n');
    const r = await run(fitArgs('out'), dir);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter((l) => l.startsWith('iteration '));
    expect(lines).toHaveLength(30);
    expect(lines[29]).toMatch(/^iteration 30\/30 {2}loglik\/token -\d+\.\d{4} {2}\d+\.\d\d M tokens\/s$/);
    const topics = JSON.parse(await readFile(join(dir, 'out', 'topics.json'), 'utf8'));
    expect(topics.topics).toHaveLength(6);
    expect(topics.loglik).toHaveLength(30);
    expect(topics.topics[0].name).toMatch(/^w\d+: (w\d+, ){4}w\d+$/);
    expect(topics.topics[0].words).toHaveLength(10);
    const words = topics.topics.flatMap((t: { words: [string, number][] }) => t.words.map((w) => w[0]));
    expect(words).not.toContain('w0'); // stopword removed
    const probs = topics.topics[0].words.map((w: [string, number]) => w[1]);
    expect([...probs].sort((a: number, b: number) => b - a)).toEqual(probs);
    const docTopics = JSON.parse(await readFile(join(dir, 'out', 'doc-topics.json'), 'utf8'));
    expect(docTopics.numTopics).toBe(6);
    expect(docTopics.docs).toHaveLength(200);
    expect(docTopics.docs[0].id).toBe('1');
    const d0 = docTopics.docs[0];
    expect(d0.topics.reduce((a: number, [, c]: [number, number]) => a + c, 0)).toBe(d0.tokens);
    // The whole model as .npy + vocab.txt: the same counts, in the fit's own order.
    const vocab = (await readFile(join(dir, 'out', 'vocab.txt'), 'utf8')).trimEnd().split('\n');
    const tw = decodeNpy(await readFile(join(dir, 'out', 'topic-word-counts.npy')));
    const dt = decodeNpy(await readFile(join(dir, 'out', 'doc-topic-counts.npy')));
    expect(tw.shape).toEqual([6, vocab.length]);
    expect(dt.shape).toEqual([200, 6]);
    expect((await readFile(join(dir, 'out', 'doc-ids.txt'), 'utf8')).split('\n').slice(0, 2)).toEqual(['1', '2']);
    const total = (a: Float32Array) => a.reduce((x, y) => x + y, 0);
    const tokens = docTopics.docs.reduce((a: number, d: { tokens: number }) => a + d.tokens, 0);
    expect(total(tw.data)).toBe(tokens);
    expect(total(dt.data)).toBe(tokens);
    for (const [k, c] of d0.topics as [number, number][]) expect(dt.data[k]).toBe(c);
    const row0 = Array.from(tw.data.subarray(0, vocab.length));
    expect(vocab[row0.indexOf(Math.max(...row0))]).toBe(topics.topics[0].words[0][0]);
    // same seed → same file
    const r2 = await run(fitArgs('out2'), dir);
    expect(r2.code).toBe(0);
    expect(await readFile(join(dir, 'out2', 'doc-topics.json'), 'utf8')).toBe(await readFile(join(dir, 'out', 'doc-topics.json'), 'utf8'));
  });

  it('fails clearly on bad input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'topics-cli-'));
    await writeFile(join(dir, 'tiny.txt'), 'a b\nb c\n');
    await writeFile(join(dir, 'blank.txt'), '\n\n');
    await expect(run(['fit', '--corpus', 'tiny.txt', '--out', 'o', '--topics', '10'], dir)).rejects.toThrow(
      /only 3 distinct words remain but 10 topics/,
    );
    await expect(run(['fit', '--corpus', 'blank.txt', '--out', 'o', '--topics', '2'], dir)).rejects.toThrow(/Every document is empty/);
    await expect(run(['fit', '--corpus', 'missing.txt', '--out', 'o'], dir)).rejects.toThrow(
      /cannot read --corpus .*missing\.txt \(ENOENT\)/,
    );
    await expect(run(['fit', '--corpus', 'tiny.txt'], dir)).rejects.toThrow(/--out DIR is required/);
    await expect(run(['fit', '--corpus', 'tiny.txt', '--out', 'o', '--topics', 'many'], dir)).rejects.toThrow(TopiclensError);
    await expect(run(['fit', '--bogus'], dir)).rejects.toThrow(/Unknown option '--bogus'/);
    await expect(run(['fit', '--corpus', 'tiny.txt', '--out', 'o', '--model', 'lsa'], dir)).rejects.toThrow(
      /unknown topicModel plugin "lsa"/,
    );
    await expect(run(['fitt'], dir)).rejects.toThrow(/unknown subcommand "fitt"/);
  });
});
