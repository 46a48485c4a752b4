import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TopiclensError } from '../../core/errors.js';
import type { RefineSession } from '../refiners/session/session.js';
import { displayPath } from './display-path.js';
import { allowedHosts, checkAccess, LOOPBACK, newToken, tokenCookie, type AccessPolicy } from './access.js';
import { api, HttpError, type Reply, type StudioContext } from './api.js';
import { studioAssets } from './assets.js';
import { readStudioMap } from './neuron-names.js';
import { VideoList } from './video-list.js';

export const MAX_BODY_BYTES = 16 * 1024;
export { LOOPBACK };

export interface StudioServer {
  server: Server;
  /** The address to open; with `?token=…` when a token is required. */
  url: string;
  /** The access token every request must carry (non-loopback hosts), or null. */
  token: string | null;
  close(): Promise<void>;
}

export interface StudioOptions {
  port?: number;
  host?: string;
  attributors?: readonly string[];
  /** Host names (besides the address listened on) that requests may use, e.g. the machine's DNS name. */
  allowHosts?: readonly string[];
  /** The access token; default: a fresh random one when the host is not loopback, none on loopback. */
  token?: string;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
};

function send(res: ServerResponse, reply: Reply): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Messages name the run as the user gave it (relative to the studio's folder), never by an absolute path. */
const withoutAbsolutePaths = (message: string, runDir: string): string => message.split(runDir).join(displayPath(runDir));

const error = (status: number, message: string): Reply => ({ status, body: { error: message } });

/** Read a JSON object body of at most MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/.test(type)) return reject(new HttpError(415, 'send the body as application/json'));
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return reject(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`));
        req.pause(); // read no more; the connection is closed once the 413 is sent
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      try {
        const v = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
        resolve(v as Record<string, unknown>);
      } catch (e) {
        reject(new HttpError(400, `the body is not a JSON object (${(e as Error).message})`));
      }
    });
    req.on('error', reject);
  });
}

/**
 * The studio's HTTP server (node:http only). Serves its fixed static assets and the JSON API
 * over the run the session opened — nothing else from disk. Requests whose Host header is not
 * the addresses it answers to are refused (DNS rebinding), state-changing requests from another
 * Origin too; off loopback every request needs the token printed at start. Model changes run one
 * at a time.
 */
export async function startStudio(session: RefineSession, options: StudioOptions = {}): Promise<StudioServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? (LOOPBACK.has(host) ? null : newToken());
  const assets = studioAssets();
  const ctx: StudioContext = {
    session,
    ...readStudioMap(session),
    videos: new VideoList(session),
    ...(options.attributors ? { attributors: options.attributors } : {}),
  };
  let queue: Promise<unknown> = Promise.resolve();
  // Each request first catches up with the lineage's current model (`topiclens refine` may have changed it).
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const run = async () => {
      await session.follow();
      return f();
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  // Host allowlist always (DNS rebinding), Origin on state-changing requests, and a token off loopback.
  const policy: AccessPolicy = { hosts: new Set<string>(), ...(token ? { token } : {}) };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<Reply | { asset: string }> => {
    const url = new URL(req.url ?? '/', 'http://studio.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (checkAccess(req, url, policy) && token) res.setHeader('Set-Cookie', tokenCookie(token));
    if (assets.has(path)) {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} is not allowed on ${path}`);
      return { asset: path };
    }
    const seg = path
      .split('/')
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          throw new HttpError(400, 'malformed URL escape');
        }
      });
    if (seg[0] !== 'api') throw new HttpError(404, `no such page: ${path.slice(0, 80)}`);
    const get = method === 'GET';
    const post = method === 'POST';
    switch (seg.length === 2 ? seg[1] : seg.length === 3 ? `${seg[1]}/:id` : seg.length === 4 ? `${seg[1]}/:id/${seg[3]}` : '') {
      case 'run':
        if (get) return serial(async () => api.run(ctx));
        break;
      case 'history':
        if (get) return serial(async () => api.history(ctx));
        break;
      case 'videos':
        if (get) return serial(() => api.videos(ctx));
        break;
      case 'videos/:id':
        if (get) return serial(() => api.video(ctx, seg[2]));
        break;
      case 'videos/:id/activations':
        if (get) return serial(async () => api.activations(ctx, seg[2], url.searchParams.get('topics') ?? ''));
        break;
      case 'refine':
        if (post) return readBody(req).then((b) => serial(() => api.refine(ctx, b)));
        break;
      case 'undo':
        if (post) return readBody(req).then(() => serial(() => api.undo(ctx)));
        break;
      case 'checkout':
        if (post) return readBody(req).then((b) => serial(() => api.checkout(ctx, b)));
        break;
      default:
        throw new HttpError(404, `no such API: ${path.slice(0, 80)}`);
    }
    throw new HttpError(405, `${method} is not allowed on ${path.slice(0, 80)}`);
  };

  const server = createServer((req, res) => {
    route(req, res).then(
      (r) => {
        if ('asset' in r) {
          const a = assets.get(r.asset)!;
          res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': a.type, 'Content-Length': a.body.length });
          res.end(req.method === 'HEAD' ? undefined : a.body);
        } else send(res, r);
      },
      (e) => {
        if (res.headersSent) return;
        if (e instanceof HttpError && e.status === 413) {
          res.setHeader('Connection', 'close');
          res.on('finish', () => req.destroy());
        }
        const message = withoutAbsolutePaths((e as Error).message, session.data.runDir);
        if (e instanceof HttpError) send(res, error(e.status, message));
        else if (e instanceof TopiclensError)
          send(res, error(409, message)); // what was wrong and what to do, as the CLI says it
        else send(res, error(500, `internal error: ${message}`));
      },
    );
  });
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  policy.hosts = allowedHosts(host, port, options.allowHosts);
  return {
    server,
    token,
    url: `http://${shown}:${port}/${token ? `?token=${token}` : ''}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
