/**
 * The registry transport: one logical HTTP exchange with per-host concurrency, a per-attempt timeout, retries with
 * backoff for 429/5xx/network/timeout (Retry-After honoured when it fits), hand-followed redirects, an overall time
 * budget, and the corporate proxy from the environment (proxy-env.ts). It knows HTTP, not OCI (that is oci.ts).
 *
 * node:http/node:https with one keep-alive agent per client. Node 20's global fetch (undici) was the first choice,
 * but on the 200-tag benchmark it cost ~3x the CPU per request (Headers/streams/WHATWG plumbing, ~1 ms a request on
 * the 2-core CI box) and was the largest share of the client's wall time; a dependency (got, undici) would buy
 * nothing over the built-in module. Redirects are followed by hand so that Authorization is dropped whenever the
 * origin changes and a redirect can never downgrade to plain HTTP on a non-loopback host.
 *
 * Through a proxy, https:// targets are tunnelled with CONNECT (https-proxy-agent), so the registry's Authorization
 * travels inside TLS the proxy cannot read; plain http:// targets (loopback, which never uses a proxy, or
 * images.insecureRegistries, which never get credentials: auth.ts mayCarrySecret) go as absolute-form requests
 * (http-proxy-agent). Only userinfo in the proxy URL itself becomes Proxy-Authorization. Both agents keep sockets
 * alive like the direct ones, and are loaded only when a proxy variable is set.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { KustodianError } from '../errors.js';
import { Limiter } from '../util/concurrency.js';
import { mayCarrySecret } from './auth.js';
import { RegistryError } from './errors.js';
import { proxyFor, proxySettingsFromEnv, type ProxySettings } from './proxy-env.js';
import { apiHost, isLoopback } from './reference.js';

/** Manifests and configs are small; a cap keeps a hostile registry from filling memory (ggcr caps at 100 MiB). */
const MAX_BODY = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/** How the transport behaves; RegistryClientOptions passes these through (defaults match config `images.*`). */
export interface TransportOptions {
  /** Env for the proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY and lower case). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Hosts (host[:port]) that may be reached over plain HTTP besides loopback. */
  insecureRegistries?: string[];
  /** Concurrent requests per host (default 8). */
  concurrency?: number;
  /** Per-request timeout in ms, body included (default 10 000). */
  requestTimeoutMs?: number;
  /** Overall budget in ms, counted from construction (default 45 000). */
  budgetMs?: number;
  /** Aborts everything (SIGTERM, the caller's own deadline). */
  signal?: AbortSignal;
  /** Retries after the first attempt for 429/5xx/network/timeout (default 3). */
  retries?: number;
  /** First backoff in ms, doubled per retry with ±10 % jitter (default 500). */
  retryBaseMs?: number;
}

/** The counters the transport keeps (RegistryStats adds cache hits). */
export interface TransportStats {
  /** HTTP requests sent (registry and token realm, every attempt, every redirect hop). */
  requests: number;
  /** Attempts repeated after 429, 5xx, a timeout or a network error. */
  retries: number;
}

/** The one header accessor the client needs (same joining of repeated fields as fetch's Headers). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

/** A complete response: status, headers, and the body bytes (empty for HEAD). */
export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
}

/** One request. `registry` words errors; `secretOk` says whether Authorization may go to this registry's origin. */
export interface SendInit {
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body?: string;
  registry: string;
  secretOk: boolean;
}

