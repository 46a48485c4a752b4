/**
 * LDA bench: quality, and throughput of WarpLDA vs collapsed Gibbs and vs the C port.
 *
 *   npm run bench -- lda [--corpus synthetic|wordnet] [--iters 300] [--mh 1] [--quality-only]
 *                        [--tokens 1000000] [--warp-iters 300] [--gibbs-iters 30] [--native-iters 20]
 *                        [--threads 2]
 *
 * Corpora: `synthetic` — LDA-generated, ≥ --tokens tokens (Zipfian vocabulary of 10k words, 100
 * true topics); `wordnet` — the WordNet 3.0 glosses (bench/corpora/wordnet.ts: ~150-token
 * documents of neighbouring synsets, 0.84M tokens after the English stopwords, words seen once
 * dropped). Every fit: K = 100, α = 0.5, β = 0.01, --mh Metropolis-Hastings steps per phase.
 *
 * Quality (issue 20): the TypeScript sampler and the C port (warplda-ref.c, gcc -O3; the same
 * algorithm, seeding and floating-point expressions, so it ends at the same sample) each run
 * --iters iterations on the same corpus; both final samples are scored by the one evaluator in
 * plugins/topic-models/lda/quality.ts — training perplexity from θ and φ of the final sample and
 * UMass coherence of each topic's top 10 words (mean per pair) — next to their CPU seconds
 * (the iterations only, set-up excluded, on both sides). With --threads T > 1 the sampler also runs
 * on T threads (its own chain, seeded per thread), reported with its wall-clock time and speed-up.
 *
 * Throughput (skipped with --quality-only): tokens/s of WarpLDA and Gibbs (sampling only; the
 * per-iteration likelihood is timed apart), the time each needs to reach the same likelihood, and
 * the CPU time (process.cpuUsage / CLOCK_PROCESS_CPUTIME_ID) of the TypeScript sampler against
 * the C port, alternating. The machine is shared, so wall-clock figures move with the load.
 *
 * Reference: C++ WarpLDA (thu-ml/warplda) is not built by this bench; bench/README.md records it
 * on this WordNet corpus (one thread, same K, α, β, iterations, M = 1), scored by the same evaluator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareCorpus, type PreparedCorpus } from '../plugins/topic-models/lda/corpus.js';
import { WarpLdaSampler } from '../plugins/topic-models/warplda/sampler.js';
import type { FitProgress, TokenizedCorpus } from '../core/contracts/topic-model.js';
import { syntheticLda } from '../plugins/topic-models/lda/testing/synthetic.js';
import { createGibbs } from '../plugins/topic-models/gibbs/plugin.js';
import { createWarpLda } from '../plugins/topic-models/warplda/plugin.js';
import { countsFromAssignments, topWordIds, trainingPerplexity, umassCoherence } from '../plugins/topic-models/lda/quality.js';
import { buildNative, runNative, writeNativeInput } from '../plugins/topic-models/warplda/reference/native.js';
import { wordnetGlossCorpus } from './corpora/wordnet.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'synthetic' },
    iters: { type: 'string', default: '300' },
    'quality-only': { type: 'boolean', default: false },
    tokens: { type: 'string', default: '1000000' },
    'warp-iters': { type: 'string', default: '300' },
    'gibbs-iters': { type: 'string', default: '30' },
    mh: { type: 'string', default: '1' },
    'native-iters': { type: 'string', default: '20' },
    threads: { type: 'string', default: '1' },
  },
});
const targetTokens = Number(values.tokens);
const warpIters = Number(values['warp-iters']);
const gibbsIters = Number(values['gibbs-iters']);

const K = 100;
const ALPHA = 0.5;
const BETA = 0.01;
const SEED = 1;
const M = Number(values.mh);
const minCount = values.corpus === 'wordnet' ? 2 : 1;
let t0 = performance.now();
let corpus: TokenizedCorpus;
let corpusNote: string;
if (values.corpus === 'wordnet') {
  corpus = wordnetGlossCorpus();
  corpusNote = 'WordNet 3.0 glosses, ~150-token documents, English stopwords removed, words seen once dropped';
} else if (values.corpus === 'synthetic') {
  const docLength = 100;
  corpus = syntheticLda({
    K,
    V: 10_000,
    D: Math.ceil(targetTokens / docLength),
    docLength,
    alpha: 0.1,
    beta: 0.05,
    zipf: 1.0,
    seed: 2016,
  }).corpus;
  corpusNote = 'LDA-generated, Zipf 1.0 base, 100 true topics';
} else {
  throw new Error(`bench/lda: --corpus ${values.corpus} is not known; use synthetic or wordnet.`);
}
const prepared: PreparedCorpus = prepareCorpus(corpus, { numTopics: K, minCount, stopwords: new Set() });
const N = prepared.numTokens;
console.log(
  `corpus ${values.corpus}: ${prepared.docIds.length} docs, ${N} tokens, ${prepared.vocabulary.length} distinct words (${corpusNote}); built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const work = mkdtempSync(join(tmpdir(), 'lda-bench-'));
const built = buildNative(work);
if ('error' in built) console.log(`(no C port: ${built.error})`);

// ---- Quality: the TypeScript sampler and the C port, one evaluator ----
{
  const iterations = Number(values.iters);
  const params = { K, alpha: ALPHA, beta: BETA, mhSteps: M, iterations, seed: SEED };
  const qc = { docStart: prepared.docStart, words: prepared.words, numWords: prepared.vocabulary.length };
  const score = (name: string, z: ArrayLike<number>, cpuSeconds: number): number => {
    const counts = countsFromAssignments(qc, K, z);
    const ppl = trainingPerplexity(qc, counts, ALPHA, BETA);
    const umass = umassCoherence(qc, topWordIds(counts, qc.numWords, 10)).meanPerPair;
    console.log(
      `  ${name.padEnd(22)} CPU ${cpuSeconds.toFixed(1).padStart(6)} s   perplexity ${ppl.toFixed(1).padStart(8)}   UMass (top 10, mean per pair) ${umass.toFixed(3)}`,
    );
    return cpuSeconds;
  };
  console.log(`\nquality: K=${K}, alpha ${ALPHA}, beta ${BETA}, mh ${M}, ${iterations} iterations, seed ${SEED}, one thread each`);
  const sampler = new WarpLdaSampler(prepared, params);
  const c0 = process.cpuUsage();
  const t0w = performance.now();
  for (let it = 0; it < iterations; it++) sampler.iterate();
  const u = process.cpuUsage(c0);
  const wallOne = (performance.now() - t0w) / 1000;
  const tsZ = Uint16Array.from({ length: N }, (_, j) => sampler.zD[j * sampler.stride]!);
  const tsCpu = score('TypeScript sampler', tsZ, (u.user + u.system) / 1e6);
  if (!('error' in built)) {
    const native = runNative(built.exe, writeNativeInput(work, prepared, params), SEED);
    const cCpu = score('C port (gcc -O3)', native.z, native.cpuSeconds);
    const same = Buffer.from(native.z.buffer).equals(Buffer.from(tsZ.buffer));
    console.log(
      `  CPU time TypeScript / C: ${(tsCpu / cCpu).toFixed(2)}×; final samples ${same ? 'identical, token for token' : 'DIFFER (the two samplers have drifted apart)'}`,
    );
  }
  const threads = Number(values.threads);
  if (threads > 1) {
    const mt = new WarpLdaSampler(prepared, { ...params, threads });
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    for (let it = 0; it < iterations; it++) mt.iterate();
    const u1 = process.cpuUsage(c1);
    const wall = (performance.now() - t1) / 1000;
    mt.close();
    score(
      `TypeScript, ${threads} threads`,
      Uint16Array.from({ length: N }, (_, j) => mt.zD[j * mt.stride]!),
      (u1.user + u1.system) / 1e6,
    );
    console.log(
      `  wall ${wall.toFixed(1)} s on ${threads} threads vs ${wallOne.toFixed(1)} s on one: ${(wallOne / wall).toFixed(2)}× (load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`,
    );
  }
}
if (values['quality-only']) process.exit(0);

// ---- Throughput ----
interface Run {
  name: string;
  trace: FitProgress[];
  sampleSecs: number;
  wallSecs: number;
}
async function run(name: string, iterations: number): Promise<Run> {
  const opts = { topics: K, alpha: ALPHA, beta: BETA, iterations, seed: SEED, minCount, stopwords: 'none' as const, mhSteps: M };
  const model = name === 'warplda' ? createWarpLda(opts) : createGibbs(opts);
  const trace: FitProgress[] = [];
  let sampleSecs = 0;
  t0 = performance.now();
  await model.fit(corpus, (p) => {
    trace.push(p);
    sampleSecs += N / p.tokensPerSecond;
    if (p.iteration === 1 || p.iteration % 25 === 0 || p.iteration === iterations) {
      console.log(
        `  ${name} iter ${String(p.iteration).padStart(4)}  loglik/token ${p.loglik.toFixed(4)}  ${(p.tokensPerSecond / 1e6).toFixed(2)} M tokens/s`,
      );
    }
  });
  const wallSecs = (performance.now() - t0) / 1000;
  return { name, trace, sampleSecs, wallSecs };
}

const summary = (r: Run): string => {
  const tps = r.trace.map((p) => p.tokensPerSecond).sort((a, b) => a - b);
  const median = tps[Math.floor(tps.length / 2)]!;
  const overall = (N * r.trace.length) / r.sampleSecs;
  return (
    `${r.name.padEnd(8)} ${r.trace.length} iterations: median ${(median / 1e6).toFixed(2)} M tokens/s, overall ${(overall / 1e6).toFixed(2)} M tokens/s ` +
    `(sampling ${r.sampleSecs.toFixed(1)} s, wall with likelihood ${r.wallSecs.toFixed(1)} s), final loglik/token ${r.trace.at(-1)!.loglik.toFixed(4)}`
  );
};

/** Sampling seconds until the loglik first reaches `target`. */
const secondsTo = (r: Run, target: number): number | undefined => {
  let s = 0;
  for (const p of r.trace) {
    s += N / p.tokensPerSecond;
    if (p.loglik >= target) return s;
  }
  return undefined;
};

