/**
 * The tunnels through a corporate proxy: which agent carries a request once proxy-env.ts has decided, from the
 * environment, that a proxy should. Kept apart from proxy-env.ts, which is pure rules over the variables, because this
 * part loads modules and holds sockets.
 *
 * https:// targets are tunnelled with CONNECT (https-proxy-agent), so the registry's Authorization travels inside
 * TLS the proxy cannot read; plain http:// targets (loopback, which never uses a proxy, or
 * images.insecureRegistries, which never get credentials: auth.ts mayCarrySecret) go as absolute-form requests
 * (http-proxy-agent). Only userinfo in the proxy URL itself becomes Proxy-Authorization. Both agents keep sockets
 * alive like the direct ones, and are loaded only when a proxy variable is set.
 */
import type http from 'node:http';
import { RegistryError } from './registry-error.js';
import { proxyFor, type ProxySettings } from './proxy-env.js';

/** The proxy agents of one transport, one per protocol and proxy, created on first use. */
export class ProxyAgents {
  /** Per `protocol proxy-href`: the agent that tunnels through that proxy. */
  private readonly agents = new Map<string, Promise<http.Agent>>();

  constructor(private readonly settings: ProxySettings) {}

  /**
   * The agent that carries a request to `url` through its proxy, or undefined to connect directly (NO_PROXY,
   * loopback, no variable for the protocol). A proxy value that is not a usable URL is a RegistryError('invalid')
   * worded for `registry`.
   */
  agentFor(url: URL, registry: string): Promise<http.Agent> | undefined {
    let via: URL | undefined;
    try {
      via = proxyFor(this.settings, url);
    } catch (error) {
      if (error instanceof RegistryError) throw new RegistryError('invalid', `registry ${registry}: ${error.message}`, { registry });
      throw error;
    }
    if (!via) return undefined;
    const key = `${url.protocol} ${via.href}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const proxyUrl = via;
      agent =
        url.protocol === 'https:'
          ? import('https-proxy-agent').then(({ HttpsProxyAgent }) => new HttpsProxyAgent(proxyUrl, { keepAlive: true }))
          : import('http-proxy-agent').then(({ HttpProxyAgent }) => new HttpProxyAgent(proxyUrl, { keepAlive: true }));
      this.agents.set(key, agent);
    }
    return agent;
  }
}

/**
 * A proxy's refusal of the CONNECT tunnel, final (not retried): 407 means it wants (other) credentials (tinyproxy
 * answers 401 to wrong ones), 403 and the like that it does not allow this destination.
 */
export function proxyRefusal(registry: string, refused: { proxy: string; status: number }, cause?: unknown): RegistryError {
  const { proxy, status } = refused;
  const auth = status === 407 || status === 401;
  const why = auth ? 'proxy authentication failed: check user:password in the proxy URL' : 'the proxy does not allow this destination';
  return new RegistryError(
    auth ? 'unauthorized' : 'server',
    `registry ${registry}: proxy ${proxy} refused the tunnel (${status}, ${why})`,
    { registry, status, cause },
  );
}

/** host:port of the proxy an agent tunnels through, never its userinfo. */
export function proxyName(agent: http.Agent): string {
  const proxy = (agent as { proxy?: unknown }).proxy;
  return proxy instanceof URL ? proxy.host : 'proxy';
}
