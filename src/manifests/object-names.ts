/**
 * How a reference by name finds its target, in every place the steps run.
 *
 * After `kustomize build` (render, check, ArgoCD) names are final: generated ConfigMaps and Secrets
 * carry their hash suffix and references were rewritten to match. A kustomize *transformer* (the KRM
 * function in a `transformers:` entry) runs earlier: kustomize adds hash suffixes (addHashesToNames)
 * and rewrites references (FixBackReferences) only after all transformers ran. Seen on this machine
 * through kubectl's kustomize 5.5 (test/fn/generator-names.test.ts): with `namePrefix: prod-`, the
 * transformer gets ConfigMap `prod-app-config` annotated
 * `internal.config.kubernetes.io/previousNames: app-config,app-config` and
 * `internal.config.kubernetes.io/needsHashSuffix: enabled`, while the Deployment still says
 * `configMapRef: {name: app-config}`. So a reference matches a resource by its current name or by
 * any name kustomize recorded as previous; the hash suffix never appears on either side yet.
 */
import type { Resource } from './resource.js';

/** kustomize's build annotation listing a resource's earlier names (comma-separated, oldest first). */
export const PREVIOUS_NAMES_ANNOTATION = 'internal.config.kubernetes.io/previousNames';
/** kustomize's build annotation on generated objects whose hash suffix is still to come. */
export const NEEDS_HASH_ANNOTATION = 'internal.config.kubernetes.io/needsHashSuffix';

/** Every name a reference written in a source file may use for this resource. */
export function referableNames(resource: Resource): string[] {
  const names = [resource.name];
  // Only kustomize's transformer input carries the annotation: never parse a document to learn it is absent.
  if (!resource.mayContain(PREVIOUS_NAMES_ANNOTATION)) return names;
  const previous = resource.annotation(PREVIOUS_NAMES_ANNOTATION);
  if (previous) {
    for (const n of previous.split(',')) {
      const name = n.trim();
      if (name && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/** True when a reference by `name` reaches `resource` (see the module comment for why names differ). */
export function nameMatches(resource: Resource, name: string): boolean {
  return resource.name === name || referableNames(resource).includes(name);
}

/**
 * A namespace name as the API server accepts it (RFC 1123 label: lower-case alphanumerics and `-`,
 * at most 63). A default namespace that is not one would make every reference check look in a
 * namespace no object can have.
 */
export function isNamespaceName(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}
