/**
 * Scores 670 items × 40 references (the MSVD test-set size) with bleu, meteor, rouge-l and
 * cider through their plugins, as `topiclens score` does, and prints the time (WordNet
 * loading included: it happens on METEOR's first synonym lookup). Target: < 2 s.
 *   npx tsx bench/metrics.ts
 */
import { performance } from 'node:perf_hooks';
import type { MetricItem } from '../core/contracts/metric.js';
import { bleuPlugin } from '../plugins/metrics/bleu/plugin.js';
import { ciderPlugin } from '../plugins/metrics/cider/plugin.js';
import { meteorPlugin } from '../plugins/metrics/meteor/plugin.js';
import { rougeLPlugin } from '../plugins/metrics/rouge-l/plugin.js';
import { metricPluginContext } from '../test/support/metrics/test-helpers.js';

const ITEMS = 670;
const REFS = 40;

// Deterministic captions over a captioning-like vocabulary (mulberry32).
let seed = 2017;
const rand = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const SUBJ = [
  'a man',
  'a woman',
  'the boy',
  'a girl',
  'two men',
  'people',
  'a dog',
  'a cat',
  'someone',
  'a person',
  'the chef',
  'a lady',
  'a guy',
  'kids',
];
const VERB = [
  'is cooking',
  'is slicing',
  'cuts',
  'is playing',
  'plays',
  'rides',
  'is riding',
  'is eating',
  'eats',
  'is talking on',
  'is running on',
  'runs across',
  'dances with',
  'is peeling',
  'is driving',
  'jumps over',
  'is swimming in',
  'sings to',
  'is chopping',
  'is pouring',
];
const OBJ = [
  'an onion',
  'the potatoes',
  'a guitar',
  'a horse',
  'a bike',
  'some noodles',
  'the phone',
  'the street',
  'a field',
  'a ball',
  'a car',
  'the pool',
  'a song',
  'the tomatoes',
  'some meat',
  'water',
  'a motorcycle',
  'the piano',
  'rice',
  'a bowl',
];
const TAIL = ['', '', ' in the kitchen', ' on the road', ' quickly', ' together', ' with a knife', ' in a pan', ' outside', ' on stage'];
const caption = (): string => `${pick(SUBJ)} ${pick(VERB)} ${pick(OBJ)}${pick(TAIL)}`;

const items: MetricItem[] = Array.from({ length: ITEMS }, (_, i) => ({
  id: `vid${i + 1}`,
  hypothesis: caption(),
  references: Array.from({ length: REFS }, caption),
}));

const ctx = metricPluginContext();
const cpu0 = process.cpuUsage();
const total0 = performance.now();
const times: Record<string, number> = {};
const corpus: Record<string, number> = {};
for (const plugin of [bleuPlugin, meteorPlugin, rougeLPlugin, ciderPlugin]) {
  const t0 = performance.now();
  const metric = await plugin.create(plugin.defaults as never, ctx);
  const result = await metric.score(items);
  times[plugin.name] = performance.now() - t0;
  Object.assign(corpus, result.corpus);
}
const total = performance.now() - total0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;

console.log(`metrics bench: ${ITEMS} items × ${REFS} references`);
for (const [name, ms] of Object.entries(times)) console.log(`  ${name.padEnd(8)} ${ms.toFixed(0).padStart(6)} ms`);
console.log(
  `  total    ${total.toFixed(0).padStart(6)} ms wall, ${cpuMs.toFixed(0)} ms CPU (target < 2000 ms: ${total < 2000 ? 'ok' : 'TOO SLOW'}; wall time is inflated when other work shares the 2 cores)`,
);
console.log(
  `  corpus   ${Object.entries(corpus)
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join('  ')}`,
);
