import { readFile } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { TopiclensError } from '../../../core/errors.js';
import { writeJsonAtomic } from '../../../core/runner/atomic.js';
import { defineCommand, type CommandContext } from '../../../core/plugin/manifest.js';
import type { TopicModel, TokenizedCorpus } from '../../../core/contracts/topic-model.js';
import { resolvedOptions } from '../../../core/config/resolve-options.js';
import type { LdaOptions } from '../lda/settings.js';
import { docTopicsJson, topicsJson } from '../lda/outputs.js';
import { MODEL_ARRAY_FILES, writeModelArrays } from '../lda/model-arrays.js';

const USAGE = `Usage: topiclens topics fit --corpus FILE --out DIR [options]

Fit an LDA topic model to a text corpus: one document per line, whitespace-separated tokens,
used as given unless --min-count / --stopwords ask for filtering. Writes DIR/topics.json
({"topics": [{"name", "words": [[word, prob], ...]}], "loglik": [...]}) and DIR/doc-topics.json
(document ids are line numbers, from 1), and prints log-likelihood per token and tokens/second
for every iteration.

Options:
  --corpus FILE        the documents (required)
  --out DIR            output folder (required; created)
  --topics N           number of topics (default 100)
  --iterations N       sampling iterations (default 200)
  --seed N             sampler seed (default 1)
  --model NAME         warplda (default) | gibbs | any registered topicModel plugin
  --alpha X            document-topic prior (default 0.5)
  --beta X             topic-word prior (default 0.01)
  --mh-steps N         WarpLDA Metropolis-Hastings steps per token per phase (default 2)
  --threads N          WarpLDA sampling threads (default 1; N > 1 needs --mh-steps 1)
  --min-count N        drop words seen fewer than N times (default 1: keep all)
  --stopwords FILE     drop the words listed in FILE (whitespace-separated)
  --top-words N        words kept per topic in topics.json (default 10)
  -h, --help           this text`;

const int = (v: string | undefined, name: string, min: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new TopiclensError(`topics fit: --${name} expects an integer ≥ ${min}, got "${v}".`, 2);
  return n;
};
const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new TopiclensError(`topics fit: --${name} expects a number > 0, got "${v}".`, 2);
  return n;
};

/** One document per line; ids are 1-based line numbers. A final newline does not add a document. */
export function parseCorpusText(text: string): TokenizedCorpus {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { ids: lines.map((_, i) => String(i + 1)), docs: lines.map((l) => l.split(/\s+/).filter(Boolean)) };
}

async function makeModel(name: string, options: Partial<LdaOptions>, ctx: CommandContext): Promise<TopicModel> {
  const manifest = ctx.registry.get('topicModel', name);
  const { standalonePluginContext } = await import('../../../core/container/standalone-context.js');
  return manifest.create(
    resolvedOptions(manifest, options, { file: `topics fit --model ${name}` }),
    standalonePluginContext({ configDir: ctx.cwd, seed: options.seed ?? 1, quiet: false }),
  );
}

/** `topics fit`'s flags; a malformed command line is a usage error (exit 2). */
function parseFitArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      options: {
        corpus: { type: 'string' },
        out: { type: 'string' },
        topics: { type: 'string' },
        iterations: { type: 'string' },
        seed: { type: 'string' },
        model: { type: 'string' },
        alpha: { type: 'string' },
        beta: { type: 'string' },
        'mh-steps': { type: 'string' },
        threads: { type: 'string' },
        'min-count': { type: 'string' },
        stopwords: { type: 'string' },
        'top-words': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new TopiclensError(`topics fit: ${(e as Error).message}. See topiclens topics fit --help.`, 2);
  }
}

export const topicsCommand = defineCommand({
  name: 'topics',
  summary: 'Fit an LDA topic model (WarpLDA) to a corpus file: topics fit --corpus docs.txt --out DIR',
  usage: USAGE,
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '-h' || sub === '--help') {
      ctx.stdout(`${USAGE}\n`);
      return sub === undefined ? 2 : 0;
    }
    if (sub !== 'fit')
      throw new TopiclensError(`topics: unknown subcommand "${sub}". Use: topiclens topics fit --corpus FILE --out DIR`, 2);
    const { values } = parseFitArgs(rest);
    if (values.help) {
      ctx.stdout(`${USAGE}\n`);
      return 0;
    }
    if (!values.corpus) throw new TopiclensError('topics fit: --corpus FILE is required (one document per line).', 2);
    if (!values.out) throw new TopiclensError('topics fit: --out DIR is required.', 2);
    const corpusFile = resolve(ctx.cwd, values.corpus);
    let text: string;
    try {
      text = await readFile(corpusFile, 'utf8');
    } catch (e) {
      throw new TopiclensError(
        `topics fit: cannot read --corpus ${corpusFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
        2,
      );
    }
    const corpus = parseCorpusText(text);
    // The flags given, over the command's own defaults where they differ from the model's (a corpus
    // is used as given: no stop words, every word kept); the rest come from the model's manifest.
    const given: Partial<LdaOptions> = {
      topics: int(values.topics, 'topics', 2),
      iterations: int(values.iterations, 'iterations', 1) ?? 200,
      seed: int(values.seed, 'seed', 0) ?? 1,
      alpha: num(values.alpha, 'alpha'),
      beta: num(values.beta, 'beta'),
      mhSteps: int(values['mh-steps'], 'mh-steps', 1),
      threads: int(values.threads, 'threads', 1),
      minCount: int(values['min-count'], 'min-count', 1) ?? 1,
      topWords: int(values['top-words'], 'top-words', 1),
      stopwords: 'none',
      ...(values.stopwords ? { stopwordsFile: resolve(ctx.cwd, values.stopwords) } : {}),
    };
    const options = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<LdaOptions>;
    const model = await makeModel(values.model ?? 'warplda', options, ctx);
    const empty = corpus.docs.filter((d) => d.length === 0).length;
    if (empty > 0) ctx.stderr(`warning: ${corpusFile}: ${empty} empty line(s); they stay as empty documents.\n`);
    const started = performance.now();
    let tokensPerSecondSum = 0;
    const fit = await model.fit(corpus, (p) => {
      tokensPerSecondSum += p.tokensPerSecond;
      ctx.stdout(
        `iteration ${p.iteration}/${p.iterations}  loglik/token ${p.loglik.toFixed(4)}  ${(p.tokensPerSecond / 1e6).toFixed(2)} M tokens/s\n`,
      );
    });
    const out = resolve(ctx.cwd, values.out);
    writeJsonAtomic(join(out, 'topics.json'), topicsJson(fit), { compact: true });
    writeJsonAtomic(join(out, 'doc-topics.json'), docTopicsJson(fit), { compact: true });
    writeModelArrays(out, fit);
    const secs = (performance.now() - started) / 1000;
    ctx.stdout(
      `fitted ${fit.numTopics} topics over ${fit.vocabulary.length} words in ${secs.toFixed(1)} s ` +
        `(mean ${(tokensPerSecondSum / fit.loglik.length / 1e6).toFixed(2)} M tokens/s, final loglik/token ${fit.loglik.at(-1)!.toFixed(4)}); ` +
        `wrote ${join(out, 'topics.json')}, ${join(out, 'doc-topics.json')} and the whole model (${Object.values(MODEL_ARRAY_FILES).join(', ')})\n`,
    );
    return 0;
  },
});
