/**
 * What a change does to one app's rendered objects: which were added, removed or changed, each named by
 * group, kind, namespace and name (as Kubernetes identifies an object, so a version bump of apiVersion
 * is a change, not a remove plus an add), with a unified diff of each changed object's YAML. Objects
 * are matched by identity alone, never by position or source file: an object moved to another file,
 * or emitted in another order, is no change. Secret values are masked first (src/manifests/secret-mask.ts).
 *
 * The line diff is jsdiff's (the `diff` package: Myers' algorithm, maintained, typed, no dependencies),
 * bounded by an edit length so that two very different CRDs of megabytes cannot stall a review.
 */
import { structuredPatch } from 'diff';
import type { Resource, KubeObject } from './resource.js';
import { stringifyYaml } from './yaml.js';
import { isRecord } from './field-path.js';
import { isSecretKind, maskSecretPair } from './secret-mask.js';
import { MAX_DIFF_EDIT_LENGTH } from '../util/limits.js';

/** How an object is identified across the two renders. */
export interface ObjectId {
  /** '' for the core group. */
  group: string;
  kind: string;
  /** '' when the object is written without one. */
  namespace: string;
  name: string;
}

export interface ChangedObject extends ObjectId {
  /** Unified diff hunks (`@@ -a,b +c,d @@` and `-`/`+`/` ` lines), '\n'-terminated; secret values masked. */
  diff: string;
}

export interface ObjectDiff {
  added: ObjectId[];
  removed: ObjectId[];
  changed: ChangedObject[];
  unchanged: number;
}

/** Lines of context around each change, as `diff -u` and git show. */
const CONTEXT_LINES = 3;
/**
 * kustomize's `buildMetadata: [originAnnotations]` writes the source file into each object: moving an
 * object between files changes only that, which this diff ignores by contract.
 */
const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** `Deployment.apps shop/web`, `Secret shop/db`, `Namespace shop`: how reports name an object. */
export function describeObject(id: ObjectId): string {
  return `${id.kind}${id.group ? `.${id.group}` : ''} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

export function objectId(r: Resource): ObjectId {
  return { group: r.group, kind: r.kind, namespace: r.namespace ?? '', name: r.name };
}

function idKey(id: ObjectId): string {
  return [id.group, id.kind, id.namespace, id.name].join('\u0000');
}

/** Sorted by namespace, kind, group, name: the order a reader scans a namespace's objects in. */
export function compareObjectIds(a: ObjectId, b: ObjectId): number {
  for (const k of ['namespace', 'kind', 'group', 'name'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

function byId(resources: readonly Resource[]): Map<string, Resource> {
  const map = new Map<string, Resource>();
  for (const r of resources) map.set(idKey(objectId(r)), r);
  return map;
}

/** The object as compared and shown: verbatim unless it carries an origin annotation or is a Secret. */
function comparable(object: KubeObject): KubeObject {
  const annotations = isRecord(object.metadata) && isRecord(object.metadata.annotations) ? object.metadata.annotations : undefined;
  if (!annotations || !(ORIGIN_ANNOTATION in annotations)) return object;
  const copy = structuredClone(object);
  const copied = copy.metadata!.annotations!;
  delete copied[ORIGIN_ANNOTATION];
  if (!Object.keys(copied).length) delete copy.metadata!.annotations;
  return copy;
}

/**
 * The YAML of each side as shown, masked where secret. Both sides go through the same serialiser
 * whenever either must be re-serialised (a Secret, an origin annotation, an object a step changed),
 * so that a difference of layout alone never shows as a change.
 */
function texts(base: Resource, head: Resource): [string, string] {
  if (isSecretKind(base.kind) || isSecretKind(head.kind)) {
    const masked = maskSecretPair(comparable(base.object), comparable(head.object));
    return [stringifyYaml(masked.base), stringifyYaml(masked.head)];
  }
  const hasOrigin = (r: Resource) => r.mayContain(ORIGIN_ANNOTATION) && r.annotation(ORIGIN_ANNOTATION) !== undefined;
  if (base.isChanged || head.isChanged || hasOrigin(base) || hasOrigin(head)) {
    return [stringifyYaml(comparable(base.object)), stringifyYaml(comparable(head.object))];
  }
  return [base.toYaml(), head.toYaml()];
}

/** Unified hunks of two texts: jsdiff's, or one replacement hunk when the edit is too long (see MAX_DIFF_EDIT_LENGTH). */
export function unifiedHunks(before: string, after: string): string {
  const patch = structuredPatch('base', 'head', before, after, undefined, undefined, {
    context: CONTEXT_LINES,
    maxEditLength: MAX_DIFF_EDIT_LENGTH,
  });
  if (!patch) return replacementHunk(before.split('\n').slice(0, -1), after.split('\n').slice(0, -1));
  let out = '';
  for (const h of patch.hunks) {
    out += `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n`;
    for (const line of h.lines) out += line.startsWith('\\') ? '' : `${line}\n`;
  }
  return out;
}

/**
 * The common lines at both ends kept as context, everything between removed and added: a valid
 * unified diff, if not the shortest, computed in linear time for objects rewritten wholesale.
 */
function replacementHunk(a: string[], b: string[]): string {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const start = Math.max(0, prefix - CONTEXT_LINES);
  const tail = Math.min(suffix, CONTEXT_LINES);
  const oldLines = a.length - suffix + tail - start;
  const newLines = b.length - suffix + tail - start;
  const at = (n: number) => (n ? start + 1 : start);
  let out = `@@ -${at(oldLines)},${oldLines} +${at(newLines)},${newLines} @@\n`;
  for (const line of a.slice(start, prefix)) out += ` ${line}\n`;
  for (const line of a.slice(prefix, a.length - suffix)) out += `-${line}\n`;
  for (const line of b.slice(prefix, b.length - suffix)) out += `+${line}\n`;
  for (const line of a.slice(a.length - suffix, a.length - suffix + tail)) out += ` ${line}\n`;
  return out;
}

/** Compares the base render with the head render of one app. */
export function diffObjects(base: readonly Resource[], head: readonly Resource[]): ObjectDiff {
  const before = byId(base);
  const after = byId(head);
  const result: ObjectDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [key, r] of after) {
    const old = before.get(key);
    if (!old) {
      result.added.push(objectId(r));
      continue;
    }
    // The same text, unchanged by any step, is the same object: no serialising, masking or parse.
    const same = !old.isChanged && !r.isChanged && old.text !== undefined && old.text === r.text;
    const [a, b] = same ? ['', ''] : texts(old, r);
    if (a === b) {
      result.unchanged++;
      continue;
    }
    result.changed.push({ ...objectId(r), diff: unifiedHunks(a, b) });
  }
  for (const [key, r] of before) if (!after.has(key)) result.removed.push(objectId(r));
  result.added.sort(compareObjectIds);
  result.removed.sort(compareObjectIds);
  result.changed.sort(compareObjectIds);
  return result;
}
