/**
 * Argo CD's spec.source.kustomize options (config `kustomize.edit`, the plugin parameters `images`,
 * `name-prefix`, `common-labels` …) as edits of a kustomization document. Argo CD applies them in its
 * checkout with `kustomize edit` before it builds (argoproj/argo-cd util/kustomize/kustomize.go, Build);
 * a plugin receives none of them, so an Application that moves to kustodian would render other manifests.
 * Only `kubectl kustomize` is sure to be there, and it has no `edit`, so each edit is written here with the
 * semantics of kustomize's own (kubernetes-sigs/kustomize kustomize/commands/edit): `set image` and `set
 * replicas` replace the entry of that name or add one and sort the list by name, `add label` and `add
 * annotation` refuse a key the file has unless forced, `add component` expands globs and skips
 * duplicates. A wrapper kustomization could not do this: an override of an image the overlay renames must
 * replace the overlay's entry, and by the wrapper the image has its new name.
 *
 * Nothing here touches the user's tree: the document is the private copy's (src/sources/edited-copy.ts).
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import type { Config } from '../generated/config.js';
import { KustodianError } from '../util/errors.js';
import { isRecord } from '../manifests/field-path.js';
import { parseYaml } from '../manifests/yaml.js';
import { isRemote } from './kustomization-file.js';

/** The `kustomize.edit` section of the config. */
export type KustomizeEditConfig = NonNullable<NonNullable<Config['kustomize']>['edit']>;

/** An `images` entry as kustomize writes it. */
interface ImageEntry {
  name: string;
  newName?: string;
  tagSuffix?: string;
  newTag?: string;
  digest?: string;
}

/** The edits to make, validated and envsubst'd; components are resolved against the tree separately. */
export interface KustomizeEdits {
  namePrefix?: string;
  nameSuffix?: string;
  images: ImageEntry[];
  replicas: { name: string; count: number }[];
  labels?: { pairs: [string, string][]; force: boolean; withoutSelector: boolean; includeTemplates: boolean };
  annotations?: { pairs: [string, string][]; force: boolean };
  namespace?: string;
  patches: Record<string, unknown>[];
  components: string[];
  ignoreMissingComponents: boolean;
}

/** Argo CD's build variables, the only names its envsubst knows (reposerver/repository/repository.go newEnv). */
const BUILD_VARIABLES = [
  'ARGOCD_APP_NAME',
  'ARGOCD_APP_NAMESPACE',
  'ARGOCD_APP_PROJECT_NAME',
  'ARGOCD_APP_REVISION',
  'ARGOCD_APP_REVISION_SHORT',
  'ARGOCD_APP_REVISION_SHORT_8',
  'ARGOCD_APP_SOURCE_REPO_URL',
  'ARGOCD_APP_SOURCE_PATH',
  'ARGOCD_APP_SOURCE_TARGET_REVISION',
] as const;

const SPECIAL = new Set(['*', '#', '$', '@', '!', '?', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
const ALNUM = /[A-Za-z0-9_]/;

/** A `$NAME` or `${NAME}` at the start of `s` as Go's os.Expand reads it: the name and the characters it takes. */
function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && SPECIAL.has(s[1]!) && s[2] === '}') return [s[1]!, 3];
    for (let i = 1; i < s.length; i++) if (s[i] === '}') return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
    return ['', 1];
  }
  if (SPECIAL.has(s[0]!)) return [s[0]!, 1];
  let i = 0;
  while (i < s.length && ALNUM.test(s[i]!)) i++;
  return [s.slice(0, i), i];
}

/**
 * Argo CD's Env.Envsubst: Go's os.Expand over the build variables only, `$$` for a `$`, an unknown name
 * (HOME, a typo) empty, and a `$` that starts no name kept.
 */
export function envsubst(text: string, env: NodeJS.ProcessEnv): string {
  const vars = new Map<string, string>(BUILD_VARIABLES.map((name) => [name, env[name] ?? '']));
  let out = '';
  let from = 0;
  for (let j = 0; j < text.length; j++) {
    if (text[j] !== '$' || j + 1 >= text.length) continue;
    out += text.slice(from, j);
    const [name, width] = shellName(text.slice(j + 1));
    if (name === '' && width === 0) out += '$';
    else if (name === '$') out += '$';
    else if (name !== '') out += vars.get(name) ?? '';
    j += width;
    from = j + 1;
  }
  return out + text.slice(from);
}

