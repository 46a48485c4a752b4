import { parseCommandArgs } from '../../core/cli/args.js';
import { TopiclensError } from '../../core/errors.js';
import { defineCommand, type CommandManifest } from '../../core/plugin/manifest.js';
import { numberFlag, openSession, REFINER_FLAGS, refinerOverrides, type RefineDeps } from '../refiners/commands/open-session.js';
import { LOOPBACK, startStudio, type StudioServer } from './server.js';

const usage = `Usage: topiclens studio <runDir> [--port 8377] [--host 127.0.0.1] [--mu X] [--steps N] [--lr X] [--gain X] [--anchors N] [--anchor-weight X]

A local web app over a finished run: browse the test videos (those whose caption misses a
reference topic first; feature heatmap), generated vs reference captions, topics present /
predicted / missing, the activation through time of the neurons named by chosen topics
(Fig. 4), the neuron–topic map; pick a missing topic, refine (Eq. 10) and see the new caption
and how many other captions the refined model changed; the chain of refined models, with undo.
Refinements are saved under <runDir>/refine/ exactly as \`topiclens refine\` saves them.

  --mu, --steps, --lr, --gain, --anchors, --anchor-weight   override the run's refiner options for this studio session

Listens on 127.0.0.1 only, unless --host names another address (then anyone who can reach
that address can change the run's refined models: a warning is printed). Ctrl-C stops it.`;

export function makeStudioCommand(deps: RefineDeps & { onListening?: (s: StudioServer) => void } = {}): CommandManifest {
  return defineCommand({
    name: 'studio',
    summary: 'Local web app: inspect captions, topics and neurons of a run; refine and undo',
    usage,
    async run(argv, ctx) {
      const { values, positionals } = parseCommandArgs('studio', argv, {
        port: { type: 'string' },
        host: { type: 'string' },
        ...REFINER_FLAGS,
      });
      if (values.help) return ctx.stdout(usage), 0;
      const port = numberFlag('studio', 'port', values.port, true) ?? 8377;
      if (port < 0 || port > 65535) throw new TopiclensError(`topiclens studio: --port must be in 0..65535, found ${port}.`, 2);
      const host = values.host ?? '127.0.0.1';
      if (!LOOPBACK.has(host)) ctx.stderr(`warning: the studio listens on ${host}, not loopback: anyone who can reach it can read this run and change its refined models.`);
      const session = await openSession(ctx, positionals[0], 'studio', refinerOverrides('studio', values), deps);
      let studio: StudioServer;
      try {
        studio = await startStudio(session, { port, host, attributors: ctx.registry.names('attributor') });
      } catch (e) {
        session.dispose();
        const code = (e as NodeJS.ErrnoException).code;
        throw new TopiclensError(`topiclens studio: cannot listen on ${host}:${port} (${code ?? (e as Error).message}).${code === 'EADDRINUSE' ? ' Pick another --port.' : ''}`);
      }
      ctx.stdout(`topiclens studio: ${studio.url}  (run ${session.data.runDir}; Ctrl-C to stop)`);
      deps.onListening?.(studio);
      await new Promise<void>((resolve) => {
        const stop = () => void studio.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        studio.server.once('close', () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        });
      });
      session.dispose();
      return 0;
    },
  });
}
