/**
 * The registry module: reference parsing, auth, manifests, platforms and cache. It knows nothing of Kubernetes;
 * the pin step (src/steps) and the `pin` command are its callers.
 */
export { parseReference, canonicalReference, effectiveTag, withDigest, isLoopback, type ImageReference } from './reference.js';
export { RegistryClient, type RegistryClientOptions, type RegistryStats } from './client.js';
export { RegistryError, isRegistryError, type RegistryErrorReason } from './registry-error.js';
export { RegistryCache, type RegistryCacheOptions } from './disk-cache.js';
export { TieredStore } from './tiered-store.js';
export { defaultCacheDir } from './cache-directory.js';
export type { ResolutionStore } from './resolution-store.js';
export {
  RedisCache,
  sharedCacheSettings,
  type SharedCacheConfig,
  type SharedCacheSettings,
  type RedisCacheOptions,
} from './redis-cache.js';
export { proxyFor, proxySettingsFromEnv, parseNoProxy, type ProxySettings } from './proxy-env.js';
export {
  MEDIA_TYPES,
  MANIFEST_ACCEPT,
  digestOf,
  verifiedDigest,
  manifestMediaType,
  parseManifest,
  parseImageConfig,
  indexPlatforms,
  configPlatforms,
  isSha256Digest,
  type ParsedManifest,
  type IndexChild,
} from './oci.js';
export { normalizePlatform, normalizePlatformString, parsePlatform, formatPlatform, samePlatform, type Platform } from './platform.js';
export { lookupCredentials, type Credentials } from './docker-config.js';
export type { Resolution, ImageConfig } from './registry-types.js';
