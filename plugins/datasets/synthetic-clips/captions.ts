import { Sfc32Rng } from '../../../core/tensor/rng.js';
import {
  ACTION_CONFUSIONS,
  ACTION_PHRASES,
  COLOURS,
  COLOUR_WORDS,
  KIND_CONFUSIONS,
  KIND_WORDS,
  SCENE_PHRASES,
  SIZE_WORDS,
  type Action,
  type Colour,
  type Kind,
  type Scene,
  type Size,
} from './world.js';

/** What one description is about: a scene and one or two objects with one action each. */
export interface Described {
  scene: Scene;
  objects: { kind: Kind; colour: Colour; size: Size; action: Action; nextAction?: Action }[];
}

/** A simulated annotator's habits. */
export interface Annotator {
  id: string;
  /** Preferred variant index per word list (key like `kind:dog`). */
  favourite: Record<string, number>;
  /** Probability of using the favourite variant rather than any. */
  loyalty: number;
  pColour: number;
  pSize: number;
  pScene: number;
  pSecond: number;
  pThen: number;
  pProgressive: number;
  pDefinite: number;
  /** Weights over the sentence templates. */
  templates: number[];
  errorRate: number;
  typoRate: number;
  capitalize: boolean;
  period: boolean;
}

const TEMPLATE_COUNT = 6;

/** Popularity of a word list's variants: the first is the most common, then a long tail. */
const popularity = (n: number): number[] => Array.from({ length: n }, (_, i) => (i === 0 ? 6 : 3 / i));

/** A pool of annotators, fixed by the world seed. */
export function makeAnnotators(worldSeed: number, count = 60): Annotator[] {
  const out: Annotator[] = [];
  for (let a = 0; a < count; a++) {
    const rng = Sfc32Rng.from(worldSeed, 'annotator', a);
    const favourite: Record<string, number> = {};
    const lists: [string, string[] | [string, string][]][] = [
      ...Object.entries(KIND_WORDS).map(([k, v]) => [`kind:${k}`, v] as [string, string[]]),
      ...Object.entries(COLOUR_WORDS).map(([k, v]) => [`colour:${k}`, v] as [string, string[]]),
      ...Object.entries(SIZE_WORDS).map(([k, v]) => [`size:${k}`, v] as [string, string[]]),
      ...Object.entries(ACTION_PHRASES).map(([k, v]) => [`action:${k}`, v] as [string, [string, string][]]),
      ...Object.entries(SCENE_PHRASES).map(([k, v]) => [`scene:${k}`, v] as [string, string[]]),
    ];
    for (const [key, list] of lists) favourite[key] = rng.weighted(popularity(list.length));
    const templates = Array.from({ length: TEMPLATE_COUNT }, () => rng.next() ** 2);
    templates[rng.int(TEMPLATE_COUNT)]! += 1.5; // a favourite template
    out.push({
      id: `A${String(a + 1).padStart(3, '0')}`,
      favourite,
      loyalty: rng.uniform(0.55, 0.95),
      pColour: rng.uniform(0.3, 0.95),
      pSize: rng.uniform(0.05, 0.5),
      pScene: rng.uniform(0.3, 0.9),
      pSecond: rng.uniform(0.5, 0.95),
      pThen: rng.uniform(0.2, 0.8),
      pProgressive: rng.uniform(0.1, 0.9),
      pDefinite: rng.uniform(0, 0.6),
      templates,
      errorRate: rng.bool(0.2) ? rng.uniform(0.08, 0.2) : rng.uniform(0, 0.04),
      typoRate: rng.uniform(0, 0.025),
      capitalize: rng.bool(0.6),
      period: rng.bool(0.5),
    });
  }
  return out;
}

function choose<T>(rng: Sfc32Rng, who: Annotator, key: string, list: readonly T[]): T {
  const fav = who.favourite[key] ?? 0;
  if (fav < list.length && rng.bool(who.loyalty)) return list[fav]!;
  return list[rng.weighted(popularity(list.length))]!;
}

const startsWithVowel = (w: string): boolean => /^[aeiou]/.test(w);

function nounPhrase(rng: Sfc32Rng, who: Annotator, o: Described['objects'][number], definite: boolean): string {
  const words: string[] = [];
  const mentionSize = o.size === 'medium' ? rng.bool(who.pSize * 0.15) : rng.bool(who.pSize);
  if (mentionSize) words.push(choose(rng, who, `size:${o.size}`, SIZE_WORDS[o.size]));
  if (rng.bool(who.pColour)) words.push(choose(rng, who, `colour:${o.colour}`, COLOUR_WORDS[o.colour]));
  words.push(choose(rng, who, `kind:${o.kind}`, KIND_WORDS[o.kind]));
  const det = definite ? 'the' : startsWithVowel(words[0]!) ? 'an' : 'a';
  return `${det} ${words.join(' ')}`;
}