/** kustomize's image.Split: name, tag and digest, a registry port before the first `/` not read as a tag. */
export function splitImageName(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  let at = search.indexOf('@');
  let colon = search.indexOf(':');
  if (colon < 0 && at < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) {
    at += offset;
    return { name: image.slice(0, at), tag: '', digest: image.slice(at + 1) };
  }
  colon += offset;
  if (at >= 0) {
    at += offset;
    return { name: image.slice(0, colon), tag: image.slice(colon + 1, at), digest: image.slice(at + 1) };
  }
  return { name: image.slice(0, colon), tag: image.slice(colon + 1), digest: '' };
}

/** One `kustomize edit set image` argument; undefined where kustomize says "invalid format of image". */
export function parseImageArgument(arg: string): ImageEntry | undefined {
  const eq = arg.indexOf('=');
  const key = eq >= 0 ? arg.slice(0, eq) : '';
  const value = eq >= 0 ? arg.slice(eq + 1) : arg;
  const { name, tag, digest } = splitImageName(value);
  if (name === arg) return undefined;
  const entry: ImageEntry = key === '' ? { name } : { name: key, newName: name };
  if (tag) entry.newTag = tag;
  if (digest) entry.digest = digest;
  return entry;
}

const invalid = (parameter: string, message: string): KustodianError =>
  new KustodianError('CONFIG_INVALID', `parameter ${parameter} (kustomize.edit): ${message}`);

