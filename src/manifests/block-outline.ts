/**
 * The outline of a hand-written YAML document: which keys and items it has and the line each starts
 * on, with the text of one-line scalars, read line by line without the yaml library. `check` locates
 * every finding in the user's files (src/sources/source-locator.ts); the library's full parse of a
 * 15 KB Deployment, just to learn the line of `spec.template.spec.containers[0].env[1]`, cost 40–55 ms
 * in a fresh process, and five findings cost more than all of check's steps together.
 *
 * It reads block style as people and generators write it: mappings and sequences by indentation
 * (`- ` at the parent key's column or deeper, `- key: v` items), comments and blank lines anywhere,
 * plain, single-line quoted and single-line flow scalars, and `|`/`>` block scalars. Anything else —
 * anchors, aliases, tags, complex keys, merge keys, multi-line plain, quoted or flow scalars,
 * indentation indicators, tabs, CR line ends, directives, duplicate keys, a key that the core schema
 * reads as other than a string where that matters — makes it give up (undefined), and the caller asks
 * the library, so an answer is never a guess. test/manifests/block-outline.test.ts compares it with
 * the library on every document of the corpus.
 */

/** A node of the outline; `line` is 1-based in the document's text. */
export type Outline = OutlineMap | OutlineSeq | OutlineScalar;

export interface OutlineMap {
  kind: 'map';
  line: number;
  /** Keys the core schema reads as strings, with the line of the key and the value (undefined: null). */
  pairs: Map<string, { line: number; value: Outline | undefined }>;
  /** Plain keys that may resolve to a number, boolean or null: a look-up of one of these gives up. */
  ambiguous: Set<string>;
}

export interface OutlineSeq {
  kind: 'seq';
  line: number;
  /** undefined: an empty item (`-` and nothing), whose start the library places differently. */
  items: (Outline | undefined)[];
}

export interface OutlineScalar {
  kind: 'scalar';
  line: number;
  /** The value of a plain scalar that can only be a string, or of a quoted one with nothing to unescape. */
  text?: string;
  /** A one-line flow collection (`[a, b]`, `{a: 1}`): a path into it is left to the library. */
  flow?: true;
}

/** Thrown to give up; never escapes `outline`. One object, so giving up captures no stack. */
const GIVE_UP = new Error('not a plain block document');

/** Deeper than this (`- - - …` on one line) is left to the library. */
const MAX_DEPTH = 64;

/** What the YAML 1.2 core schema reads as other than a string. */
const NON_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** Characters that cannot begin a plain scalar (or key) here; `-`, `?` and `:` only before a space. */
const INDICATORS = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

class Reader {
  private readonly indents: number[];

  /** How many lines the document has. */
  readonly size: number;

  constructor(private readonly lines: readonly string[]) {
    this.size = lines.length;
    this.indents = lines.map((line) => {
      if (line.includes('\t') || line.includes('\r')) throw GIVE_UP;
      if (/^(?:---|\.\.\.)(?:\s|$)|^%/.test(line)) throw GIVE_UP;
      const n = leadingSpaces(line);
      // Blank and comment-only lines hold no node: -1.
      return n === line.length || line.charCodeAt(n) === 35 ? -1 : n;
    });
  }

  /** The first line from `from` on that holds a node, or the number of lines. */
  nextContent(from: number): number {
    let i = from;
    while (i < this.lines.length && this.indents[i] === -1) i++;
    return i;
  }

  indent(i: number): number {
    return i < this.lines.length ? this.indents[i]! : -1;
  }

  /**
   * The node that begins at line `li`, column `col` (its first character, or the line's end or a
   * comment: then it is on the following lines). `parent` is the indentation of the collection that
   * holds it (-1 at the top); `mapValue` when it is a mapping's value, which may then be a sequence at
   * the key's own column; `afterKey` when it shares its line with that key (only a scalar may).
   * Returns the node (undefined: null) and the first line after it.
   */
  node(li: number, col: number, parent: number, mapValue: boolean, afterKey: boolean, depth: number): [Outline | undefined, number] {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const line = this.lines[li]!;
    if (col >= line.length || line[col] === '#') {
      const j = this.nextContent(li + 1);
      if (j >= this.lines.length) return [undefined, j];
      const at = this.indent(j);
      if (at > parent || (mapValue && at === parent && isDash(this.lines[j]!, at)))
        return this.node(j, at, parent, false, false, depth + 1);
      return [undefined, j];
    }
    if (isDash(line, col)) {
      if (afterKey) throw GIVE_UP; // `key: - a` is no YAML
      return this.sequence(li, col, depth);
    }
    if (!afterKey) {
      const key = readKey(line, col);
      if (key) return this.mapping(li, col, depth);
    }
    return this.scalar(li, col, parent);
  }

