/** The programmatic API: the same pipeline the CLI, the ArgoCD plugin and the KRM function run. */
export { render, type RenderOptions, type RenderResult } from './commands/render.js';
export { runPipeline, type PipelineResult } from './pipeline.js';
export { steps } from './steps/index.js';
export type { Step, StepContext, ImageFacts, ImageInspector } from './steps/types.js';
export { KustodianError, ExitCode, exitCodeFor, type ErrorCode } from './errors.js';
export { sortFindings, hasErrors, type Finding, type Severity, type ResourceRef } from './findings.js';
export { Resource, type KubeObject } from './manifests/resource.js';
export { parseStream, serializeStream } from './manifests/stream.js';
export {
  PodTemplateWalker,
  builtinPodTemplates,
  configuredPodTemplates,
  containersOf,
  formatPath,
  getPath,
  isRecord,
  type ContainerVisit,
  type PodTemplateVisit,
  type PodTemplateLocation,
  type FieldPath,
} from './manifests/pod-templates.js';
export { parseYaml, stringifyYaml } from './manifests/yaml.js';
export { loadConfig, validateConfigObject, setting, type LoadOptions, type LoadedConfig } from './config/load.js';
export { parameters, envName, paramEnvName, type Parameter } from './config/schema.js';
export type { Config } from './generated/config.js';
export type { Lock } from './generated/lock.js';
