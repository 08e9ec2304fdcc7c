/**
 * The programmatic API: the commands the CLI, the Argo CD plugin and the KRM function run, the step
 * API for embedders' own steps, the resource model, errors, findings and the config types. Every
 * runtime value here is a semver promise once the package is published, so the entry stays small
 * (test/index.test.ts holds it to 40); everything else is internal.
 */

// Commands
export { render, type RenderOptions, type RenderResult } from './commands/render.js';
export { check, checkExitCode, CHECK_FORMATS, type CheckOptions, type CheckFormat } from './commands/check.js';
export { checkStream, type StreamCheckOptions } from './commands/check-stream.js';
export {
  pin,
  pinAll,
  pinCheck,
  pinCheckAll,
  type PinOptions,
  type PinResult,
  type PinCheckResult,
  type PinAllOptions,
  type PinAllEntry,
} from './commands/pin.js';
export { krmFunction, type FnOptions, type FnResult } from './commands/fn.js';
export { codeCatalog, type CodeEntry } from './commands/code-catalog.js';
export { findLeafOverlays } from './sources/overlays.js';
export type { Shard } from './sources/app-selection.js';

export { diff, diffExitCode, type DiffOptions, type DiffFormat } from './commands/diff.js';

// Reports
export { formatDiffText, formatDiffMarkdown, formatDiffJson, type DiffReport, type AppDiff } from './sinks/diff-report.js';
export {
  formatJson,
  reportAtSeverity,
  JSON_REPORT_VERSION,
  type CheckReport,
  type AppReport,
  type AppFailure,
} from './sinks/check-report.js';
export { formatText, formatSarif, formatGithub, type FormatOptions } from './sinks/report-formats.js';
export type { KrmResult } from './sinks/resource-list-writer.js';

// The step API
export { steps, defineStep } from './steps/index.js';
export type { Step, ImageFacts, ImageInspector, Reporter } from './steps/step.js';
export { runPipeline, type PipelineResult } from './pipeline/run-steps.js';
export { createContext, type StepContext, type ContextInput } from './context/step-context.js';
export type { PinMode } from './images/resolutions.js';
export type { PodTemplateWalker, ContainerVisit, PodTemplateVisit, PodTemplateLocation } from './manifests/pod-template-walker.js';
export type { ResourceIndex, GroupKind } from './manifests/resource-index.js';
export type { FieldPath } from './manifests/field-path.js';

// Resources
export { Resource, type KubeObject } from './manifests/resource.js';
export { parseStream, serializeStream } from './manifests/stream.js';

// Errors and findings
export { KustodianError, ExitCode, exitCodeFor, type ErrorCode } from './util/errors.js';
export { sortFindings, hasErrors, type Finding, type Severity, type ResourceRef } from './findings/finding.js';

// Configuration and lock
export { loadConfig, type LoadOptions, type LoadedConfig } from './config/load.js';
export { withDefaults, type Settings } from './config/settings.js';
export { parameters, type Parameter } from './config/schema.js';
export type { Config } from './generated/config.js';
export type { Lock } from './generated/lock.js';
export { readLock, LOCK_FILE } from './images/lock-file.js';
export type { RepoRoot, RepoRootSource } from './repo/root.js';
