import { TopiclensError } from '../../../core/errors.js';
import { defineCommand, type CommandManifest } from '../../../core/plugin/manifest.js';
import { writeEvalFile } from '../protocol/eval-file.js';
import { formatRefineEval, refineEval } from '../protocol/refine-eval.js';
import { metricsByName, numberFlag, openSession, REFINER_FLAGS, type RefineDeps } from './open-session.js';

const usage = `Usage: topiclens refine-eval <runDir> [--videos 20] [--metrics bleu,meteor,cider] [--mu X] [--steps N] [--lr X] [--gain X] [--anchors N] [--anchor-weight X] [--anchors-with-topic N] [--anchor-batch N]

The paper's Sec. 4 experiment. Picks N test videos whose caption (whole video and second half)
misses a topic of their references (topic vector s_t = 1, with neurons in the neuron–topic map),
splits each video's frames into halves, refines the model on the first halves in turn (Eq. 10),
and reports how many captions of the unseen second halves now carry the topic (a caption
carries topic t when one of t's 5 most probable words is among its tokens), and the test set's
BLEU/METEOR/CIDEr before and after (BLEU always runs). The chain starts from the base model of
<runDir>/refine/, which is the run's current train/model: refinements of an earlier model
(the run retrained or re-attributed since) are first moved to <runDir>/refine/stale-<time>/.

Writes <runDir>/refine/eval.json: gained (second halves that carry the topic after all
refinements), gainedOwn (right after their own), total (videos refined), bleu4Before,
bleu4After (and meteor*/cider* when they ran; test split, whole videos), the per-video items,
the settings (refiner options, the model the chain started from, the train/attribute/topics/
features output hashes) and createdAt. (Also copied to <runDir>/refine-eval.json for older
readers.) The refined models stay in <runDir>/refine/models/ and the run keeps its current model.`;

export function makeRefineEvalCommand(deps: RefineDeps = {}): CommandManifest {
  return defineCommand({
    name: 'refine-eval',
    summary: "The paper's human-in-the-loop experiment: refine N test videos on first halves, test on second halves",
    usage,
    flags: {
      videos: { type: 'string' },
      metrics: { type: 'string' },
      ...REFINER_FLAGS,
    },
    async run({ values, positionals }, ctx) {
      const videos = numberFlag('refine-eval', 'videos', values.videos, true) ?? 20;
      if (videos < 1) throw new TopiclensError(`topiclens refine-eval: --videos must be at least 1, found ${videos}.`, 2);
      const session = await openSession(ctx, 'refine-eval', { values, positionals }, deps);
      try {
        // BLEU always runs: eval.json's bleu4Before/After are the protocol's headline scores.
        const names = [
          ...new Set([
            'bleu',
            ...(values.metrics ?? 'bleu,meteor,cider')
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ]),
        ];
        const metrics = await metricsByName(ctx.registry, names, session.data.runDir);
        const result = await refineEval(session, { videos, metrics, log: ctx.stderr });
        const file = writeEvalFile(session, result, names);
        ctx.stdout(formatRefineEval(result));
        ctx.stdout(`written: ${file}`);
        return 0;
      } finally {
        session.dispose();
      }
    },
  });
}
