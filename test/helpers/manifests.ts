/**
 * The Kubernetes fields tests read back from parsed renders. `yaml` and `JSON.parse` return `any`; these
 * types say which shape a test expects, so a misspelt field is a compile error instead of an `undefined`
 * that some assertions would accept. Only the fields some test reads are spelt out; the rest stays open.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/manifests/resource.js';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  [field: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  env?: EnvVar[];
  envFrom?: Record<string, unknown>[];
  volumeMounts?: VolumeMount[];
  securityContext?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface Volume {
  name: string;
  secret?: Record<string, unknown>;
  [source: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  [field: string]: unknown;
}

/** A rendered object: a workload's pod template, a StatefulSet's claims, a Secret's or ConfigMap's data. */
export interface Manifest extends KubeObject {
  spec?: { template?: { spec?: PodSpec }; volumeClaimTemplates?: Manifest[]; [field: string]: unknown };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** The objects of a YAML stream (a render's stdout, a manifest file), empty documents left out. */
export function parseManifestStream(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Manifest | null)
    .filter((d): d is Manifest => d !== null);
}

/** The object of `kind` named `name`; throws when the render has none, so the test fails naming it. */
export function findManifest(objects: readonly Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`${kind} ${name} not in the render`);
  return found;
}

/** The pod spec of a workload; throws when the object has no pod template. */
export function podSpecOf(object: Manifest): PodSpec {
  const spec = object.spec?.template?.spec;
  if (!spec) throw new Error(`${object.kind} ${object.metadata?.name} has no pod template`);
  return spec;
}

/** The container `name` of a pod spec (`containers` unless `kind` says otherwise); throws when there is none. */
export function containerOf(spec: PodSpec, name: string, kind: 'containers' | 'initContainers' = 'containers'): Container {
  const found = spec[kind]?.find((c) => c.name === name);
  if (!found) throw new Error(`no ${kind} entry named ${name}`);
  return found;
}
