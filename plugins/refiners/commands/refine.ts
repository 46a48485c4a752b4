import { relative } from 'node:path';
import { TopiclensError } from '../../../core/errors.js';
import { defineCommand, type CommandManifest } from '../../../core/plugin/manifest.js';
import { staleLineages } from '../lineage/set-aside.js';
import { openSession, REFINER_FLAGS, type RefineDeps } from './open-session.js';

const usage = `Usage: topiclens refine <runDir> --video ID --topic NAME [--mu X] [--steps N] [--lr X] [--gain X] [--anchors N] [--anchor-weight X] [--anchors-with-topic N] [--anchor-batch N]
       topiclens refine <runDir> --undo | --list | --checkout MODEL

Corrects the run's model for a topic its caption of a test video misses (Sec. 4, Eq. 10):
raises the neurons the neuron–topic map ties to the topic by their mean activation over the
training videos with the topic, then fine-tunes the encoder towards that (the run's "refiner"
slot, eq10 by default). Prints the caption before and after. Each refinement is a new model
in <runDir>/refine/models/<id>/ with its lineage; the trained model is never changed.
Refinements of an earlier trained model or neuron map (the run retrained / re-attributed
since) are moved intact to <runDir>/refine/stale-<time>/ on opening, with a notice.

  --video ID        a test video of the run
  --topic NAME      topic label (e.g. dog), full name, or index
  --mu, --steps, --lr, --gain   override the refiner's options for this refinement
  --anchors N, --anchor-weight X   anchor videos kept unchanged, and their weight ν (0 = Eq. 10 as published)
  --anchors-with-topic N           also N anchor videos that have the topic
  --anchor-batch N                 training anchors held per step, a fresh seeded sample (0 = all)
  --undo            return to the current model's parent
  --list            the refined models and their lineage (and the set-aside lineages)
  --checkout MODEL  make MODEL (base, r0001, ...) current`;

export function makeRefineCommand(deps: RefineDeps = {}): CommandManifest {
  return defineCommand({
    name: 'refine',
    summary: 'Correct the model for a missing topic of a test video (Eq. 10); undo; list',
    usage,
    flags: {
      video: { type: 'string' },
      topic: { type: 'string' },
      ...REFINER_FLAGS,
      undo: { type: 'boolean' },
      list: { type: 'boolean' },
      checkout: { type: 'string' },
    },
    async run({ values, positionals }, ctx) {
      const actions = [
        values.undo,
        values.list,
        values.checkout !== undefined,
        values.video !== undefined || values.topic !== undefined,
      ].filter(Boolean).length;
      if (actions !== 1)
        throw new TopiclensError(
          'topiclens refine: give --video and --topic, or one of --undo, --list, --checkout. See `topiclens refine --help`.',
          2,
        );
      const session = await openSession(ctx, 'refine', { values, positionals }, deps);
      try {
        if (values.list) {
          const current = session.lineage.current();
          for (const e of session.lineage.list()) {
            const what = e.parent
              ? `from ${e.parent}: +${e.topicName} on ${e.video} [${e.frames?.join(', ')})`
              : `trained model (${e.source})`;
            ctx.stdout(`${e.id === current ? '*' : ' '} ${e.id.padEnd(6)} ${what}`);
          }
          for (const s of staleLineages(session.lineage.dir))
            ctx.stdout(`  set aside: ${relative(session.data.runDir, s.dir)} (${s.info.reason})`);
          return 0;
        }
        if (values.undo || values.checkout !== undefined) {
          const e = values.undo ? await session.undo() : await session.checkout(values.checkout!);
          ctx.stdout(`current model: ${e.id}`);
          return 0;
        }
        if (!values.video || !values.topic) throw new TopiclensError('topiclens refine: give both --video ID and --topic NAME.', 2);
        session.checkVideo(values.video);
        const r = await session.refine(session.wholeClip(values.video), values.topic);
        ctx.stdout(
          [
            `video ${values.video}, topic "${r.topicName}" (neurons ${r.neurons.join(', ')})`,
            `  before: ${r.before}`,
            `  after:  ${r.after}`,
            `  ‖v′ − v*‖² ${r.report.targetDistanceBefore.toFixed(4)} → ${r.report.targetDistanceAfter.toFixed(4)}, ‖θ′ − θ‖² ${r.report.parameterDrift.toExponential(3)} (${r.report.steps} steps)`,
            `  model ${r.entry.id} (parent ${r.entry.parent}); undo with: topiclens refine ${positionals[0]} --undo`,
          ].join('\n'),
        );
        return 0;
      } finally {
        session.dispose();
      }
    },
  });
}
