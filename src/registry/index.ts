/**
 * The registry module: reference parsing, auth, manifests, platforms and cache. It knows nothing of Kubernetes;
 * the pin step (src/steps) and the `pin` command are its callers.
 */
export { parseReference, canonicalReference, effectiveTag, withDigest, isLoopback, type ImageReference } from './reference.js';
export { RegistryClient, type RegistryClientOptions, type RegistryStats } from './client.js';
export { RegistryError, isRegistryError, type RegistryErrorReason } from './errors.js';
export { RegistryCache, defaultCacheDir, type RegistryCacheOptions } from './cache.js';
export { normalizePlatform, normalizePlatformString, parsePlatform, formatPlatform, samePlatform, type Platform } from './platform.js';
export { lookupCredentials, type Credentials } from './docker-config.js';
export type { Resolution, ImageConfig } from './types.js';
