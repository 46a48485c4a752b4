import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { HttpError } from './api.js';

export const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
export const TOKEN_COOKIE = 'topiclens-studio-token';

/** A fresh access token (as Jupyter prints one): 24 random bytes, hex. */
export const newToken = (): string => randomBytes(24).toString('hex');

const hostPort = (name: string, port: number) =>
  `${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`.toLowerCase();

/**
 * The Host headers the studio answers (DNS rebinding: a page on another site cannot rebind its
 * name to us): the address it listens on, loopback names when on loopback, and on a wildcard
 * address (0.0.0.0, ::) this machine's name and addresses; plus every name in `extra`
 * (`--allow-host`).
 */
export function allowedHosts(host: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set<string>([host, ...extra]);
  if (LOOPBACK.has(host)) for (const n of LOOPBACK) names.add(n);
  if (host === '0.0.0.0' || host === '::') {
    names.add(hostname());
    for (const n of LOOPBACK) names.add(n);
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address);
  }
  names.delete('0.0.0.0');
  names.delete('::');
  return new Set([...names].map((n) => hostPort(n, port)));
}

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export interface AccessPolicy {
  hosts: Set<string>;
  /** Required on every request when set (non-loopback). */
  token?: string;
}

/**
 * Check one request; returns true when the token came in the URL (the caller then sets the
 * cookie, so the page's own requests carry it). Throws HttpError: 421 wrong Host, 403 missing or
 * wrong token, 403 a state-changing request from another Origin.
 */
export function checkAccess(req: IncomingMessage, url: URL, policy: AccessPolicy): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!policy.hosts.has(host)) throw new HttpError(421, `unexpected Host header "${String(req.headers.host).slice(0, 80)}"`);
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    const origin = req.headers.origin;
    if (origin !== undefined && !policy.hosts.has(origin.replace(/^https?:\/\//, '').toLowerCase())) {
      throw new HttpError(403, `cross-origin ${method} refused (Origin "${origin.slice(0, 80)}")`);
    }
  }
  if (!policy.token) return false;
  const fromUrl = url.searchParams.get('token');
  const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const given = fromUrl ?? auth ?? cookie(req, TOKEN_COOKIE);
  if (given === undefined || !sameSecret(given, policy.token)) {
    throw new HttpError(
      403,
      given === undefined ? 'this studio needs its access token: open the URL it printed at start (…/?token=…)' : 'wrong access token',
    );
  }
  return fromUrl !== null;
}

export const tokenCookie = (token: string): string => `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