  private sequence(first: number, col: number, depth: number): [OutlineSeq, number] {
    const items: (Outline | undefined)[] = [];
    let li = first;
    for (;;) {
      const line = this.lines[li]!;
      let c = col + 1;
      while (line.charCodeAt(c) === 32) c++;
      const [item, next] = this.node(li, c, col, false, false, depth + 1);
      // An empty item (`-` and nothing below): the library's node for it starts elsewhere.
      items.push(item);
      const at = this.indent(next);
      if (next < this.lines.length && at === col && isDash(this.lines[next]!, col)) {
        li = next;
        continue;
      }
      if (at > col) throw GIVE_UP;
      return [{ kind: 'seq', line: first + 1, items }, next];
    }
  }

  private mapping(first: number, col: number, depth: number): [OutlineMap, number] {
    const map: OutlineMap = { kind: 'map', line: first + 1, pairs: new Map(), ambiguous: new Set() };
    const seen = new Set<string>();
    let li = first;
    for (;;) {
      const line = this.lines[li]!;
      const key = readKey(line, col);
      if (!key) throw GIVE_UP;
      if (key.text === '<<' && !key.quoted) throw GIVE_UP; // a merge key: its values come from elsewhere
      if (seen.has(key.text)) throw GIVE_UP; // the library refuses duplicate keys
      seen.add(key.text);
      let c = key.end;
      while (line.charCodeAt(c) === 32) c++;
      const [value, next] = this.node(li, c, col, true, c < line.length && line[c] !== '#', depth + 1);
      if (!key.quoted && NON_STRING.test(key.text)) map.ambiguous.add(key.text);
      else map.pairs.set(key.text, { line: li + 1, value });
      const at = this.indent(next);
      if (next < this.lines.length && at === col) {
        if (isDash(this.lines[next]!, col)) throw GIVE_UP;
        li = next;
        continue;
      }
      if (at > col) throw GIVE_UP;
      return [map, next];
    }
  }

