/** The programmatic API: the same pipeline the CLI, the ArgoCD plugin and the KRM function run. */
export { render, type RenderOptions, type RenderResult } from './commands/render.js';
export { runPipeline, type PipelineResult } from './pipeline/run-steps.js';
export { pin, pinAll, pinCheck, pinCheckAll, type PinOptions, type PinResult, type PinCheckResult, type PinAllOptions, type PinAllEntry } from './commands/pin.js';
export { ImageResolutions, RegistryClients, type PinMode } from './images/resolutions.js';
export { createContext, type StepContext, type ContextInput } from './context/step-context.js';
export { ResourceIndex, CONFIG_MAP, SECRET, type GroupKind } from './manifests/resource-index.js';
export { withDefaults, type Settings } from './config/settings.js';
export { readLock, LOCK_FILE } from './images/lock.js';
export { steps, defineStep } from './steps/index.js';
export type { Step, ImageFacts, ImageInspector, Reporter } from './steps/types.js';
export { KustodianError, ExitCode, exitCodeFor, type ErrorCode } from './util/errors.js';
export { sortFindings, hasErrors, type Finding, type Severity, type ResourceRef } from './findings/finding.js';
export { Resource, type KubeObject } from './manifests/resource.js';
export { parseStream, serializeStream } from './manifests/stream.js';
export { PodTemplateWalker, builtinPodTemplates, configuredPodTemplates, containersOf, type ContainerVisit, type PodTemplateVisit, type PodTemplateLocation } from './manifests/pod-template-walker.js';
export { formatPath, getPath, isRecord, type FieldPath } from './manifests/field-path.js';
export { parseYaml, stringifyYaml } from './manifests/yaml.js';
export { loadConfig, validateConfigObject, setting, type LoadOptions, type LoadedConfig } from './config/load.js';
export { parameters, envName, paramEnvName, type Parameter } from './config/schema.js';
export type { Config } from './generated/config.js';
export type { Lock } from './generated/lock.js';
export { parseFlywayVersion, flywayVersionKey, compareFlywayVersions, parseMigrationName, defaultFlywayNaming, type FlywayNaming, type MigrationName } from './flyway/names.js';
export { type RepoRoot, type RepoRootSource } from './repo/root.js';
export { findDefinitions, DEFAULT_SCAN_LIMITS, type Definition, type ScanLimits } from './repo/definitions.js';
export { RbacEvidence, type Creator, type Grant, type RuntimeEvidence } from './refs/rbac.js';
export { krmFunction, type FnOptions, type FnResult } from './commands/fn.js';
export type { KrmResult } from './sinks/resource-list-writer.js';
export { referableNames, nameMatches, PREVIOUS_NAMES_ANNOTATION, NEEDS_HASH_ANNOTATION } from './manifests/names.js';
export { check, checkExitCode, CHECK_FORMATS, type CheckOptions, type CheckFormat } from './commands/check.js';
export { checkStream, type StreamCheckOptions } from './commands/check-stream.js';
export { diff, diffExitCode, DIFF_FORMATS, type DiffOptions, type DiffFormat } from './commands/diff.js';
export { formatDiffText, formatDiffMarkdown, formatDiffJson, DIFF_REPORT_VERSION, type DiffReport, type AppDiff } from './sinks/diff-report.js';
export { parseShard, shardOf, type Shard } from './sources/app-selection.js';
export { formatJson, reportAtSeverity, JSON_REPORT_VERSION, type CheckReport, type AppReport, type AppFailure } from './sinks/check-report.js';
export { formatText, formatSarif, formatGithub, type FormatOptions } from './sinks/report-formats.js';
export { findLeafOverlays } from './sources/overlays.js';
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
export { codeCatalog, type CodeEntry } from './commands/code-catalog.js';
