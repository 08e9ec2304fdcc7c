/**
 * A rendered resource. Parsing is lazy: a step that filters on `kind` never forces a parse, so the
 * 4.5 MB of CRD schemas in a kube-prometheus render are split, looked at, and emitted verbatim.
 */
import { parseYaml, stringifyYaml } from './yaml.js';
import { readLayout } from './layout-reader.js';
import { KustodianError } from '../util/errors.js';
import type { ResourceRef } from '../findings/finding.js';
import { refuseOversizedObject } from '../util/limits.js';

/** The parts of a Kubernetes object every step relies on; the rest is open. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

const TOP_LEVEL = /^(apiVersion|kind):[ \t]*(.*?)[ \t]*$/gm;
const HEADER = /^apiVersion: ([A-Za-z0-9./-]+)\nkind: ([A-Za-z0-9./-]+)\n/;
/** A name or namespace that every YAML 1.2 core resolver reads as this very string. */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;
/** A name in double or single quotes with nothing to escape: the text between the quotes is the value. */
const QUOTED_NAME = /^(["'])([A-Za-z0-9._-]+)\1$/;
const NOT_STRINGS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);

/**
 * `metadata.name` and `metadata.namespace` read from kustomize's layout (`metadata:` at column 0, its
 * keys at two spaces, plain or simply quoted values), so that indexing an object by name does not parse it: the
 * provider index would otherwise parse every ConfigMap, Grafana dashboards included, to learn names
 * nobody references. Undefined (ask the parser) for anything else: flow style, quoting, comment lines,
 * duplicates, values a resolver could read as a non-string.
 */
function scanMetadata(text: string): { name?: string; namespace?: string } | undefined {
  const start = text.startsWith('metadata:\n') ? 0 : text.indexOf('\nmetadata:\n') + 1;
  if (start === 0 && !text.startsWith('metadata:\n')) return undefined;
  const found: { name?: string; namespace?: string } = {};
  let pos = start + 'metadata:\n'.length;
  // Its keys must sit at exactly two spaces, as kyaml writes them; any other indentation is left to the parser.
  if (!/^ {2}[A-Za-z]/.test(text.slice(pos, pos + 3))) return undefined;
  while (pos < text.length && text.charCodeAt(pos) === 32) {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end < 0 ? text.length : end);
    pos = end < 0 ? text.length : end + 1;
    const m = /^ {2}(name|namespace):(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1] as 'name' | 'namespace';
    // ` # …` ends a plain scalar: kpt keeps the user's comments on the items it sends to fn.
    const written = (m[2] ?? '').replace(/[ \t]+#.*$/, '').trim();
    // Helm writes `namespace: "argocd"`: a quoted name of name characters is that name, and never another type.
    const quoted = QUOTED_NAME.exec(written)?.[2];
    const plain = PLAIN_NAME.test(written) && !NOT_STRINGS.has(written) ? written : undefined;
    const value = quoted ?? plain;
    if (key in found || value === undefined || !/^[ \t]/.test(m[2] ?? '')) return undefined;
    found[key] = value;
  }
  // The block ends at the next top-level key; a comment or blank line there could hide more metadata keys.
  if (pos < text.length && !/[A-Za-z]/.test(text.charAt(pos))) return undefined;
  return found;
}

/**
 * The keys of a top-level mapping (`data:`, `stringData:`) read from kustomize's layout: the field at
 * column 0 and its keys at exactly two spaces, plain (`[A-Za-z0-9._-]`), each once. [] when the field
 * is absent. Undefined (ask the parser) for anything else: flow style, quoted keys, comments,
 * sequences. A generated overlay's 1,000 Secrets and ConfigMaps then need no parse to answer
 * "which keys does it have?".
 */
function scanTopLevelKeys(text: string, field: string): string[] | undefined {
  const head = `${field}:`;
  let at = text.startsWith(head) ? 0 : text.indexOf(`\n${head}`) + 1;
  if (at === 0 && !text.startsWith(head)) return [];
  at += head.length;
  const eol = text.indexOf('\n', at);
  if (eol < 0 || text.slice(at, eol).trim() !== '') return undefined;
  const keys: string[] = [];
  let inBlockScalar = false;
  let pos = eol + 1;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end < 0 ? text.length : end);
    if (line.startsWith('#') || line.startsWith('-')) return undefined; // a comment or sequence: not the plain layout
    if (line !== '' && line.charCodeAt(0) !== 32) break; // the next top-level key ends the block
    pos = end < 0 ? text.length : end + 1;
    if (line.trim() === '') continue;
    if (line.startsWith('   ')) {
      // Deeper lines are only a block scalar's content (`key: |`); anything else is left to the parser.
      if (!inBlockScalar) return undefined;
      continue;
    }
    // Keys a YAML 1.2 resolver reads as strings only: `1.0`, `007` or `null` would come back as other keys.
    const m = /^ {2}([A-Za-z_][A-Za-z0-9._-]*):(?: (.*))?$/.exec(line);
    if (!m || NOT_STRINGS.has(m[1]!) || keys.includes(m[1]!)) return undefined;
    keys.push(m[1]!);
    inBlockScalar = /^[|>][-+0-9]*\s*$/.test(m[2] ?? '');
  }
  // Another `field:` line further down would be a duplicate key: leave that to the parser.
  if (text.indexOf(`\n${head}`, pos - 1) >= 0) return undefined;
  return keys;
}

