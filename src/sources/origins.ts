/**
 * kustomize's origin annotations (`buildMetadata: [originAnnotations]`), taken off a build that asked
 * for them. `check` builds once with them: each resource's defining file comes from its annotation, and
 * the annotation is cut from the text before any step sees it, so the steps get exactly the documents
 * a plain build prints (a corpus test proves the two byte-identical) and their findings do not change.
 */
import path from 'node:path';
import { Resource } from '../manifests/resource.js';
import { parseYaml } from '../manifests/yaml.js';

/** Where each resource came from, keyed by `kind/namespace/name`, as paths relative to the built directory. */
export type OriginMap = Map<string, string>;

/** Key for an OriginMap entry. */
export function originKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

const ORIGIN_LINE = '    config.kubernetes.io/origin: |\n';
const ANNOTATIONS_LINE = '  annotations:\n';

/**
 * Cuts the origin annotation out of one document as kyaml prints it (`metadata:` at column 0,
 * `annotations:` at two spaces, the key at four, a `|` block at six), dropping `annotations:` when it
 * held nothing else. Returns the annotation's value, or undefined (text unchanged) when the document has
 * none in that layout.
 */
export function cutOrigin(text: string): { text: string; origin: string } | undefined {
  const meta = text.startsWith('metadata:\n') ? 0 : text.indexOf('\nmetadata:\n') + 1;
  if (meta === 0 && !text.startsWith('metadata:\n')) return undefined;
  // The metadata block ends at the next line that starts at column 0.
  let end = meta + 'metadata:\n'.length;
  while (end < text.length && text.charCodeAt(end) === 32) {
    const eol = text.indexOf('\n', end);
    end = eol < 0 ? text.length : eol + 1;
  }
  const annotations = text.indexOf(`\n${ANNOTATIONS_LINE}`, meta + 'metadata:'.length - 1) + 1;
  if (annotations === 0 || annotations >= end) return undefined;
  // The annotation keys: lines indented four or more spaces right after `annotations:`.
  let keysEnd = annotations + ANNOTATIONS_LINE.length;
  let at = -1;
  while (keysEnd < end && text.startsWith('    ', keysEnd)) {
    if (at < 0 && text.startsWith(ORIGIN_LINE, keysEnd)) at = keysEnd;
    const eol = text.indexOf('\n', keysEnd);
    keysEnd = eol < 0 ? text.length : eol + 1;
  }
  if (at < 0) return undefined;
  let blockEnd = at + ORIGIN_LINE.length;
  const lines: string[] = [];
  while (blockEnd < keysEnd && text.startsWith('      ', blockEnd)) {
    const eol = text.indexOf('\n', blockEnd);
    const next = eol < 0 ? text.length : eol + 1;
    lines.push(text.slice(blockEnd + 6, next));
    blockEnd = next;
  }
  const alone = at === annotations + ANNOTATIONS_LINE.length && blockEnd === keysEnd;
  const [from, to] = alone ? [annotations, keysEnd] : [at, blockEnd];
  return { text: text.slice(0, from) + text.slice(to), origin: lines.join('') };
}

/** The file an origin annotation names, relative to `dir`; `root` is the directory the build ran in. */
function originFile(origin: string, root: string, dir: string): string | undefined {
  // Nearly every origin is one plain `path:` line; the YAML parser is for the rest (generators, quoting, remotes).
  const plain = /^(?:path|configuredIn): ([A-Za-z0-9._/-]+)\n/.exec(origin);
  let p: unknown = plain?.[1];
  if (p === undefined) {
    let parsed: { path?: unknown; configuredIn?: unknown } | null;
    try {
      parsed = parseYaml(origin) as typeof parsed;
    } catch {
      return undefined;
    }
    p = parsed?.path ?? parsed?.configuredIn;
  }
  if (typeof p !== 'string' || !p) return undefined;
  return path.relative(path.resolve(dir), path.resolve(root, p)).split(path.sep).join('/');
}

/**
 * Takes the origin annotations off `resources` (from a build of `root`, a wrapper around `dir`): the
 * resources as a plain build of `dir` gives them, and where each came from, relative to `dir`.
 * Untouched documents stay unparsed.
 */
export function takeOrigins(resources: readonly Resource[], root: string, dir: string): { resources: Resource[]; origins: OriginMap } {
  const origins: OriginMap = new Map();
  const out = resources.map((r) => {
    const text = r.text;
    const cut = text === undefined ? undefined : cutOrigin(text);
    if (!cut) return r;
    const plain = Resource.fromText(cut.text, r.index);
    const file = originFile(cut.origin, root, dir);
    if (file !== undefined) origins.set(originKey(plain.kind, plain.namespace, plain.name), file);
    return plain;
  });
  return { resources: out, origins };
}
