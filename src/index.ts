/** The programmatic API: the same pipeline the CLI, the ArgoCD plugin and the KRM function run. */
export { render, type RenderOptions, type RenderResult } from './commands/render.js';
export { runPipeline, type PipelineResult } from './pipeline.js';
export { pin, pinCheck, type PinOptions, type PinResult, type PinCheckResult } from './commands/pin.js';
export { attachImageResolutions, ImageResolutions, type PinMode } from './images/resolutions.js';
export { readLock, LOCK_FILE } from './images/lock.js';
export { steps } from './steps/index.js';
export type { Step, StepContext, ImageFacts, ImageInspector } from './steps/types.js';
export { KustodianError, ExitCode, exitCodeFor, type ErrorCode } from './errors.js';
export { sortFindings, hasErrors, type Finding, type Severity, type ResourceRef } from './findings.js';
export { Resource, type KubeObject } from './manifests/resource.js';
export { parseStream, serializeStream } from './manifests/stream.js';
export { PodTemplateWalker, formatPath, type ContainerVisit, type PodTemplateVisit } from './manifests/pod-templates.js';
export { loadConfig, validateConfigObject } from './config/load.js';
export type { Config } from './generated/config.js';
export type { Lock } from './generated/lock.js';
export {
  RegistryClient,
  RegistryCache,
  RegistryError,
  isRegistryError,
  defaultCacheDir,
  parseReference,
  canonicalReference,
  effectiveTag,
  withDigest,
  isLoopback,
  lookupCredentials,
  normalizePlatform,
  normalizePlatformString,
  parsePlatform,
  formatPlatform,
  samePlatform,
  type RegistryClientOptions,
  type RegistryStats,
  type RegistryCacheOptions,
  type RegistryErrorReason,
  type ImageReference,
  type Credentials,
  type Platform,
  type Resolution,
  type ImageConfig,
} from './registry/index.js';