console.log(`warplda (K=${K}, alpha 0.5, beta 0.01, mh ${values.mh}):`);
const warp = await run('warplda', warpIters);
console.log('gibbs:');
const gibbs = await run('gibbs', gibbsIters);
console.log('\nresults');
console.log(summary(warp));
console.log(summary(gibbs));
const gFinal = gibbs.trace.at(-1)!.loglik;
const wTo = secondsTo(warp, gFinal);
const gTo = secondsTo(gibbs, gFinal)!;
console.log(
  `to reach gibbs's final loglik ${gFinal.toFixed(4)}: gibbs ${gTo.toFixed(1)} s, warplda ${wTo === undefined ? 'not reached' : `${wTo.toFixed(1)} s`}` +
    (wTo === undefined ? '' : ` (${(gTo / wTo).toFixed(1)}× faster)`),
);
const load = (await import('node:os')).loadavg()[0]!;
console.log(
  `(wall-clock figures; load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores — see the CPU-time section for a load-independent comparison)`,
);

// ---- CPU-time comparison with the C port of the same sampler ----
const nativeIters = Number(values['native-iters']);
if (!('error' in built)) {
  const input = writeNativeInput(work, prepared, { K, alpha: ALPHA, beta: BETA, mhSteps: M, iterations: nativeIters, seed: SEED });
  const ratios: number[] = [];
  console.log(`\nCPU-time throughput, ${nativeIters} iterations each, alternating (mh ${M}):`);
  for (let rep = 0; rep < 3; rep++) {
    const cTps = runNative(built.exe, input, SEED).tokensPerSecond;
    const sampler = new WarpLdaSampler(prepared, { K, alpha: ALPHA, beta: BETA, mhSteps: M, seed: SEED });
    const c0 = process.cpuUsage();
    for (let it = 0; it < nativeIters; it++) sampler.iterate();
    const u = process.cpuUsage(c0);
    const tsTps = (N * nativeIters) / ((u.user + u.system) / 1e6);
    ratios.push(cTps / tsTps);
    console.log(
      `  round ${rep + 1}: C ${(cTps / 1e6).toFixed(2)} M tokens/s, TypeScript ${(tsTps / 1e6).toFixed(2)} M tokens/s, C/TS ${(cTps / tsTps).toFixed(2)}×`,
    );
  }
  ratios.sort((a, b) => a - b);
  console.log(
    `median C/TS ratio: ${ratios[1]!.toFixed(2)}× (a C port of the same algorithm; C++ WarpLDA itself: bench/README.md, lda section)`,
  );
}
