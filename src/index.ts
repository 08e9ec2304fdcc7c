/** The programmatic API: the same pipeline the CLI, the ArgoCD plugin and the KRM function run. */
export { render, type RenderOptions, type RenderResult } from './commands/render.js';
export { runPipeline, type PipelineResult } from './pipeline.js';
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
export { parseFlywayVersion, flywayVersionKey, compareFlywayVersions, parseMigrationName, defaultFlywayNaming, type FlywayNaming, type MigrationName } from './flyway/names.js';
export { findRepoRoot } from './repo.js';