/** `document 3 (ConfigMap huge)`, from kustomize's layout where it has one: the text is too large to parse. */
function describeText(text: string, index: number): string {
  const kind = /^kind:[ \t]*([A-Za-z0-9.-]+)[ \t]*$/m.exec(text)?.[1];
  const name = kind ? scanMetadata(text)?.name : undefined;
  return `document ${index + 1}${kind ? ` (${kind}${name ? ` ${name}` : ''})` : ''}`;
}

export class Resource {
  #text: string | undefined;
  #object: KubeObject | undefined;
  #changed = false;
  /** Name and namespace from the text, when its layout allows (see scanMetadata); null once tried and failed. */
  #metadata: { name?: string; namespace?: string } | null | undefined;
  readonly kind: string;
  readonly apiVersion: string;

  private constructor(
    text: string | undefined,
    object: KubeObject | undefined,
    readonly index: number,
  ) {
    this.#text = text;
    this.#object = object;
    let kind: unknown;
    let apiVersion: unknown;
    if (object) {
      kind = object.kind;
      apiVersion = object.apiVersion;
    } else if (text !== undefined) {
      // Before any scan or parse: the text of one object is bounded (MAX_OBJECT_BYTES), however it is laid out.
      refuseOversizedObject(text, () => describeText(text, index));
      // kustomize starts every document with `apiVersion: …` then `kind: …`: read those two lines
      // instead of scanning megabytes of CRD schema for them.
      const header = HEADER.exec(text);
      if (header) {
        apiVersion = header[1];
        kind = header[2];
      }
      // Otherwise top-level keys at column 0; a quoted or odd value falls back to a full parse.
      for (const m of header ? [] : text.matchAll(TOP_LEVEL)) {
        const value = m[2] ?? '';
        const plain = /^[A-Za-z0-9./-]+$/.test(value) ? value : undefined;
        if (m[1] === 'kind') kind = plain ?? this.object.kind;
        else apiVersion = plain ?? this.object.apiVersion;
      }
      // Not kustomize's layout (flow style, indented, CRLF): ask the parser rather than guess.
      if (kind === undefined || apiVersion === undefined) {
        kind = this.object.kind;
        apiVersion = this.object.apiVersion;
      }
    }
    if (typeof kind !== 'string' || typeof apiVersion !== 'string' || !kind || !apiVersion) {
      throw new KustodianError('INPUT_INVALID', `document ${index + 1} has no kind or apiVersion`);
    }
    this.kind = kind;
    this.apiVersion = apiVersion;
  }

  /** A resource from a document's text, exactly as kustomize printed it. */
  static fromText(text: string, index: number): Resource {
    return new Resource(text, undefined, index);
  }

