import { describe, expect, it } from 'vitest';
import { eq10Defaults, eq10Schema } from '../refiners/eq10/schema.js';
import { NOT_REACHED, OPTION_FLAGS, refineAdvice, type AdviceInput } from './advice.js';
import { makeStudioCommand } from './command.js';

const base: AdviceInput = {
  topicName: 'bear',
  gained: false,
  report: { steps: 20, targetDistanceBefore: 339.06, targetDistanceAfter: 282.26, parameterDrift: 1e-4 },
  refiner: { type: 'eq10', options: { ...eq10Defaults } },
  runDir: 'runs/quick',
  attributor: 'pdm',
  attributors: ['ablation', 'pdm', 'gradient-input'],
};

describe('advice after a refinement', () => {
  it('says the topic is in the caption when it is, and suggests nothing', () => {
    expect(refineAdvice({ ...base, gained: true })).toEqual({
      gained: true,
      text: '"bear" is in the refined model\'s caption of this video.',
      tries: [],
    });
  });

  it("when v* was not reached: more steps or a larger learning rate, as studio flags with the refiner's values", () => {
    const a = refineAdvice(base);
    expect(a.gained).toBe(false);
    expect(a.text).toContain('"bear" is still missing');
    expect(a.text).toContain('83 % of the distance left');
    expect(a.tries.map((t) => t.change)).toEqual([
      'steps 20 → 60',
      'learningRate 0.0001 → 0.001',
      'another neuron set: attributor pdm → ablation',
      'refine once more',
    ]);
    expect(a.tries[0]!.command).toBe('topiclens studio runs/quick --steps 60');
    expect(a.tries[1]!.command).toBe('topiclens studio runs/quick --lr 0.001');
    expect(a.tries[2]!.command).toBe('topiclens attribute runs/quick --attributor ablation');
  });

  it('when v* was reached but the decoder still does not say the topic: a higher gain', () => {
    const a = refineAdvice({ ...base, report: { ...base.report, targetDistanceAfter: 339.06 * NOT_REACHED * 0.5 } });
    expect(a.text).toContain('although the features reached v*');
    expect(a.tries[0]).toMatchObject({ change: 'gain 3 → 6', command: 'topiclens studio runs/quick --gain 6' });
    expect(a.tries.some((t) => t.change.startsWith('steps'))).toBe(false);
  });

  it('names only options the eq10 refiner has, through flags the studio command takes', () => {
    const options = Object.keys(eq10Schema.properties as object);
    for (const option of Object.keys(OPTION_FLAGS)) expect(options).toContain(option);
    const usage = makeStudioCommand().usage;
    for (const flag of Object.values(OPTION_FLAGS)) expect(usage).toContain(flag);
  });

  it('suggests nothing it cannot name for a refiner without these options or attributors', () => {
    const a = refineAdvice({ ...base, refiner: { type: 'custom', options: {} }, attributors: ['pdm'] });
    expect(a.tries.map((t) => t.change)).toEqual(['refine once more']);
  });
});
