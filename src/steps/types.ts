/**
 * The contract every step implements. A new check is one file plus one line in src/steps/index.ts.
 */
import type { Finding } from '../findings.js';
import type { Resource } from '../manifests/resource.js';
import type { PodTemplateWalker } from '../manifests/pod-templates.js';
import type { Config } from '../generated/config.js';
import type { RepoRootSource } from '../repo.js';

/** What the registry knows about an image; filled in by the digest step when it runs. */
export interface ImageFacts {
  /** sha256:… of the manifest or index the reference resolves to. */
  digest?: string;
  /** Platforms found, normalised, e.g. linux/amd64, linux/arm/v7. */
  platforms?: string[];
  /** The image config's Env, as a map (e.g. PG_MAJOR, PGDATA), when it was read. */
  env?: Record<string, string>;
}

/** Looks up facts about an image reference; undefined when nothing is known (pinning off, offline). */
export type ImageInspector = (reference: string) => Promise<ImageFacts | undefined>;

/** Everything a step may read. Steps never print, never exit, never read process.env directly. */
export interface StepContext {
  /** The rendered resources, in output order. Transform steps may change objects (then call `changed()`) or insert resources. */
  resources: Resource[];
  config: Config;
  /** The namespace of namespaced resources written without one. */
  defaultNamespace: string | undefined;
  walker: PodTemplateWalker;
  /** Where the run happens: render/check build a kustomize dir; fn gets a ResourceList. */
  mode: 'render' | 'check' | 'fn';
  /** The app directory (kustomize DIR), when there is one. */
  appDir?: string;
  /** The directory of the config file (kustodian.yaml), for config-relative paths. */
  configDir?: string;
  /** The config file that was read (absolute), if any: config errors found by steps are placed on it. */
  configFile?: string;
  /** The repository root: no step may read files outside it. */
  repoRoot?: string;
  /** How repoRoot was chosen, so a refusal can say how to move it. */
  repoRootSource?: RepoRootSource;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Image facts hook; see ImageInspector. */
  inspectImage?: ImageInspector;
  /** Shared, step-owned state, keyed by step id (e.g. the digest step's resolutions). */
  shared: Map<string, unknown>;
}

export interface Step {
  /** Stable id, used in findings, `kustodian.dev/skip-checks` and docs. */
  id: string;
  /** Transforms run first, in registry order; then validators. */
  kind: 'transform' | 'validate';
  /** One line for --help and the README. */
  summary: string;
  /** One line of help per finding code the step emits (code → help), for SARIF rules and the README. */
  codes?: Readonly<Record<string, string>>;
  run(ctx: StepContext): Finding[] | Promise<Finding[]>;
}
