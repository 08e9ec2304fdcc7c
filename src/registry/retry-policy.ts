/**
 * When a registry request is tried again, and how long to wait first. Pure rules, apart from the jitter's random
 * source, so that each one is table-tested without a registry (test/registry/retry-policy.test.ts); the transport
 * (transport.ts) runs the attempts and the request budget (request-budget.ts) decides whether a pause still fits.
 */
import { RegistryError } from './registry-error.js';

/**
 * Whether an answer is worth another attempt: 429 (rate limited) and 5xx, except 501, which says the registry does
 * not implement the request at all and will not change its mind.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/** Whether a failed attempt is worth another: the network failed or the registry did not answer in time. */
export function isRetryableError(error: unknown): error is RegistryError {
  return error instanceof RegistryError && (error.reason === 'network' || error.reason === 'timeout');
}

/** Retry-After as delay-seconds or an HTTP date, in ms; undefined when absent or unparseable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The pause before retry number `attempt + 1`: `baseMs` doubled per attempt, with ±10 % jitter so that the clients
 * a registry turned away together do not all come back in the same instant.
 */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const base = baseMs * 2 ** attempt;
  return base * (0.9 + random() * 0.2);
}
