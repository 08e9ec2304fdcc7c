/**
 * The registry transport: one logical HTTP exchange with per-host concurrency (util/concurrency.ts), a per-attempt
 * timeout, retries with backoff for 429/5xx/network/timeout (retry-policy.ts), hand-followed redirects
 * (redirects.ts), an overall time budget (request-budget.ts), and the corporate proxy from the environment
 * (proxy-env.ts decides, proxy-agents.ts tunnels). This file is the request flow that strings them together. It
 * knows HTTP, not OCI (that is oci.ts).
 *
 * node:http/node:https with one keep-alive agent per client. Node 20's global fetch (undici) was the first choice,
 * but on the 200-tag benchmark it cost ~3x the CPU per request (Headers/streams/WHATWG plumbing, ~1 ms a request on
 * the 2-core CI box) and was the largest share of the client's wall time; a dependency (got, undici) would buy
 * nothing over the built-in module.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { Limiter } from '../util/concurrency.js';
import { mayCarrySecret } from './auth.js';
import { RegistryError } from './registry-error.js';
import { ProxyAgents, proxyName, proxyRefusal } from './proxy-agents.js';
import { proxySettingsFromEnv } from './proxy-env.js';
import { nextHop, plainHttpAllowed, type Hop } from './redirects.js';
import { apiHost, isLoopback } from './reference.js';
import { RequestBudget } from './request-budget.js';
import { backoffMs, isRetryableError, isRetryableStatus, retryAfterMs } from './retry-policy.js';
import { MAX_REGISTRY_BODY_BYTES } from '../util/limits.js';

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

/** HTTP to registries for one run: limits, retries, redirects, budget and proxy. */
export class Transport {
  /** Aborted when the budget runs out or the caller's signal fires. */
  readonly budget: AbortSignal;
  private readonly insecure: ReadonlySet<string>;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly requestBudget: RequestBudget;
  /** Bounded concurrency per registry host. */
  private readonly limiters = new Map<string, Limiter>();
  // Keep-alive: every request after the first per connection skips the TCP (and TLS) handshake. Idle sockets are
  // unref'd by Node, so they never hold a finished process open.
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  /** Absent when no proxy variable is set (the fast path). */
  private readonly proxyAgents: ProxyAgents | undefined;
  /** Requests on the wire; one budget listener aborts them all (a listener per request trips MaxListeners at 11). */
  private readonly onTheWire = new Set<http.ClientRequest>();

  constructor(
    options: TransportOptions,
    readonly stats: TransportStats,
  ) {
    this.insecure = new Set((options.insecureRegistries ?? []).map((h) => h.toLowerCase()));
    this.concurrency = options.concurrency ?? 8;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.retries = options.retries ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 500;
    const proxy = proxySettingsFromEnv(options.env ?? process.env);
    this.proxyAgents = proxy ? new ProxyAgents(proxy) : undefined;
    this.requestBudget = new RequestBudget(options.budgetMs ?? 45_000, options.signal);
    this.budget = this.requestBudget.signal;
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
        if (!isRetryableError(error)) throw error;
        lastError = error;
        if (attempt < this.retries) await this.requestBudget.pause(backoffMs(attempt, this.retryBaseMs), init.registry);
        continue;
      }
      if (isRetryableStatus(res.status)) {
        lastError = new RegistryError('server', `registry ${init.registry} answered ${res.status} after ${attempt + 1} attempts`, {
          registry: init.registry,
          status: res.status,
        });
        if (attempt < this.retries)
          await this.requestBudget.pause(
            retryAfterMs(res.headers.get('retry-after')) ?? backoffMs(attempt, this.retryBaseMs),
            init.registry,
          );
        continue;
      }
      return res;
    }
    throw lastError ?? new RegistryError('network', `registry ${init.registry} could not be reached`, { registry: init.registry });
  }

  /** The error for a budget that ran out (also used by the client for a credential helper the budget cancelled). */
  budgetError(registry: string): RegistryError {
    return this.requestBudget.error(registry);
  }

  /** Follows redirects by the rules of redirects.ts, re-checking plain HTTP and Authorization on every hop. */
  private async fetchFollowing(start: URL, init: SendInit): Promise<HttpResponse> {
    let hop: Hop = { url: start, method: init.method, headers: { ...init.headers }, body: init.body };
    for (let hops = 0; ; hops++) {
      const { url, headers } = hop;
      if (!plainHttpAllowed(url, init.registry, this.insecure)) {
        throw new RegistryError(
          'insecure',
          `registry ${init.registry}: refusing plain HTTP to ${url.host} (add it to images.insecureRegistries if intended)`,
          { registry: init.registry },
        );
      }
      if (headers.authorization && !(init.secretOk && mayCarrySecret(url))) delete headers.authorization;
      const res = await this.fetchOnce(url, hop.method, headers, hop.body, init.registry);
      const next = nextHop(hop, res.status, res.headers.get('location'), hops, init.registry);
      if (!next) return res;
      hop = next;
    }
  }

  /** The agent for `url`: the keep-alive direct one, or (when the environment names a proxy for it) a tunnelling one. */
  private agentFor(url: URL, registry: string): http.Agent | Promise<http.Agent> {
    const direct = url.protocol === 'https:' ? this.agents.https : this.agents.http;
    return this.proxyAgents?.agentFor(url, registry) ?? direct;
  }

  private async fetchOnce(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    registry: string,
  ): Promise<HttpResponse> {
    this.requestBudget.check(registry);
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
          if (length > MAX_REGISTRY_BODY_BYTES) {
            res.destroy();
            settle(
              new RegistryError('server', `registry ${registry}: response larger than ${MAX_REGISTRY_BODY_BYTES} bytes`, { registry }),
            );
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          let ended = false;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_REGISTRY_BODY_BYTES) {
              res.destroy();
              settle(
                new RegistryError('server', `registry ${registry}: response larger than ${MAX_REGISTRY_BODY_BYTES} bytes`, { registry }),
              );
            } else chunks.push(chunk);
          });
          res.on('end', () => {
            ended = true;
            settle(undefined, {
              status: res.statusCode ?? 0,
              headers: responseHeaders(res.headers),
              body: method === 'HEAD' ? Buffer.alloc(0) : Buffer.concat(chunks, size),
            });
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
          if (typeof connect.statusCode === 'number' && connect.statusCode !== 200)
            refusedBy = { proxy: proxyName(agent), status: connect.statusCode };
        });
        this.onTheWire.add(req);
        req.end(body);
      });
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      const stopped = this.requestBudget.stopped(registry);
      if (stopped) throw stopped;
      if (refusedBy) throw proxyRefusal(registry, refusedBy, error);
      if (timedOut) {
        throw new RegistryError('timeout', `registry ${registry} did not answer within ${this.timeoutMs / 1000} s`, {
          registry,
          cause: error,
        });
      }
      const code = networkCode(error);
      throw new RegistryError('network', `registry ${registry} could not be reached (${code})`, { registry, cause: error });
    }
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

function networkCode(error: unknown): string {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return error instanceof Error && error.message ? error.message.slice(0, 80) : 'network error';
}