function responseHeaders(raw: IncomingHttpHeaders): ResponseHeaders {
  return {
    get(name) {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/** Retry-After as delay-seconds or an HTTP date, in ms; undefined when absent or unparseable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** HTTP to registries for one run: limits, retries, redirects, budget and proxy. */
export class Transport {
  /** Aborted when the budget runs out or the caller's signal fires. */
  readonly budget: AbortSignal;
  private readonly insecure: ReadonlySet<string>;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly deadline: number;
  /** Bounded concurrency per registry host. */
  private readonly limiters = new Map<string, Limiter>();
  // Keep-alive: every request after the first per connection skips the TCP (and TLS) handshake. Idle sockets are
  // unref'd by Node, so they never hold a finished process open.
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  private readonly proxy: ProxySettings | undefined;
  /** Per `protocol proxy-href`: the agent that tunnels through that proxy (created on first use). */
  private readonly proxyAgents = new Map<string, Promise<http.Agent>>();
  /** Requests on the wire; one budget listener aborts them all (a listener per request trips MaxListeners at 11). */
  private readonly onTheWire = new Set<http.ClientRequest>();

  constructor(
    private readonly options: TransportOptions,
    readonly stats: TransportStats,
  ) {
    this.insecure = new Set((options.insecureRegistries ?? []).map((h) => h.toLowerCase()));
    this.concurrency = options.concurrency ?? 8;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.retries = options.retries ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 500;
    this.proxy = proxySettingsFromEnv(options.env ?? process.env);
    const budgetMs = options.budgetMs ?? 45_000;
    this.deadline = Date.now() + budgetMs;
    const budget = AbortSignal.timeout(budgetMs);
    this.budget = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
    this.budget.addEventListener(
      'abort',
      () => {
        for (const req of this.onTheWire) req.destroy(new Error('aborted'));
      },
      { once: true },
    );
  }

  /** The registry's API root: plain HTTP for loopback and listed insecure registries, HTTPS otherwise. */
  baseUrl(registry: string): URL {
    const host = apiHost(registry);
    const plain = isLoopback(host) || this.insecure.has(registry) || this.insecure.has(host);
    return new URL(`${plain ? 'http' : 'https'}://${host}/`);
  }

  /**
   * One logical HTTP exchange: per-host limit, per-attempt timeout, retries with backoff for 429/5xx/network/timeout
   * (Retry-After honoured when it fits the budget), and hand-followed redirects that drop Authorization across origins.
   */
  async send(url: URL, init: SendInit): Promise<HttpResponse> {
    let lastError: RegistryError | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) this.stats.retries++;
      let res: HttpResponse;
      try {
        res = await this.limiter(url.host).run(() => this.fetchFollowing(url, init));
      } catch (error) {
        if (!(error instanceof RegistryError) || (error.reason !== 'network' && error.reason !== 'timeout')) throw error;
        lastError = error;
        if (attempt < this.retries) await this.pause(this.backoff(attempt), init.registry);
        continue;
      }
      if (res.status === 429 || (res.status >= 500 && res.status !== 501)) {
        lastError = new RegistryError('server', `registry ${init.registry} answered ${res.status} after ${attempt + 1} attempts`, { registry: init.registry, status: res.status });
        if (attempt < this.retries) await this.pause(retryAfterMs(res.headers.get('retry-after')) ?? this.backoff(attempt), init.registry);
        continue;
      }
      return res;
    }
    throw lastError ?? new RegistryError('network', `registry ${init.registry} could not be reached`, { registry: init.registry });
  }

  /** The error for a budget that ran out (also used by the client for a credential helper the budget cancelled). */
  budgetError(registry: string): RegistryError {
    return new RegistryError('budget', `registry ${registry}: the time budget for registry lookups ran out`, { registry });
  }

  /**
   * Plain HTTP is judged by the host actually contacted: an insecure registry may not redirect us in clear to some
   * other host. The registry's own API host counts as listed when its registry name is (docker.io → registry-1).
   */
  private schemeAllowed(url: URL, registry: string): boolean {
    if (url.protocol === 'https:') return true;
    const host = url.host.toLowerCase();
    return url.protocol === 'http:' && (isLoopback(host) || this.insecure.has(host) || (host === apiHost(registry) && this.insecure.has(registry)));
  }

  private async fetchFollowing(start: URL, init: SendInit): Promise<HttpResponse> {
    let url = start;
    let headers = { ...init.headers };
    let method = init.method;
    let body = init.body;
    for (let hop = 0; ; hop++) {
      if (!this.schemeAllowed(url, init.registry)) {
        throw new RegistryError('insecure', `registry ${init.registry}: refusing plain HTTP to ${url.host} (add it to images.insecureRegistries if intended)`, { registry: init.registry });
      }
      if (headers.authorization && !(init.secretOk && mayCarrySecret(url))) delete headers.authorization;
      const res = await this.fetchOnce(url, method, headers, body, init.registry);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location && [301, 302, 303, 307, 308].includes(res.status)) {
        if (hop >= MAX_REDIRECTS) throw new RegistryError('server', `registry ${init.registry}: too many redirects`, { registry: init.registry });
        const next = new URL(location, url);
        const keepsBody = body !== undefined && !(res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST'));
        // A 307/308 re-sends the body, and a token POST's body carries the refresh token: never to another origin.
        if (keepsBody && next.origin !== url.origin) {
          throw new RegistryError('insecure', `registry ${init.registry}: refusing to re-send a request body to another host on a ${res.status} redirect from ${url.host} to ${next.host}`, { registry: init.registry, status: res.status });
        }
        // The spec: MUST NOT forward Authorization across host boundaries.
        if (next.origin !== url.origin) {
          const { authorization: _dropped, ...rest } = headers;
          void _dropped;
          headers = rest;
        }
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }
      return res;
    }
  }

  /** The agent for `url`: the keep-alive direct one, or (when the environment names a proxy for it) a tunnelling one. */
  private agentFor(url: URL, registry: string): http.Agent | Promise<http.Agent> {
    const tls = url.protocol === 'https:';
    const direct = tls ? this.agents.https : this.agents.http;
    if (!this.proxy) return direct;
    let via: URL | undefined;
    try {
      via = proxyFor(this.proxy, url);
    } catch (error) {
      if (error instanceof RegistryError) throw new RegistryError('invalid', `registry ${registry}: ${error.message}`, { registry });
      throw error;
    }
    if (!via) return direct;
    const key = `${url.protocol} ${via.href}`;
    let agent = this.proxyAgents.get(key);
    if (!agent) {
      const proxyUrl = via;
      agent = tls
        ? import('https-proxy-agent').then(({ HttpsProxyAgent }) => new HttpsProxyAgent(proxyUrl, { keepAlive: true }))
        : import('http-proxy-agent').then(({ HttpProxyAgent }) => new HttpProxyAgent(proxyUrl, { keepAlive: true }));
      this.proxyAgents.set(key, agent);
    }
    return agent;
  }

  private async fetchOnce(url: URL, method: string, headers: Record<string, string>, body: string | undefined, registry: string): Promise<HttpResponse> {
    this.checkBudget(registry);
    const agent = await this.agentFor(url, registry);
    this.stats.requests++;
    let timedOut = false;
    /** A proxy's non-200 answer to CONNECT (https-proxy-agent reports it; the request then fails). */
    let refusedBy: { proxy: string; status: number } | undefined;
    try {
      return await new Promise<HttpResponse>((resolve, reject) => {
        const tls = url.protocol === 'https:';
        const sendHeaders = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
        // One timer per request, body included; the budget (and the caller's signal) aborts through `signal`.
        const timer = setTimeout(() => {
          timedOut = true;
          req.destroy(new Error('request timeout'));
        }, this.timeoutMs);
        const settle = (error: unknown, value?: HttpResponse): void => {
          clearTimeout(timer);
          this.onTheWire.delete(req);
          if (value) resolve(value);
          else reject(error instanceof Error ? error : new Error(String(error)));
        };
        const req = (tls ? https : http).request(url, { method, headers: sendHeaders, agent }, (res) => {
          // https-proxy-agent replays a refused CONNECT's answer as if the registry had sent it: it is the proxy's.
          if (refusedBy) {
            res.destroy();
            settle(proxyRefusal(registry, refusedBy));
            return;
          }
          const length = Number(res.headers['content-length'] ?? '0');
          if (length > MAX_BODY) {
            res.destroy();
            settle(new RegistryError('server', `registry ${registry}: response larger than ${MAX_BODY} bytes`, { registry }));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          let ended = false;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY) {
              res.destroy();
              settle(new RegistryError('server', `registry ${registry}: response larger than ${MAX_BODY} bytes`, { registry }));
            } else chunks.push(chunk);
          });
          res.on('end', () => {
            ended = true;
            settle(undefined, { status: res.statusCode ?? 0, headers: responseHeaders(res.headers), body: method === 'HEAD' ? Buffer.alloc(0) : Buffer.concat(chunks, size) });
          });
          res.on('error', (error) => settle(error));
          // A connection closed before Content-Length bytes arrived (a truncated body) ends here, not in 'end'.
          res.on('close', () => {
            if (!ended) settle(Object.assign(new Error('response body truncated'), { code: 'ECONNRESET' }));
          });
        });
        req.on('error', (error) => settle(error));
        // https-proxy-agent reports the CONNECT answer; http-proxy-agent emits the same event without a status.
        req.on('proxyConnect', (connect: { statusCode?: number }) => {
          if (typeof connect.statusCode === 'number' && connect.statusCode !== 200) refusedBy = { proxy: proxyName(agent), status: connect.statusCode };
        });
        this.onTheWire.add(req);
        req.end(body);
      });
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      if (this.options.signal?.aborted) throw new KustodianError('INTERRUPTED', 'registry lookup interrupted', { signal: 'SIGTERM' });
      if (this.budget.aborted) throw this.budgetError(registry);
      if (refusedBy) throw proxyRefusal(registry, refusedBy, error);
      if (timedOut) {
        throw new RegistryError('timeout', `registry ${registry} did not answer within ${this.timeoutMs / 1000} s`, { registry, cause: error });
      }
      const code = networkCode(error);
      throw new RegistryError('network', `registry ${registry} could not be reached (${code})`, { registry, cause: error });
    }
  }

  private checkBudget(registry: string): void {
    if (this.options.signal?.aborted) throw new KustodianError('INTERRUPTED', 'registry lookup interrupted', { signal: 'SIGTERM' });
    if (this.budget.aborted || Date.now() >= this.deadline) throw this.budgetError(registry);
  }

  private backoff(attempt: number): number {
    const base = this.retryBaseMs * 2 ** attempt;
    return base * (0.9 + Math.random() * 0.2);
  }

  /** Sleeps before a retry unless that would overrun the budget, in which case the budget error is thrown now. */
  private async pause(ms: number, registry: string): Promise<void> {
    if (Date.now() + ms >= this.deadline) throw this.budgetError(registry);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.budget.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(this.options.signal?.aborted ? new KustodianError('INTERRUPTED', 'registry lookup interrupted', { signal: 'SIGTERM' }) : this.budgetError(registry));
      };
      this.budget.addEventListener('abort', onAbort, { once: true });
    });
  }

  private limiter(host: string): Limiter {
    let l = this.limiters.get(host);
    if (!l) {
      l = new Limiter(this.concurrency);
      this.limiters.set(host, l);
    }
    return l;
  }
}

/**
 * A proxy's refusal of the CONNECT tunnel, final (not retried): 407 means it wants (other) credentials (tinyproxy
 * answers 401 to wrong ones), 403 and the like that it does not allow this destination.
 */
function proxyRefusal(registry: string, refused: { proxy: string; status: number }, cause?: unknown): RegistryError {
  const { proxy, status } = refused;
  const auth = status === 407 || status === 401;
  const why = auth ? 'proxy authentication failed: check user:password in the proxy URL' : 'the proxy does not allow this destination';
  return new RegistryError(auth ? 'unauthorized' : 'server', `registry ${registry}: proxy ${proxy} refused the tunnel (${status}, ${why})`, { registry, status, cause });
}

/** host:port of the proxy an agent tunnels through, never its userinfo. */
function proxyName(agent: http.Agent): string {
  const proxy = (agent as { proxy?: unknown }).proxy;
  return proxy instanceof URL ? proxy.host : 'proxy';
}

function networkCode(error: unknown): string {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return error instanceof Error && error.message ? error.message.slice(0, 80) : 'network error';
}