/** kustomize's ConvertSliceToMap takes `"v"` for `v`; Argo CD passes each pair as `k:v`. */
function trimQuotes(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

const PATCH_KEYS = new Set(['path', 'patch', 'target', 'options']);
const TARGET_KEYS = new Set(['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector']);
const OPTION_KEYS = new Set(['allowNameChange', 'allowKindChange']);

/** The `patches` option: the YAML list the Application holds, each entry as Argo CD's KustomizePatch types it. */
function readPatches(raw: string | object[] | undefined): Record<string, unknown>[] {
  if (raw === undefined) return [];
  let list: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return [];
    try {
      list = parseYaml(raw);
    } catch (error) {
      throw invalid('patches', `not YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (!Array.isArray(list)) throw invalid('patches', 'must be a YAML list of patches ({path, patch, target, options})');
  return list.map((entry, i) => {
    const at = `patches[${i}]`;
    if (!isRecord(entry)) throw invalid('patches', `${at} must be a mapping with patch or path`);
    for (const key of Object.keys(entry)) if (!PATCH_KEYS.has(key)) throw invalid('patches', `${at}.${key.slice(0, 40)}: unknown field`);
    for (const key of ['path', 'patch'] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') throw invalid('patches', `${at}.${key} must be a string`);
    }
    if (!entry.path && !entry.patch) throw invalid('patches', `${at} needs patch or path`);
    const { target, options } = entry;
    if (target !== undefined) {
      if (!isRecord(target)) throw invalid('patches', `${at}.target must be a mapping`);
      for (const [key, value] of Object.entries(target)) {
        if (!TARGET_KEYS.has(key)) throw invalid('patches', `${at}.target.${key.slice(0, 40)}: unknown field`);
        if (typeof value !== 'string') throw invalid('patches', `${at}.target.${key} must be a string`);
      }
    }
    if (options !== undefined) {
      if (!isRecord(options)) throw invalid('patches', `${at}.options must be a mapping`);
      for (const [key, value] of Object.entries(options)) {
        if (!OPTION_KEYS.has(key)) throw invalid('patches', `${at}.options.${key.slice(0, 40)}: unknown field`);
        if (typeof value !== 'boolean') throw invalid('patches', `${at}.options.${key} must be true or false`);
      }
    }
    return entry;
  });
}

/**
 * The edits the config asks for, envsubst'd as Argo CD does (images and label values always, annotation
 * values with common-annotations-envsubst); undefined when there is nothing to edit, as Argo CD skips an
 * empty option. Throws CONFIG_INVALID, naming the parameter, for what `kustomize edit` would refuse.
 */
export function planKustomizeEdits(edit: KustomizeEditConfig | undefined, env: NodeJS.ProcessEnv): KustomizeEdits | undefined {
  if (!edit) return undefined;
  const images = (edit.images ?? []).map((raw) => {
    const arg = envsubst(raw, env);
    const entry = parseImageArgument(arg);
    if (!entry)
      throw invalid('images', `${JSON.stringify(arg.slice(0, 200))} is not [old=]new[:tag][@digest] (it needs a tag, a digest or old=)`);
    return entry;
  });
  const replicas = (edit.replicas ?? []).map((raw) => {
    const match = /^([^=]+)=\+?(\d{1,9})$/.exec(raw);
    if (!match) throw invalid('replicas', `${JSON.stringify(raw.slice(0, 200))} is not name=count`);
    return { name: match[1]!, count: Number(match[2]) };
  });
  const edits: KustomizeEdits = {
    images,
    replicas,
    patches: readPatches(edit.patches),
    components: edit.components ?? [],
    ignoreMissingComponents: edit.ignoreMissingComponents ?? false,
  };
  if (edit.namePrefix) edits.namePrefix = edit.namePrefix;
  if (edit.nameSuffix) edits.nameSuffix = edit.nameSuffix;
  if (edit.namespace) edits.namespace = edit.namespace;
  const labels = Object.entries(edit.commonLabels ?? {});
  if (labels.length) {
    const withoutSelector = edit.labelWithoutSelector ?? false;
    const includeTemplates = edit.labelIncludeTemplates ?? false;
    // `kustomize edit add label --include-templates` refuses to run without --without-selector.
    if (includeTemplates && !withoutSelector) throw invalid('label-include-templates', 'needs label-without-selector');
    edits.labels = {
      pairs: labels.map(([k, v]) => [k, trimQuotes(envsubst(v, env))]),
      force: edit.forceCommonLabels ?? false,
      withoutSelector,
      includeTemplates,
    };
  }
  const annotations = Object.entries(edit.commonAnnotations ?? {});
  if (annotations.length) {
    const substitute = edit.commonAnnotationsEnvsubst ?? false;
    edits.annotations = {
      pairs: annotations.map(([k, v]) => [k, trimQuotes(substitute ? envsubst(v, env) : v)]),
      force: edit.forceCommonAnnotations ?? false,
    };
  }
  const any =
    edits.namePrefix !== undefined ||
    edits.nameSuffix !== undefined ||
    edits.namespace !== undefined ||
    edits.labels !== undefined ||
    edits.annotations !== undefined ||
    images.length > 0 ||
    replicas.length > 0 ||
    edits.patches.length > 0 ||
    edits.components.length > 0;
  return any ? edits : undefined;
}

const GLOB_META = /[*?[\\]/;

/** Go's filepath.Match for one name: `*`, `?`, `[…]` (with `^` or `!`… Go takes `^`) and `\` escapes. */
function globSegment(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return /$^/;
      const body = pattern.slice(i + 1, end);
      out += `[${body.startsWith('^') ? '^' + body.slice(1).replace(/\\/g, '\\\\') : body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else out += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Go's filepath.Glob relative to `cwd`: a pattern without meta characters is itself when it exists. */
async function goGlob(cwd: string, pattern: string): Promise<string[]> {
  if (!GLOB_META.test(pattern))
    return (await lstat(path.resolve(cwd, pattern)).then(
      () => true,
      () => false,
    ))
      ? [pattern]
      : [];
  const cut = pattern.lastIndexOf('/');
  let dir = pattern.slice(0, cut + 1);
  const file = pattern.slice(cut + 1);
  dir = dir === '' ? '.' : dir === '/' ? '/' : dir.slice(0, -1);
  const dirs = GLOB_META.test(dir) ? (dir === pattern ? [] : await goGlob(cwd, dir)) : [dir];
  const match = globSegment(file);
  const out: string[] = [];
  for (const d of dirs) {
    const names = await readdir(path.resolve(cwd, d)).catch(() => [] as string[]);
    for (const name of names.sort()) if (match.test(name)) out.push(path.join(d, name));
  }
  return out;
}

/** True when `target` exists inside `root`, as Argo CD's os.Root stat sees it (no way out, by `..` or a link). */
async function existsInRoot(root: string, target: string): Promise<boolean> {
  const inside = (p: string, r: string) => p === r || !path.relative(r, p).startsWith('..');
  if (!inside(target, root)) return false;
  try {
    await stat(target);
    return inside(await realpath(target), await realpath(root));
  } catch {
    return false;
  }
}

/**
 * The components `kustomize edit add component` would append, read against the user's tree (the copy is
 * made after, and must hold them): with ignore-missing-components, Argo CD first drops every entry that is
 * not a path inside the repository (so a glob or a remote one too); kustomize then expands globs, keeps a
 * remote entry as written, and fails on a local one that matches nothing.
 */
export async function resolveComponents(edits: KustomizeEdits, overlayDir: string, repoRoot: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of edits.components) {
    if (edits.ignoreMissingComponents && !(await existsInRoot(path.resolve(repoRoot), path.resolve(overlayDir, entry)))) continue;
    const matches = await goGlob(overlayDir, entry);
    if (matches.length) out.push(...matches);
    else if (isRemote(entry)) out.push(entry);
    else
      throw invalid(
        'components',
        `${JSON.stringify(entry.slice(0, 200))} has no match in ${overlayDir}; set ignore-missing-components to leave out missing ones`,
      );
  }
  return out;
}

function text(node: unknown): string {
  const v: unknown = isScalar(node) ? node.value : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';
}

/** A top-level sequence's items, or none; anything else where kustomize wants a list fails its build anyway. */
function items(doc: Document, key: string): Node[] {
  const node = doc.get(key, true);
  return isSeq(node) ? (node.items as Node[]) : [];
}

function imageOf(node: Node): ImageEntry {
  const entry: ImageEntry = { name: '' };
  if (!isMap(node)) return entry;
  for (const field of ['name', 'newName', 'tagSuffix', 'newTag', 'digest'] as const) {
    const value = text(node.get(field, true));
    if (value || field === 'name') entry[field] = value;
  }
  return entry;
}

/** `*` keeps the value the overlay's entry has (kustomize edit set image's preserve marker). */
function preserve(arg: ImageEntry, kept: ImageEntry): ImageEntry {
  const out = { ...arg };
  for (const field of ['newName', 'newTag', 'digest'] as const) {
    if (out[field] === '*') {
      if (kept[field]) out[field] = kept[field];
      else delete out[field];
    }
  }
  return out;
}

function setImages(doc: Document, args: ImageEntry[]): void {
  const chosen = new Map<string, { node?: Node; entry?: ImageEntry }>();
  for (const arg of args) chosen.set(arg.name, { entry: arg });
  // kustomize reads imageTags (deprecated) into images before it edits.
  for (const node of [...items(doc, 'images'), ...items(doc, 'imageTags')]) {
    const own = imageOf(node);
    const found = chosen.get(own.name);
    if (found) chosen.set(own.name, { entry: preserve(found.entry ?? imageOf(found.node!), own) });
    else chosen.set(own.name, { node });
  }
  const list = [...chosen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  doc.delete('imageTags');
  doc.set('images', doc.createNode(list.map(([, { node, entry }]) => node ?? doc.createNode(preserve(entry!, { name: entry!.name })))));
}

function setReplicas(doc: Document, args: { name: string; count: number }[]): void {
  const chosen = new Map<string, Node>();
  for (const arg of args) chosen.set(arg.name, doc.createNode(arg));
  for (const node of items(doc, 'replicas')) {
    const name = isMap(node) ? text(node.get('name', true)) : '';
    if (!chosen.has(name)) chosen.set(name, node);
  }
  const list = [...chosen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  doc.set('replicas', doc.createNode(list.map(([, node]) => node)));
}

/** A top-level mapping, made when missing. */
function mapAt(doc: Document, key: string): YAMLMap {
  const node = doc.get(key, true);
  if (isMap(node)) return node;
  const made = new YAMLMap();
  doc.set(key, made);
  return made;
}

function addPairs(target: YAMLMap, pairs: [string, string][], force: boolean, parameter: string, kind: string, field: string): void {
  for (const [key, value] of pairs) {
    if (target.has(key) && !force) {
      throw invalid(parameter, `${kind} ${key} is already in the overlay's ${field}; set force-${parameter} to replace it`);
    }
    target.set(key, value);
  }
}

/** `kustomize edit add label --without-selector`: into the first `labels` entry with the same settings, else a new one. */
function addLabelsWithoutSelector(doc: Document, labels: NonNullable<KustomizeEdits['labels']>): void {
  const existing = doc.get('labels', true);
  const list: YAMLSeq = isSeq(existing) ? existing : new YAMLSeq();
  if (!isSeq(existing)) doc.set('labels', list);
  const flag = (entry: YAMLMap, key: string): boolean => {
    const v = entry.get(key, true);
    return isScalar(v) && v.value === true;
  };
  for (const [key, value] of labels.pairs) {
    let entry = list.items.find(
      (e): e is YAMLMap => isMap(e) && !flag(e, 'includeSelectors') && flag(e, 'includeTemplates') === labels.includeTemplates,
    );
    if (!entry) {
      entry = doc.createNode(labels.includeTemplates ? { pairs: {}, includeTemplates: true } : { pairs: {} });
      list.items.push(entry);
    }
    const found = entry.get('pairs', true);
    const pairs: YAMLMap = isMap(found) ? found : new YAMLMap();
    if (!isMap(found)) entry.set('pairs', pairs);
    addPairs(pairs, [[key, value]], labels.force, 'common-labels', 'label', 'labels');
  }
}

/**
 * Applies the edits to the (copied) overlay's kustomization, in Argo CD's order: name prefix and suffix,
 * images, replicas, labels, annotations, namespace, patches, components (already resolved).
 */
export function applyKustomizeEdits(doc: Document, edits: KustomizeEdits, components: string[], kustomizationName: string): void {
  if (!isMap(doc.contents))
    throw new KustodianError('RENDER_FAILED', `${kustomizationName} is not a YAML mapping; kustomize cannot edit it`);
  if (edits.namePrefix !== undefined) doc.set('namePrefix', edits.namePrefix);
  if (edits.nameSuffix !== undefined) doc.set('nameSuffix', edits.nameSuffix);
  if (edits.images.length) setImages(doc, edits.images);
  if (edits.replicas.length) setReplicas(doc, edits.replicas);
  if (edits.labels) {
    if (edits.labels.withoutSelector) addLabelsWithoutSelector(doc, edits.labels);
    else addPairs(mapAt(doc, 'commonLabels'), edits.labels.pairs, edits.labels.force, 'common-labels', 'label', 'commonLabels');
  }
  if (edits.annotations) {
    addPairs(
      mapAt(doc, 'commonAnnotations'),
      edits.annotations.pairs,
      edits.annotations.force,
      'common-annotations',
      'annotation',
      'commonAnnotations',
    );
  }
  if (edits.namespace !== undefined) doc.set('namespace', edits.namespace);
  if (edits.patches.length) {
    const existing = doc.get('patches', true);
    if (existing !== undefined && !isSeq(existing))
      throw new KustodianError('RENDER_FAILED', `${kustomizationName}: patches is not a list`);
    doc.set('patches', doc.createNode([...items(doc, 'patches'), ...edits.patches.map((p) => doc.createNode(p))]));
  }
  if (components.length) {
    const have = items(doc, 'components');
    const names = new Set(have.map(text));
    const added: string[] = [];
    for (const c of components) {
      if (c === kustomizationName || names.has(c)) continue;
      names.add(c);
      added.push(c);
    }
    if (added.length) doc.set('components', doc.createNode([...have, ...added.map((c) => doc.createNode(c))]));
  }
}
