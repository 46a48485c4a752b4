import { describe, expect, it } from 'vitest';
import type { StageOutcome } from '../../core/runner/run-experiment.js';
import { stagesRun } from './format.js';
import { withQueued } from './reproduce.js';

const st = (name: string, status: StageOutcome['status'], seconds = 0): StageOutcome => ({ name, status, seconds });

describe("reproduce's runs table: what ran this time", () => {
  it('with --queue, the stages the workers computed ran (the local pass after them finds them cached)', () => {
    const local = [st('topics', 'cached'), st('features', 'cached'), st('train', 'cached'), st('transfer', 'disabled')];
    const queued = [st('topics', 'cached'), st('features', 'ran', 4.5), st('train', 'ran', 61)];
    const stages = withQueued(local, queued);
    expect(stages.map((s) => `${s.name} ${s.status} ${s.seconds}`)).toEqual([
      'topics cached 0',
      'features ran 4.5',
      'train ran 61',
      'transfer disabled 0',
    ]);
    expect(stagesRun({ stages, queued: true })).toBe("features, train (on the queue's workers)");
    expect(stagesRun({ stages: withQueued(local, [st('train', 'cached')]), queued: true })).toBe('(all cached)');
    expect(stagesRun({ stages: [st('train', 'ran', 3), st('evaluate', 'ran', 1)] })).toBe('train, evaluate');
  });
});
