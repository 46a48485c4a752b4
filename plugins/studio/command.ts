import { TopiclensError } from '../../core/errors.js';
import { defineCommand, type CommandManifest } from '../../core/plugin/manifest.js';
import { numberFlag, openSession, REFINER_FLAGS, type RefineDeps } from '../refiners/commands/open-session.js';
import { startStudio, type StudioServer } from './server.js';

const usage = `Usage: topiclens studio <runDir> [--port 8377] [--host 127.0.0.1] [--allow-host NAME] [--mu X] [--steps N] [--lr X] [--gain X] [--anchors N] [--anchor-weight X] [--anchors-with-topic N] [--anchor-batch N]

A local web app over a finished run: browse the test videos (those whose caption misses a
reference topic first; feature heatmap), generated vs reference captions, topics present /
predicted / missing, the activation through time of the neurons named by chosen topics
(Fig. 4), the neuron–topic map; pick a missing topic, refine (Eq. 10) and see the new caption
and how many other captions the refined model changed; the chain of refined models, with undo.
Refinements are saved under <runDir>/refine/ exactly as \`topiclens refine\` saves them.

  --mu, --steps, --lr, --gain, --anchors, --anchor-weight, --anchors-with-topic, --anchor-batch   override the run's refiner options for this studio session

Listens on 127.0.0.1 only, unless --host names another address: then every request needs the
access token printed at start (open the printed URL; the page keeps it in a cookie), requests
must name this machine in their Host header (its name and addresses, or --allow-host NAME,
repeatable, e.g. a DNS name or a proxy's), and state-changing requests from pages of another
origin are refused. Ctrl-C stops it.`;

export function makeStudioCommand(deps: RefineDeps & { onListening?: (s: StudioServer) => void } = {}): CommandManifest {
  return defineCommand({
    name: 'studio',
    summary: 'Local web app: inspect captions, topics and neurons of a run; refine and undo',
    usage,
    flags: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      ...REFINER_FLAGS,
    },
    async run({ values, positionals }, ctx) {
      const port = numberFlag('studio', 'port', values.port, true) ?? 8377;
      if (port < 0 || port > 65535) throw new TopiclensError(`topiclens studio: --port must be in 0..65535, found ${port}.`, 2);
      const host = values.host ?? '127.0.0.1';
      const session = await openSession(ctx, 'studio', { values, positionals }, deps);
      let studio: StudioServer;
      try {
        studio = await startStudio(session, {
          port,
          host,
          attributors: ctx.registry.names('attributor'),
          ...(values['allow-host'] ? { allowHosts: values['allow-host'] } : {}),
        });
      } catch (e) {
        session.dispose();
        const code = (e as NodeJS.ErrnoException).code;
        throw new TopiclensError(
          `topiclens studio: cannot listen on ${host}:${port} (${code ?? (e as Error).message}).${code === 'EADDRINUSE' ? ' Pick another --port.' : ''}`,
        );
      }
      ctx.stdout(`topiclens studio: ${studio.url}  (run ${session.data.runDir}; Ctrl-C to stop)`);
      if (studio.token)
        ctx.stdout(`  listening on ${host}, not loopback: every request needs the token above (open that URL; keep it secret).`);
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