  /** A resource from an already-parsed object (a ResourceList item). */
  static fromObject(object: KubeObject, index: number): Resource {
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      throw new KustodianError('INPUT_INVALID', `item ${index + 1} is not a mapping`);
    }
    return new Resource(undefined, object, index);
  }

  /** The parsed object. Steps may read it freely; a step that changes it must call `changed()`. */
  get object(): KubeObject {
    if (this.#object === undefined) {
      let parsed: unknown;
      try {
        // kustomize's own layout is read directly, at a fraction of the library's cost; anything else goes to the library.
        parsed = readLayout(this.#text ?? '') ?? parseYaml(this.#text ?? '');
      } catch (error) {
        throw new KustodianError(
          'INPUT_INVALID',
          `document ${this.index + 1} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
          { cause: error },
        );
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new KustodianError('INPUT_INVALID', `document ${this.index + 1} is not a mapping`);
      }
      this.#object = parsed as KubeObject;
    }
    return this.#object;
  }

  /** The metadata scanned from unparsed text; undefined once parsed (the object may have changed). */
  #scanned(): { name?: string; namespace?: string } | undefined {
    if (this.#object !== undefined || this.#text === undefined) return undefined;
    if (this.#metadata === undefined) this.#metadata = scanMetadata(this.#text) ?? null;
    return this.#metadata ?? undefined;
  }

  get name(): string {
    const scanned = this.#scanned();
    if (scanned) return scanned.name ?? '';
    return String(this.object.metadata?.name ?? '');
  }

  /** The namespace as written; undefined when the manifest has none. */
  get namespace(): string | undefined {
    const scanned = this.#scanned();
    if (scanned) return scanned.namespace;
    const ns = this.object.metadata?.namespace;
    return typeof ns === 'string' && ns ? ns : undefined;
  }

  get group(): string {
    const slash = this.apiVersion.indexOf('/');
    return slash < 0 ? '' : this.apiVersion.slice(0, slash);
  }

  /** Keys of a top-level mapping such as `data`; read from the text when it has never been parsed. */
  topLevelKeys(field: string): string[] {
    if (this.#object === undefined && this.#text !== undefined) {
      const keys = scanTopLevelKeys(this.#text, field);
      if (keys) return keys;
    }
    const value = this.object[field];
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  }

  /**
   * False only when the unparsed text certainly does not contain `needle`, so a caller can skip the
   * parse (an annotation or field that is not there); true whenever it cannot tell.
   */
  mayContain(needle: string): boolean {
    return this.#object !== undefined || this.#text === undefined || this.#text.includes(needle);
  }

  annotation(key: string): string | undefined {
    // Asked of every item by fn (local-config, path, index): never parse a 50 MB ConfigMap to learn it
    // has none. Only an escape in a quoted key could spell the key otherwise.
    if (!this.mayContain(key) && !this.mayContain('\\')) return undefined;
    const value = this.object.metadata?.annotations?.[key];
    return typeof value === 'string' ? value : undefined;
  }

  /** KRM resourceRef; `defaultNamespace` fills in for namespaced objects written without one. */
  ref(defaultNamespace?: string): ResourceRef {
    const ref: ResourceRef = { apiVersion: this.apiVersion, kind: this.kind, name: this.name };
    const ns = this.namespace ?? defaultNamespace;
    if (ns) ref.namespace = ns;
    return ref;
  }

  /** Marks the object as changed, so it is re-serialised instead of emitted verbatim. */
  changed(): void {
    // Parsed now if no one has read it yet: a changed resource is written from its object, never its text.
    void this.object;
    this.#changed = true;
  }

  get isChanged(): boolean {
    return this.#changed;
  }

  /** The original text, when the resource came from a YAML stream. */
  get text(): string | undefined {
    return this.#text;
  }

  /** The document body for a YAML stream: verbatim unless a step changed it. */
  toYaml(): string {
    if (!this.#changed && this.#text !== undefined) return this.#text;
    return stringifyYaml(this.object);
  }
}