  private scalar(li: number, col: number, parent: number): [OutlineScalar, number] {
    const line = this.lines[li]!;
    const ch = line[col]!;
    let text: string | undefined;
    let flow = false;
    let end: number;
    if (ch === '"' || ch === "'") {
      const q = readQuoted(line, col);
      if (!q) throw GIVE_UP;
      ({ text, end } = q);
    } else if (ch === '[' || ch === '{') {
      end = flowEnd(line, col);
      flow = true;
    } else if (ch === '|' || ch === '>') {
      // A block scalar: its header (no indentation indicator), then every line deeper than its parent.
      if (!/^[|>][+-]?(?:[ ]+#.*)?[ ]*$/.test(line.slice(col))) throw GIVE_UP;
      let j = li + 1;
      while (j < this.lines.length && (this.lines[j]!.trim() === '' || leadingSpaces(this.lines[j]!) > parent)) j++;
      return [{ kind: 'scalar', line: li + 1 }, this.nextContent(j)];
    } else if (INDICATORS.has(ch) || ((ch === '-' || ch === '?' || ch === ':') && line.charCodeAt(col + 1) === 32)) {
      throw GIVE_UP;
    } else {
      const comment = line.indexOf(' #', col);
      end = comment < 0 ? line.length : comment;
      const plain = line.slice(col, end).trimEnd();
      if (plain.includes(': ') || plain.endsWith(':')) throw GIVE_UP;
      if (!NON_STRING.test(plain)) text = plain;
    }
    if (!restIsEmpty(line, end)) throw GIVE_UP;
    const next = this.nextContent(li + 1);
    // Deeper lines after a one-line scalar continue it (a multi-line plain scalar) or are an error.
    if (this.indent(next) > parent) throw GIVE_UP;
    const node: OutlineScalar = { kind: 'scalar', line: li + 1 };
    if (text !== undefined) node.text = text;
    if (flow) node.flow = true;
    return [node, next];
  }
}

function leadingSpaces(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

/** `-` then a space or the line's end, at `col`: a sequence item. */
function isDash(line: string, col: number): boolean {
  return line.charCodeAt(col) === 45 && (col + 1 === line.length || line.charCodeAt(col + 1) === 32);
}

/** Only spaces or a comment from `at` on. */
function restIsEmpty(line: string, at: number): boolean {
  const rest = line.slice(at);
  return /^(?:[ ]*|[ ]+#.*)$/.test(rest);
}

/** A quoted scalar that ends on its line: its value when nothing needs unescaping, and where it ends. */
function readQuoted(line: string, col: number): { text?: string; end: number } | undefined {
  const q = line[col];
  let escaped = false;
  for (let i = col + 1; i < line.length; i++) {
    const c = line[i];
    if (q === '"' && c === '\\') {
      escaped = true;
      i++;
      continue;
    }
    if (c !== q) continue;
    if (q === "'" && line[i + 1] === "'") {
      escaped = true;
      i++;
      continue;
    }
    const raw = line.slice(col + 1, i);
    return escaped ? { end: i + 1 } : { text: raw, end: i + 1 };
  }
  return undefined;
}

/** Where a flow collection that opens at `col` closes on the same line; gives up when it does not. */
function flowEnd(line: string, col: number): number {
  let depth = 0;
  for (let i = col; i < line.length; i++) {
    const c = line[i];
    if (c === '"' || c === "'") {
      const q = readQuoted(line, i);
      if (!q) throw GIVE_UP;
      i = q.end - 1;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === '#' && line[i - 1] === ' ') {
      throw GIVE_UP;
    } else if (c === '&' || c === '*' || c === '!' || ((c === '-' || c === '?') && (i + 1 === line.length || line[i + 1] === ' '))) {
      throw GIVE_UP; // anchors, aliases, tags; a block indicator, which no flow collection may hold
    }
  }
  throw GIVE_UP;
}

/** The key of a `key: value` at `col` (plain or quoted), and the column after its `:`; undefined if the line has none there. */
function readKey(line: string, col: number): { text: string; quoted: boolean; end: number } | undefined {
  const ch = line[col]!;
  if (ch === '"' || ch === "'") {
    const q = readQuoted(line, col);
    if (!q || line[q.end] !== ':' || !(q.end + 1 === line.length || line[q.end + 1] === ' ')) return undefined;
    if (q.text === undefined) throw GIVE_UP; // an escaped key: not worth unescaping here
    return { text: q.text, quoted: true, end: q.end + 1 };
  }
  if (INDICATORS.has(ch)) return undefined;
  if ((ch === '?' || ch === ':') && (col + 1 === line.length || line[col + 1] === ' ')) throw GIVE_UP;
  for (let i = col; i < line.length; i++) {
    if (line[i] === '#' && line[i - 1] === ' ') return undefined;
    if (line[i] === ':' && (i + 1 === line.length || line[i + 1] === ' ')) {
      const text = line.slice(col, i).trimEnd();
      if (text.length > 1024) throw GIVE_UP; // the library's limit on an implicit key
      return { text, quoted: false, end: i + 1 };
    }
  }
  return undefined;
}

/** The outline of one document, or undefined when it is not plain block YAML (ask the library). */
export function outline(body: string): Outline | undefined {
  if (body.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const reader = new Reader(body.split('\n'));
    const first = reader.nextContent(0);
    if (first >= reader.size) return undefined;
    const [root, next] = reader.node(first, reader.indent(first), -1, false, false, 0);
    // Something after the root's end (a line less indented than the root) is no document the library reads alike.
    return next < reader.size ? undefined : root;
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/**
 * The line of `path` in the outline as src/manifests/source-documents.ts's `lineIn` gives it (the
 * deepest node of the path the document has; a mapping value reports its key's line), or undefined
 * when only the library can tell.
 */
export function outlineLine(root: Outline, path: readonly (string | number)[]): number | undefined {
  let node: Outline | undefined = root;
  let at = root.line;
  for (const seg of path) {
    if (typeof seg === 'string' && node?.kind === 'map') {
      if (node.ambiguous.has(seg)) return undefined;
      const pair = node.pairs.get(seg);
      if (!pair) break;
      at = pair.line;
      node = pair.value;
    } else if (typeof seg === 'number' && node?.kind === 'seq') {
      if (seg >= node.items.length) break;
      const item: Outline | undefined = node.items[seg];
      if (!item) return undefined;
      at = item.line;
      node = item;
    } else if (node?.kind === 'scalar' && node.flow) {
      return undefined;
    } else {
      break;
    }
  }
  return at;
}
