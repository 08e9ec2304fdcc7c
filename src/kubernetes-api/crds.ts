/**
 * The CustomResourceDefinitions in the render, by group and kind, with each version's schema. A
 * render's CRDs are its largest documents (kube-prometheus: 4.5 MB in ten of them, whose YAML parse
 * costs more than the whole kustomize build), so a CRD is read only when a custom resource of its kind
 * is in the render, its group and kind come from a scan of its text, and a CRD over MAX_CRD_BYTES is
 * never parsed: its custom resources are reported as not checked instead.
 */
import type { Resource } from '../manifests/resource.js';
import { isRecord } from '../manifests/field-path.js';
import { MAX_CRD_BYTES } from '../util/limits.js';

/** A CRD of the render. */
export interface RenderCrd {
  resource: Resource;
  group: string;
  kind: string;
}

/** What a CRD says about one version: its schema, or why there is none to check against. */
export type CrdVersionLookup =
  | { state: 'schema'; schema: unknown; preserveUnknownFields: boolean }
  | { state: 'no-schema' }
  | { state: 'not-served'; served: string[] }
  | { state: 'too-large'; bytes: number };

/**
 * `spec.group` and `spec.names.kind` from kustomize's layout (`spec:` at column 0, its keys at two
 * spaces, names' keys at four), without parsing the schema in between; undefined when the text is
 * laid out otherwise.
 */
export function scanGroupKind(text: string): { group: string; kind: string } | undefined {
  const start = text.startsWith('spec:\n') ? 0 : text.indexOf('\nspec:\n') + 1;
  if (start <= 0 && !text.startsWith('spec:\n')) return undefined;
  let group: string | undefined;
  let kind: string | undefined;
  let inNames = false;
  let pos = start + 'spec:\n'.length;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end < 0 ? text.length : end);
    pos = end < 0 ? text.length : end + 1;
    if (line !== '' && line.charCodeAt(0) !== 32) break; // the next top-level key
    if (line.startsWith('  ') && line.charCodeAt(2) !== 32) {
      inNames = line === '  names:';
      const m = /^ {2}group: ([A-Za-z0-9.-]+)$/.exec(line);
      if (m) {
        if (group !== undefined) return undefined;
        group = m[1];
      }
      continue;
    }
    if (inNames) {
      const m = /^ {4}kind: ([A-Za-z0-9]+)$/.exec(line);
      if (m) {
        if (kind !== undefined) return undefined;
        kind = m[1];
      }
    }
  }
  return group && kind ? { group, kind } : undefined;
}

/** The render's CRDs, indexed on first use. */
export class RenderCrds {
  #byGroupKind: Map<string, RenderCrd> | undefined;

  constructor(private readonly resources: readonly Resource[]) {}

  #index(): Map<string, RenderCrd> {
    if (this.#byGroupKind) return this.#byGroupKind;
    const map = new Map<string, RenderCrd>();
    for (const resource of this.resources) {
      if (resource.kind !== 'CustomResourceDefinition' || resource.group !== 'apiextensions.k8s.io') continue;
      const text = resource.text;
      let found = text !== undefined ? scanGroupKind(text) : undefined;
      if (!found && (text === undefined || text.length <= MAX_CRD_BYTES)) {
        const spec = resource.object.spec;
        const names = isRecord(spec) ? spec.names : undefined;
        if (isRecord(spec) && typeof spec.group === 'string' && isRecord(names) && typeof names.kind === 'string')
          found = { group: spec.group, kind: names.kind };
      }
      if (found) map.set(`${found.group}/${found.kind}`, { resource, ...found });
    }
    this.#byGroupKind = map;
    return map;
  }

  /** The render's CRD for a group and kind. */
  find(group: string, kind: string): RenderCrd | undefined {
    return this.#index().get(`${group}/${kind}`);
  }

  /** Every CRD of the render, e.g. to decide whether an API is defined by the render itself. */
  get size(): number {
    return this.#index().size;
  }
}

/** What `crd` says about `version` (the part of a resource's apiVersion after the slash). */
export function crdVersion(crd: RenderCrd, version: string): CrdVersionLookup {
  const text = crd.resource.text;
  if (text !== undefined && text.length > MAX_CRD_BYTES) return { state: 'too-large', bytes: text.length };
  const spec = crd.resource.object.spec;
  if (!isRecord(spec)) return { state: 'no-schema' };
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isRecord) : [];
  const preserveUnknownFields = spec.preserveUnknownFields === true;
  // apiextensions v1beta1: one top-level `version` and `validation`, or per-version schemas.
  if (!versions.length && typeof spec.version === 'string') {
    if (spec.version !== version) return { state: 'not-served', served: [spec.version] };
    const schema = isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
    return schema === undefined ? { state: 'no-schema' } : { state: 'schema', schema, preserveUnknownFields };
  }
  const served = versions.filter((v) => v.served !== false).map((v) => String(v.name));
  const entry = versions.find((v) => v.name === version);
  if (!entry || entry.served === false) return { state: 'not-served', served };
  const own = isRecord(entry.schema) ? entry.schema.openAPIV3Schema : undefined;
  const shared = isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const schema = own ?? shared;
  return schema === undefined ? { state: 'no-schema' } : { state: 'schema', schema, preserveUnknownFields };
}
