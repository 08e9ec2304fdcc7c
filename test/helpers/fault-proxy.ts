/**
 * A small HTTP proxy in front of a real registry, for the faults a real server cannot produce on demand:
 * 500, 429 + Retry-After, a stall, a connection reset, a truncated body, a wrong Docker-Content-Digest, a
 * corrupted body, a 401 loop and redirects. It also counts and logs every request, which the bench uses to prove a warm run makes none.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from './registry.js';

/** What the proxy does to a matching request. */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'stall' }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'wrong-digest' }
  | { kind: 'corrupt' }
  | { kind: 'unauthorized-loop' }
  | { kind: 'redirect'; to: string; status?: number };

/** A rule: which requests (method and path regex), what fault, how many times (default: always). */
export interface FaultRule {
  method?: string;
  path?: RegExp;
  fault: Fault;
  times?: number;
}

/** One request the proxy saw. `authorization` is kept for assertions about where credentials went. */
export interface ProxyLogEntry {
  method: string;
  path: string;
  authorization: string | undefined;
  fault?: Fault['kind'];
}

/** A running proxy. `host` is what image references use. */
export interface FaultProxy {
  host: string;
  url: string;
  log: ProxyLogEntry[];
  /** Requests seen (faulted or forwarded). */
  readonly requests: number;
  /** The most requests this proxy had in flight at once since start or `clear()`: what a client's limiter allows. */
  readonly peakInFlight: number;
  add(rule: FaultRule): void;
  clear(): void;
  stop(): Promise<void>;
}

/** Starts a proxy to `upstream` (a registry base URL) on a free port of `bindHost` (default 127.0.0.1). */
export async function startFaultProxy(upstream: string, options: { bindHost?: '127.0.0.1' | 'localhost' } = {}): Promise<FaultProxy> {
  const up = new URL(upstream);
  const rules: (FaultRule & { left: number })[] = [];
  const log: ProxyLogEntry[] = [];
  const stalled = new Set<ServerResponse>();
  const port = await freePort();
  const hostName = options.bindHost ?? '127.0.0.1';
  const self = `http://${hostName}:${port}`;

  function forward(
    req: IncomingMessage,
    body: Buffer,
    onResponse: (status: number, headers: Record<string, string | string[]>, data: Buffer) => void,
    onError: () => void,
  ): void {
    const headers = { ...req.headers, host: up.host };
    const out = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = v;
        onResponse(res.statusCode ?? 502, h, Buffer.concat(chunks));
      });
      res.on('error', onError);
    });
    out.on('error', onError);
    out.end(body);
  }

  let inFlight = 0;
  let peakInFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const entry: ProxyLogEntry = { method: req.method ?? 'GET', path, authorization: req.headers.authorization };
      log.push(entry);
      if (path.startsWith('/token')) {
        // The 401-loop's token realm: hands out a token the upstream will never accept.
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'never-accepted', expires_in: 300 }));
        return;
      }
      const rule = rules.find((r) => r.left > 0 && (!r.method || r.method === req.method) && (!r.path || r.path.test(path)));
      if (!rule) {
        forward(
          req,
          body,
          (status, headers, data) => res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : data),
          () => res.destroy(),
        );
        return;
      }
      rule.left--;
      const fault = rule.fault;
      entry.fault = fault.kind;
      switch (fault.kind) {
        case 'status': {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
          res.writeHead(fault.status, headers).end('{"errors":[{"code":"UNAVAILABLE","message":"injected"}]}');
          return;
        }
        case 'stall':
          stalled.add(res);
          return;
        case 'reset':
          req.socket.resetAndDestroy();
          return;
        case 'unauthorized-loop':
          res
            .writeHead(401, {
              'www-authenticate': `Bearer realm="${self}/token",service="loop",scope="repository:x:pull"`,
              'content-type': 'application/json',
            })
            .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
          return;
        case 'redirect':
          res.writeHead(fault.status ?? 307, { location: `${fault.to}${path}` }).end();
          return;
        case 'truncate':
        case 'wrong-digest':
        case 'corrupt':
          forward(
            req,
            body,
            (status, headers, data) => {
              if (fault.kind === 'corrupt' && data.length > 0) {
                // Same length, same headers, one byte changed: only hashing the body can notice.
                const copy = Buffer.from(data);
                copy[copy.length - 2] = (copy[copy.length - 2] ?? 0) ^ 0x20;
                res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : copy);
                return;
              }
              if (fault.kind === 'wrong-digest') {
                res
                  .writeHead(status, { ...headers, 'docker-content-digest': `sha256:${'0'.repeat(64)}` })
                  .end(req.method === 'HEAD' ? undefined : data);
                return;
              }
              res.writeHead(status, { ...headers, 'content-length': String(data.length) });
              res.write(data.subarray(0, Math.floor(data.length / 2)), () => res.socket?.destroy());
            },
            () => res.destroy(),
          );
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, hostName, resolve));
  return {
    host: `${hostName}:${port}`,
    url: self,
    log,
    get requests() {
      return log.length;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    add(rule) {
      rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      rules.length = 0;
      log.length = 0;
      peakInFlight = inFlight;
    },
    async stop() {
      for (const r of stalled) r.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
