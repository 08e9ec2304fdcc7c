/**
 * Source files as far as locating a finding needs them: the documents a file defines, whether a
 * source name accounts for a rendered one, and the line of a field path. Used for SARIF regions,
 * GitHub annotations and `file:line` text; the search over an overlay's files is src/sources/source-locator.ts.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { parseOptions } from './yaml.js';
import { parseFieldPath } from './field-path.js';
import { Resource } from './resource.js';
import { documentSpans, isEmptyDocument } from './stream.js';
import { outline, outlineLine, type Outline, type OutlineMap } from './block-outline.js';

/** One resource a source file defines (a document, or an item of a `kind: …List`). */
export interface SourceDocument {
  kind?: string;
  name?: string;
  namespace?: string;
  /** 1-based line in the file of the resource, and of as much of `fieldPath` as it has. */
  line(fieldPath?: string): number | undefined;
  /** The parsed mapping (parsed on first use), for fields beyond the identity. */
  node(): YAMLMap | undefined;
  /** False when the document surely defines no resource of `kind` (see definesKind): its identity need not be read. */
  mayDefine(kind: string): boolean;
  /** The entries of its `configMapGenerator` and `secretGenerator` when it is a kustomization; parsed only if it may have some. */
  generators(): GeneratorEntry[];
  /** 1-based line in the file of a node of this document; a closure (no `this`), handed on as it is. */
  lineOf: (node: Node) => number;
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A `kind:` line at column 0 naming a List, whose items kustomize reads as resources (kube-prometheus's dashboards). */
const LIST_KIND = /^kind:[ \t]*(["']?)\w*List\1[ \t]*(?:#.*)?$/m;

/**
 * The documents of a manifest or kustomization file, each parsed only when its identity is not plain
 * in the text or its line is asked for: a file of twenty documents costs twenty metadata scans, not a
 * full parse. A document without kind or apiVersion (a kustomization) has no identity but can still be
 * parsed; one with a YAML error parses to nothing (kustomize reports it).
 */
export function sourceDocuments(text: string): SourceDocument[] {
  const out: SourceDocument[] = [];
  for (const { start, end } of documentSpans(text)) {
    const body = text.slice(start, end);
    if (isEmptyDocument(body)) continue;
    const parsed = lazyDocument(text, start, body);
    if (LIST_KIND.test(body)) {
      const contents = parsed.map();
      const items = contents?.get('items', true);
      if (contents) out.push(fromNode(contents, parsed.lineOf));
      if (isSeq(items)) for (const item of items.items) if (isMap(item)) out.push(fromNode(item, parsed.lineOf));
      continue;
    }
    // Read on first use: a locator looking for Deployments never reads a Service's name.
    let identity: Identity | undefined;
    const id = () => (identity ??= outlineIdentity(parsed.outline()) ?? resourceIdentity(body));
    out.push({
      get kind() {
        return id().kind;
      },
      get name() {
        return id().name;
      },
      get namespace() {
        return id().namespace;
      },
      mayDefine: (kind) => definesKind(body, kind),
      line: (fieldPath) => {
        const shape = parsed.outline();
        const quick = shape && outlineLine(shape, fieldPath ? parseFieldPath(fieldPath) : []);
        if (quick !== undefined) return parsed.linesBefore() + quick;
        const map = parsed.map();
        return map ? lineIn(map, parsed.lineOf, fieldPath) : undefined;
      },
      node: () => parsed.map(),
      // Without the word, or an escape that could spell it, there is no generator to read: no parse.
      generators: () => {
        if (!body.includes('Generator') && !body.includes('\\')) return [];
        const map = parsed.map();
        return map ? generatorEntries(map, parsed.lineOf) : [];
      },
      lineOf: parsed.lineOf,
    });
  }
  return out;
}

/**
 * False when the text surely defines no resource of `kind`: YAML with no column-0 `kind:` line naming
 * it (or a List that names it, whose items may be of it), JSON or flow-style YAML that never mentions it. indexOf over the text,
 * no regular expression across it: Argo CD's CRDs are megabytes that mention every kind in their descriptions.
 */
export function definesKind(text: string, kind: string): boolean {
  if (/^\s*[{[]/.test(text)) return text.includes(kind);
  for (let at = text.startsWith('kind:') ? 0 : text.indexOf('\nkind:'); at >= 0; at = text.indexOf('\nkind:', at + 1)) {
    const from = text.indexOf('kind:', at) + 'kind:'.length;
    const eol = text.indexOf('\n', from);
    const value = text
      .slice(from, eol < 0 ? text.length : eol)
      .replace(/\s#.*$/, '')
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2');
    if (value === kind) return true;
    // A List's items may be of any kind, each saying so: none is of a kind the text never names.
    if (/^\w*List$/.test(value) && text.includes(kind)) return true;
  }
  return false;
}

type Identity = { kind?: string; name?: string; namespace?: string };

/** The identity as Resource reads it (src/manifests/resource.ts): its header, then its metadata, scanned or parsed. */
function resourceIdentity(body: string): Identity {
  try {
    const r = Resource.fromText(body, 0);
    return { kind: r.kind, name: r.name, namespace: r.namespace };
  } catch {
    return {}; // no kind or apiVersion (a kustomization), or not YAML
  }
}

/**
 * The same identity read from the outline, when every part of it is a plain or simply quoted string
 * there (or absent); undefined when only the parser can tell (a number, a flow or block value).
 */
function outlineIdentity(shape: Outline | undefined): Identity | undefined {
  if (shape?.kind !== 'map') return undefined;
  /** The string value of a key: '' when absent or null, undefined when it is something else. */
  const text = (map: OutlineMap, key: string): string | undefined => {
    if (map.ambiguous.has(key)) return undefined;
    const pair = map.pairs.get(key);
    if (!pair?.value) return '';
    return pair.value.kind === 'scalar' ? pair.value.text : undefined;
  };
  const kind = text(shape, 'kind');
  const apiVersion = text(shape, 'apiVersion');
  if (kind === undefined || apiVersion === undefined) return undefined;
  if (!shape.pairs.has('kind') || !shape.pairs.has('apiVersion')) return {}; // Resource refuses it: no identity
  if (!kind || !apiVersion) return undefined;
  const metadata = shape.pairs.get('metadata')?.value;
  if (metadata === undefined) return { kind, name: '', namespace: undefined };
  if (metadata.kind !== 'map') return undefined;
  const name = text(metadata, 'name');
  const namespace = text(metadata, 'namespace');
  if (name === undefined || namespace === undefined) return undefined;
  return { kind, name, namespace: namespace || undefined };
}

/** Documents larger than this are not outlined (src/manifests/block-outline.ts): a CRD's schema is read by the parser, once. */
const MAX_OUTLINED_CHARS = 256 * 1024;

interface LazyDocument {
  map: () => YAMLMap | undefined;
  lineOf: (node: Node) => number;
  /** The outline (src/manifests/block-outline.ts), or undefined when only the parser can read the document. */
  outline: () => Outline | undefined;
  /** The file's lines before the document's first. */
  linesBefore: () => number;
}

/** One document of a file, outlined or parsed on first use; lines are the file's. */
function lazyDocument(text: string, start: number, body: string): LazyDocument {
  let before: number | undefined;
  const linesBefore = () => {
    if (before === undefined) {
      before = 0;
      for (let at = text.indexOf('\n'); at >= 0 && at < start; at = text.indexOf('\n', at + 1)) before++;
    }
    return before;
  };
  let shape: { value: Outline | undefined } | undefined;
  let state: { map: YAMLMap | undefined; lineCounter: LineCounter } | undefined;
  const parse = () => {
    if (state) return state;
    const lineCounter = new LineCounter();
    let map: YAMLMap | undefined;
    try {
      const doc = parseDocument(body, { ...parseOptions, lineCounter });
      if (!doc.errors.length && isMap(doc.contents)) map = doc.contents;
    } catch {
      map = undefined;
    }
    state = { map, lineCounter };
    return state;
  };
  return {
    map: () => parse().map,
    lineOf: (node) => linesBefore() + parse().lineCounter.linePos(node.range?.[0] ?? 0).line,
    outline: () => (shape ??= { value: body.length <= MAX_OUTLINED_CHARS ? outline(body) : undefined }).value,
    linesBefore,
  };
}

function fromNode(node: YAMLMap, lineOf: (node: Node) => number): SourceDocument {
  return {
    kind: asString(node.get('kind')),
    name: asString(node.getIn(['metadata', 'name'])),
    namespace: asString(node.getIn(['metadata', 'namespace'])),
    mayDefine: () => true,
    line: (fieldPath) => lineIn(node, lineOf, fieldPath),
    node: () => node,
    generators: () => generatorEntries(node, lineOf),
    lineOf,
  };
}

/**
 * How well a source name accounts for a rendered one: 2 when equal, 1 when the rendered name is the
 * source name with kustomize's additions around it (a `namePrefix`, a `nameSuffix`, a generator's
 * hash), 0 otherwise. The additions must meet the name at a `-` or `.`, so that `redis` accounts for
 * `prod-redis` but not for `predis`; of two names that account for one, the longer is the closer.
 */
export function nameMatch(source: string, rendered: string): number {
  if (source === rendered) return 2;
  if (!source) return 0;
  for (let at = rendered.indexOf(source); at >= 0; at = rendered.indexOf(source, at + 1)) {
    const before = at === 0 || '-.'.includes(rendered[at - 1]!);
    const end = at + source.length;
    const after = end === rendered.length || '-.'.includes(rendered[end]!);
    if (before && after) return 1;
  }
  return 0;
}

/** The kinds kustomize's built-in generators make, by the kustomization field that lists them. */
const GENERATOR_KINDS: Readonly<Record<string, 'ConfigMap' | 'Secret'>> = { configMapGenerator: 'ConfigMap', secretGenerator: 'Secret' };

/** One entry of a kustomization's `configMapGenerator` or `secretGenerator`. */
export interface GeneratorEntry {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace?: string;
  /** `create` (the default), `merge` or `replace`: the last two change an object a base generates. */
  behavior: string;
  /** The kustomization field that lists it. */
  generator: string;
  line: number;
}

/** The generator entries of a kustomization document; `lineOf` gives a node's line in the file. */
export function generatorEntries(kustomization: YAMLMap, lineOf: (node: Node) => number): GeneratorEntry[] {
  const out: GeneratorEntry[] = [];
  for (const [generator, kind] of Object.entries(GENERATOR_KINDS)) {
    const list = kustomization.get(generator, true);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const name = asString(item.get('name'));
      if (name === undefined) continue;
      const namespace = asString(item.get('namespace'));
      out.push({
        kind,
        name,
        ...(namespace ? { namespace } : {}),
        behavior: asString(item.get('behavior')) ?? 'create',
        generator,
        line: lineOf(item),
      });
    }
  }
  return out;
}

/**
 * 1-based line of a resource's node (and as much of `fieldPath` as it has: a patch may have added the
 * rest), or undefined when the node has no position.
 */
export function lineIn(resource: YAMLMap, lineOf: (node: Node) => number, fieldPath?: string): number | undefined {
  // Walk the path by hand so a mapping value reports its key's line, not the line after it.
  let node: unknown = resource;
  let at: Node | undefined = resource.range ? resource : undefined;
  for (const seg of fieldPath ? parseFieldPath(fieldPath) : []) {
    if (typeof seg === 'string' && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
      if (!pair) break;
      if ((pair.key as Node).range) at = pair.key as Node;
      node = pair.value;
    } else if (typeof seg === 'number' && isSeq(node)) {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      if (item.range) at = item;
      node = item;
    } else {
      break;
    }
  }
  return at === undefined ? undefined : lineOf(at);
}
