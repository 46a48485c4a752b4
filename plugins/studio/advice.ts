import type { RefineReport } from '../../core/contracts/refiner.js';

/** One thing to try after a refinement that did not add its topic. */
export interface Try {
  /** What to change, e.g. `gain 3 → 6`. */
  change: string;
  why: string;
  /** How, in words; then `command`, when there is one. */
  how: string;
  command?: string;
}

export interface RefineAdvice {
  gained: boolean;
  /** One or two sentences: what happened. */
  text: string;
  tries: Try[];
}

export interface AdviceInput {
  topicName: string;
  /** Whether the refined model's caption of the video carries the topic. */
  gained: boolean;
  report: RefineReport;
  /** The refiner as recorded in the lineage entry. */
  refiner: { type: string; options: unknown };
  runDir: string;
  /** The run's attributor and the others installed (another neuron set). */
  attributor?: string;
  attributors?: readonly string[];
}

/**
 * The studio's command-line flag of each refiner option it can override; the same names as
 * `topiclens refine` (plugins/refiners/commands/refine.ts) and the eq10 schema's options.
 */
export const OPTION_FLAGS = { steps: '--steps', learningRate: '--lr', gain: '--gain', mu: '--mu' } as const;

/** Share of ‖v′ − v*‖² still left after correction propagation above which "the encoder did not get there". */
export const NOT_REACHED = 0.25;

const num = (options: unknown, key: string): number | undefined => {
  const v = (options as Record<string, unknown> | null)?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};
const round = (x: number) => Number(x.toPrecision(2));

/**
 * What to say after a refinement: that the topic is now in the caption, or that it is not, why
 * (did correction propagation reach v*?) and what to change, in the refiner's own option names.
 */
export function refineAdvice(a: AdviceInput): RefineAdvice {
  const topic = `"${a.topicName}"`;
  if (a.gained) return { gained: true, text: `${topic} is in the refined model's caption of this video.`, tries: [] };
  const { targetDistanceBefore: d0, targetDistanceAfter: d1 } = a.report;
  const left = d0 > 0 ? d1 / d0 : 0;
  const distance = `‖v′ − v*‖² ${d0.toFixed(3)} → ${d1.toFixed(3)}`;
  const o = a.refiner.options;
  const studio = (flag: string, value: number) => ({
    how: 'undo, then restart the studio with',
    command: `topiclens studio ${a.runDir} ${flag} ${value}`,
  });
  const tries: Try[] = [];
  const steps = num(o, 'steps');
  const lr = num(o, 'learningRate');
  const gain = num(o, 'gain');
  let text: string;
  if (left > NOT_REACHED) {
    text = `${topic} is still missing, and correction propagation did not reach the enhanced features v*: ${distance}, ${Math.round(left * 100)} % of the distance left.`;
    if (steps !== undefined)
      tries.push({
        change: `steps ${steps} → ${steps * 3}`,
        why: 'more gradient steps towards v*',
        ...studio(OPTION_FLAGS.steps, steps * 3),
      });
    if (lr !== undefined)
      tries.push({
        change: `learningRate ${lr} → ${round(lr * 10)}`,
        why: 'larger steps towards v*',
        ...studio(OPTION_FLAGS.learningRate, round(lr * 10)),
      });
  } else {
    text = `${topic} is still missing although the features reached v* (${distance}): the enhancement is too weak for the decoder, or the topic's neurons do not carry it.`;
    if (gain !== undefined)
      tries.push({
        change: `gain ${gain} → ${gain * 2}`,
        why: 'a larger enhancement δ = κ · the topic mean',
        ...studio(OPTION_FLAGS.gain, gain * 2),
      });
  }
  const others = (a.attributors ?? []).filter((n) => n !== a.attributor);
  if (others.length) {
    tries.push({
      change: `another neuron set: attributor ${a.attributor ?? 'of the run'} → ${others[0]}`,
      why: `the neurons tied to ${topic} may not carry it (installed: ${others.join(', ')})`,
      how: 'stop the studio, map the neurons again (the refined models are then set aside and a new chain starts), restart the studio:',
      command: `topiclens attribute ${a.runDir} --attributor ${others[0]}`,
    });
  }
  tries.push({ change: 'refine once more', why: 'each refinement continues from the current model', how: 'press Refine again' });
  return { gained: false, text, tries };
}