function verbPhrase(rng: Sfc32Rng, who: Annotator, o: Described['objects'][number], progressive: boolean): string {
  const [s, ing] = choose(rng, who, `action:${o.action}`, ACTION_PHRASES[o.action]);
  let vp = progressive ? ing : s;
  if (o.nextAction && o.nextAction !== o.action && rng.bool(who.pThen)) {
    const [s2, ing2] = choose(rng, who, `action:${o.nextAction}`, ACTION_PHRASES[o.nextAction]);
    vp += ` and then ${progressive ? ing2 : s2}`;
  }
  return vp;
}

/** Replace one attribute with a plausible wrong one (an annotator's mistake). */
function withError(rng: Sfc32Rng, d: Described): Described {
  const objects = d.objects.map((o) => ({ ...o }));
  const o = objects[rng.int(objects.length)]!;
  const what = rng.int(3);
  if (what === 0) o.kind = rng.pick(KIND_CONFUSIONS[o.kind]);
  else if (what === 1) o.colour = rng.pick(COLOURS.filter((c) => c !== o.colour));
  else o.action = rng.pick(ACTION_CONFUSIONS[o.action]);
  return { ...d, objects };
}

function typo(rng: Sfc32Rng, sentence: string): string {
  const words = sentence.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => w.length > 3);
  if (candidates.length === 0) return sentence;
  const [w, i] = rng.pick(candidates);
  const k = 1 + rng.int(w.length - 2);
  words[i] = rng.bool(0.5) ? w.slice(0, k) + w.slice(k + 1) : w.slice(0, k - 1) + w[k] + w[k - 1] + w.slice(k + 1);
  return words.join(' ');
}

/** One description of `truth` by `who`. */
export function describe(rng: Sfc32Rng, who: Annotator, truth: Described): string {
  const d = rng.bool(who.errorRate) ? withError(rng, truth) : truth;
  const progressive = rng.bool(who.pProgressive);
  const definite = rng.bool(who.pDefinite);
  let objs = d.objects;
  if (objs.length === 2) {
    if (!rng.bool(who.pSecond)) objs = [objs[0]!];
    else if (rng.bool(0.3)) objs = [objs[1]!, objs[0]!];
  }
  const place = rng.bool(who.pScene) ? choose(rng, who, `scene:${d.scene}`, SCENE_PHRASES[d.scene]) : '';
  const np1 = nounPhrase(rng, who, objs[0]!, definite);
  const vp1s = verbPhrase(rng, who, objs[0]!, false);
  const vp1ing = verbPhrase(rng, who, objs[0]!, true);
  let sentence: string;
  if (objs.length === 1) {
    const template = rng.weighted(who.templates);
    const t = place ? template : template === 4 ? 4 : progressive ? 1 : 0;
    switch (t) {
      case 0:
        sentence = `${np1} ${vp1s} ${place}`;
        break;
      case 1:
        sentence = `${np1} is ${vp1ing} ${place}`;
        break;
      case 2:
        sentence = `${place}${rng.bool(0.5) ? ',' : ''} ${np1} ${progressive ? `is ${vp1ing}` : vp1s}`;
        break;
      case 3:
        sentence = `there is ${np1} ${vp1ing} ${place}`;
        break;
      case 4:
        sentence = `${np1} ${progressive ? `is ${vp1ing}` : vp1s}`;
        break;
      default:
        sentence = `${np1} is ${place} and ${progressive ? `is ${vp1ing}` : vp1s}`;
        break;
    }
  } else {
    const np2 = nounPhrase(rng, who, objs[1]!, definite);
    const vp2s = verbPhrase(rng, who, objs[1]!, false);
    const vp2ing = verbPhrase(rng, who, objs[1]!, true);
    switch (rng.int(4)) {
      case 0:
        sentence = `${np1} ${vp1s} and ${np2} ${vp2s} ${place}`;
        break;
      case 1:
        sentence = `${np1} ${progressive ? `is ${vp1ing}` : vp1s} while ${np2} ${progressive ? `is ${vp2ing}` : vp2s} ${place}`;
        break;
      case 2:
        sentence = `${np1} ${vp1s} next to ${np2} ${place}`;
        break;
      default:
        sentence = `${np1} and ${np2} are ${place || 'together'}${rng.bool(0.5) ? ` and ${np1.replace(/^(a|an) /, 'the ')} ${vp1s}` : ''}`;
        break;
    }
  }
  sentence = sentence.replace(/\s+/g, ' ').trim();
  if (rng.bool(who.typoRate)) sentence = typo(rng, sentence);
  if (who.capitalize) sentence = sentence[0]!.toUpperCase() + sentence.slice(1);
  if (who.period) sentence += '.';
  return sentence;
}

/** `count` descriptions by distinct annotators (drawn without replacement while the pool lasts). */
export function describeMany(rng: Sfc32Rng, pool: Annotator[], truth: Described, count: number): { text: string; annotator: string }[] {
  const order = rng.shuffle(pool.map((_, i) => i));
  const out: { text: string; annotator: string }[] = [];
  for (let i = 0; i < count; i++) {
    const who = pool[order[i % order.length]!]!;
    out.push({ text: describe(rng, who, truth), annotator: who.id });
  }
  return out;
}
