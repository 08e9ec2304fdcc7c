/**
 * Every place in the rendered resources that holds an image reference: containers (init, main,
 * ephemeral) through the one pod-template walker, Pod image volumes, and config `images.paths`.
 */
import type { Resource } from '../manifests/resource.js';
import { containersOf, describeContainer, type PodSpec, type PodTemplateWalker } from '../manifests/pod-template-walker.js';
import { getPath, isRecord, type FieldPath } from '../manifests/field-path.js';
import { describeValue } from '../util/untrusted.js';

/** One field holding an image reference. */
export interface ImageSite {
  resource: Resource;
  /** Full path to the string field, from the resource root. */
  path: FieldPath;
  reference: string;
  /** The PodSpec the field belongs to (platform rules); undefined for config paths. */
  podSpec?: PodSpec;
  /** For messages: `container "api"`, `init container "migrate"`, `image volume "models"`, `field spec.image`. */
  label: string;
}

/** A config `images.paths` entry, parsed: `spec.components[].image` → [spec, components, [], image]. */
export interface PathRule {
  /** An API group, or `*` for any group. */
  group: string;
  kind: string;
  segments: readonly (string | typeof EACH)[];
}

const EACH = Symbol('each');

/** Parses config `images.paths`; `[]` after a key visits every item of that array. */
export function parsePathRules(entries: readonly { apiVersion?: string; kind: string; path: string }[] = []): PathRule[] {
  return entries.map((e) => {
    const segments: (string | typeof EACH)[] = [];
    for (const part of e.path.split('.')) {
      const m = /^(.*?)((?:\[\])*)$/.exec(part)!;
      if (m[1]) segments.push(m[1]);
      for (let i = 0; i < m[2]!.length / 2; i++) segments.push(EACH);
    }
    const group = e.apiVersion === undefined ? '*' : e.apiVersion.includes('/') ? e.apiVersion.slice(0, e.apiVersion.indexOf('/')) : '';
    return { group, kind: e.kind, segments };
  });
}

function* expand(root: unknown, segments: PathRule['segments'], at: (string | number)[]): Generator<FieldPath> {
  if (segments.length === 0) {
    yield at;
    return;
  }
  const [head, ...rest] = segments;
  if (head === EACH) {
    if (!Array.isArray(root)) return;
    for (let i = 0; i < root.length; i++) yield* expand(root[i], rest, [...at, i]);
  } else if (isRecord(root) && head !== undefined && Object.hasOwn(root, head)) {
    yield* expand(root[head], rest, [...at, head]);
  }
}

/**
 * All image sites, in resource order. Fields that are absent or not strings are skipped: a container
 * without an image is for the API server's validation, not for pinning.
 */
export function imageSites(resources: readonly Resource[], walker: PodTemplateWalker, rules: readonly PathRule[]): ImageSite[] {
  const sites: ImageSite[] = [];
  for (const visit of walker.podSpecs(resources)) {
    const { resource, podSpec, podSpecPath } = visit;
    for (const c of containersOf(visit)) {
      if (typeof c.container.image === 'string' && c.container.image.trim()) {
        sites.push({ resource, path: [...c.containerPath, 'image'], reference: c.container.image, podSpec, label: describeContainer(c) });
      }
    }
    const volumes = podSpec.volumes;
    if (Array.isArray(volumes)) {
      volumes.forEach((v, i) => {
        const ref = isRecord(v) && isRecord(v.image) ? v.image.reference : undefined;
        if (typeof ref === 'string' && ref.trim()) {
          sites.push({
            resource,
            path: [...podSpecPath, 'volumes', i, 'image', 'reference'],
            reference: ref,
            podSpec,
            label: `image volume "${describeValue(v.name, '')}"`,
          });
        }
      });
    }
  }
  for (const { resource, path, value } of ruleFields(resources, rules)) {
    if (typeof value === 'string' && value.trim()) sites.push({ resource, path, reference: value, label: `image field` });
  }
  return sites;
}

function* ruleFields(
  resources: readonly Resource[],
  rules: readonly PathRule[],
): Generator<{ resource: Resource; path: FieldPath; value: unknown }> {
  if (!rules.length) return;
  for (const resource of resources) {
    for (const rule of rules) {
      if (rule.kind !== resource.kind || (rule.group !== '*' && rule.group !== resource.group)) continue;
      for (const path of expand(resource.object, rule.segments, [])) yield { resource, path, value: getPath(resource.object, path) };
    }
  }
}

/**
 * Image fields that are written but hold no reference: an empty container `image`, or a config
 * `images.paths` field that is empty or not a string. Pinning fails closed on them; imageSites skips them.
 */
export function unpinnableImageFields(
  resources: readonly Resource[],
  walker: PodTemplateWalker,
  rules: readonly PathRule[],
): { resource: Resource; path: FieldPath; label: string }[] {
  const out: { resource: Resource; path: FieldPath; label: string }[] = [];
  for (const c of walker.containers(resources)) {
    const image = c.container.image;
    if (typeof image === 'string' && !image.trim())
      out.push({ resource: c.resource, path: [...c.containerPath, 'image'], label: describeContainer(c) });
  }
  for (const { resource, path, value } of ruleFields(resources, rules)) {
    if (value === undefined || value === null) continue; // not written: nothing to pin
    if (typeof value !== 'string' || !value.trim()) out.push({ resource, path, label: 'image field' });
  }
  return out;
}
