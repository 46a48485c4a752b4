/**
 * The synthetic video world: what can be in a clip, how often, and the words annotators use for
 * it. Frequencies are deliberately skewed (a few common kinds and scenes, some rare ones), as in
 * real captioning data. The `shifted` variant reverses the object and scene frequencies and
 * favours the last two kinds, for transfer experiments.
 */

export const KINDS = ['dog', 'ball', 'car', 'cat', 'bird', 'horse', 'box', 'robot', 'fish', 'bear'] as const;
export type Kind = (typeof KINDS)[number];

export const COLOURS = ['red', 'blue', 'white', 'black', 'green', 'yellow', 'purple'] as const;
export type Colour = (typeof COLOURS)[number];

export const SIZES = ['small', 'medium', 'large'] as const;
export type Size = (typeof SIZES)[number];

/** 11 actions; the action of a clip's first object is its class label (like UCF11's 11 classes). */
export const ACTIONS = ['still', 'left', 'right', 'jump', 'bounce', 'spin', 'grow', 'shrink', 'fall', 'rise', 'circle'] as const;
export type Action = (typeof ACTIONS)[number];

export const SCENES = ['field', 'street', 'room', 'beach', 'snow', 'water'] as const;
export type Scene = (typeof SCENES)[number];

export type Variant = 'standard' | 'shifted';

export interface WorldMix {
  kinds: number[];
  colours: number[];
  sizes: number[];
  actions: number[];
  scenes: number[];
  /** Probability that a clip holds two objects. */
  twoObjects: number;
}

/** Relative frequencies (need not sum to 1). */
export const MIXES: Record<Variant, WorldMix> = {
  standard: {
    kinds: [24, 17, 13, 11, 9, 8, 6, 5, 4, 3],
    colours: [26, 21, 15, 13, 12, 8, 5],
    sizes: [35, 40, 25],
    actions: [12, 11, 11, 10, 9, 9, 8, 8, 8, 7, 7],
    scenes: [30, 22, 18, 14, 10, 6],
    twoObjects: 0.3,
  },
  shifted: {
    kinds: [3, 4, 5, 6, 8, 9, 11, 13, 20, 21],
    colours: [8, 10, 12, 13, 15, 21, 21],
    sizes: [25, 40, 35],
    actions: [12, 11, 11, 10, 9, 9, 8, 8, 8, 7, 7],
    scenes: [6, 10, 14, 18, 22, 30],
    twoObjects: 0.3,
  },
};

/** Nouns by kind; the first is the most common choice. */
export const KIND_WORDS: Record<Kind, string[]> = {
  dog: ['dog', 'puppy', 'pup', 'doggy'],
  ball: ['ball', 'sphere', 'orb'],
  car: ['car', 'vehicle', 'automobile'],
  cat: ['cat', 'kitten', 'kitty'],
  bird: ['bird', 'birdie'],
  horse: ['horse', 'pony'],
  box: ['box', 'cube', 'block', 'crate'],
  robot: ['robot', 'android', 'machine'],
  fish: ['fish'],
  bear: ['bear', 'polar bear'],
};

/** Kinds an annotator may mistake for each other. */
export const KIND_CONFUSIONS: Record<Kind, Kind[]> = {
  dog: ['cat', 'bear'],
  ball: ['box'],
  car: ['robot', 'box'],
  cat: ['dog'],
  bird: ['fish'],
  horse: ['dog'],
  box: ['ball', 'car'],
  robot: ['car'],
  fish: ['bird'],
  bear: ['dog'],
};

export const COLOUR_WORDS: Record<Colour, string[]> = {
  red: ['red', 'crimson'],
  blue: ['blue'],
  white: ['white'],
  black: ['black', 'dark'],
  green: ['green'],
  yellow: ['yellow'],
  purple: ['purple', 'violet'],
};

/** Adjectives by size; medium objects are rarely described by size. */
export const SIZE_WORDS: Record<Size, string[]> = {
  small: ['small', 'little', 'tiny'],
  medium: ['medium-sized'],
  large: ['big', 'large', 'huge'],
};

/** Verb phrases by action: [third person present, -ing form]. */
export const ACTION_PHRASES: Record<Action, [string, string][]> = {
  still: [
    ['sits still', 'sitting still'],
    ['stands still', 'standing still'],
    ['stays in place', 'staying in place'],
    ['does not move', 'not moving'],
  ],
  left: [
    ['moves left', 'moving left'],
    ['moves to the left', 'moving to the left'],
    ['runs to the left', 'running to the left'],
    ['goes left', 'going left'],
    ['slides left', 'sliding left'],
  ],
  right: [
    ['moves right', 'moving right'],
    ['moves to the right', 'moving to the right'],
    ['runs to the right', 'running to the right'],
    ['goes right', 'going right'],
    ['slides right', 'sliding right'],
  ],
  jump: [
    ['jumps', 'jumping'],
    ['leaps', 'leaping'],
    ['hops', 'hopping'],
    ['jumps up', 'jumping up'],
  ],
  bounce: [
    ['bounces', 'bouncing'],
    ['bounces up and down', 'bouncing up and down'],
    ['keeps bouncing', 'bouncing around'],
  ],
  spin: [
    ['spins', 'spinning'],
    ['rotates', 'rotating'],
    ['turns around', 'turning around'],
    ['twirls', 'twirling'],
  ],
  grow: [
    ['grows', 'growing'],
    ['gets bigger', 'getting bigger'],
    ['expands', 'expanding'],
  ],
  shrink: [
    ['shrinks', 'shrinking'],
    ['gets smaller', 'getting smaller'],
    ['shrinks down', 'shrinking down'],
  ],
  fall: [
    ['falls', 'falling'],
    ['falls down', 'falling down'],
    ['drops', 'dropping'],
  ],
  rise: [
    ['rises', 'rising'],
    ['floats up', 'floating up'],
    ['goes up', 'going up'],
    ['flies up', 'flying up'],
  ],
  circle: [
    ['moves in a circle', 'moving in a circle'],
    ['circles around', 'circling around'],
    ['goes around in circles', 'going around in circles'],
  ],
};

/** Actions an annotator may mistake for each other. */
export const ACTION_CONFUSIONS: Record<Action, Action[]> = {
  still: ['spin'],
  left: ['right'],
  right: ['left'],
  jump: ['bounce'],
  bounce: ['jump'],
  spin: ['circle'],
  grow: ['shrink'],
  shrink: ['grow'],
  fall: ['jump'],
  rise: ['jump'],
  circle: ['spin'],
};

/** Place phrases by scene. */
export const SCENE_PHRASES: Record<Scene, string[]> = {
  field: ['on the grass', 'in a field', 'on the lawn', 'in a meadow', 'in the grass'],
  street: ['on the street', 'on the road', 'in the street', 'on a road'],
  room: ['in a room', 'indoors', 'inside a house', 'in the living room'],
  beach: ['on the beach', 'on the sand', 'at the beach', 'by the sea'],
  snow: ['in the snow', 'on the snow', 'in a snowy field'],
  water: ['in the water', 'in a pool', 'on the lake', 'in a lake'],
};

/** RGB of each colour, for the frame renderer. */
export const COLOUR_RGB: Record<Colour, [number, number, number]> = {
  red: [220, 30, 30],
  blue: [30, 60, 220],
  white: [245, 245, 245],
  black: [20, 20, 20],
  green: [30, 170, 50],
  yellow: [240, 220, 30],
  purple: [140, 40, 170],
};

/** Base scale (fraction of the frame width) by size. */
export const SIZE_SCALE: Record<Size, number> = { small: 0.12, medium: 0.18, large: 0.26 };
