/**
 * The registry module's one failure type. The pin step turns each into a finding that names the image and the
 * reason; anything that escapes to the CLI is still a KustodianError (code REGISTRY, exit 3).
 * Messages name the registry, the repository and an HTTP status, never a header, token or credential.
 */
import { KustodianError } from '../util/errors.js';

/** Why a registry lookup failed; stable, so the pin step can map each to a finding code or wording. */
export type RegistryErrorReason =
  | 'invalid' // the reference does not parse, or the registry answered something we do not support (schema1)
  | 'not-found' // 404 for the repository, tag, digest or blob
  | 'unauthorized' // 401/403, including a 401 that persists after authenticating
  | 'credentials' // a docker credential helper failed (not "no credentials": that is anonymous access)
  | 'timeout' // a request exceeded its timeout on every attempt
  | 'digest-mismatch' // the bytes do not hash to Docker-Content-Digest or to the requested digest
  | 'network' // connection refused/reset, truncated body, on every attempt
  | 'server' // 5xx or 429 on every attempt, or a response that is not a manifest
  | 'budget' // the overall deadline passed (or Retry-After asked for more than is left)
  | 'insecure'; // plain HTTP to a host that is neither loopback nor in images.insecureRegistries, or a redirect that would carry a request body (a token POST) to another origin

/** A typed, credential-free registry failure. */
export class RegistryError extends KustodianError {
  constructor(
    readonly reason: RegistryErrorReason,
    message: string,
    readonly details: { registry?: string; repository?: string; status?: number; cause?: unknown } = {},
  ) {
    super('REGISTRY', message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

/** Narrowing helper for callers that catch unknown errors. */
export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
