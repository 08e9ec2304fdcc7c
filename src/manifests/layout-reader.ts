/**
 * A reader for the layout kustomize prints (kyaml: block mappings and sequences, two-space indents,
 * `- ` at the parent key's column, plain, quoted and literal scalars, `{}` and `[]`), for reading
 * resources without the yaml library's full parse: the library builds a node tree, then plain JS,
 * at roughly 3 µs per line, which made the api step's reads of every Service, ConfigMap, Role and
 * custom resource cost about as much as the kustomize build itself.
 *
 * It gives exactly what parseYaml (src/manifests/yaml.ts) gives, or undefined: anything else (flow
 * collections, comments, anchors, tags, multi-line plain or quoted scalars, folded scalars, duplicate
 * keys, odd indentation) is left to the library, which also reports every error. Every plain scalar
 * that could be other than a string (a number, `null`, `true`, `0755`) is typed by parseYaml itself,
 * so the two cannot disagree on types; test/manifests/layout-reader.test.ts compares the two on
 * every document of the corpus.
 */
import { parseYaml } from './yaml.js';
import { MAX_TYPED_SCALARS } from '../util/limits.js';

/**
 * Thrown inside the reader to give up on a document; never escapes readLayout. One Error made once, so
 * that giving up costs no stack capture and readLayout knows it by identity.
 */
const GIVE_UP = new Error("not kustomize's layout");

/** What a plain scalar is in the core schema (a bigint beyond 2^53, as parseYaml reads it); a mapping or list is never one. */
type PlainValue = string | number | bigint | boolean | null;

function isPlainValue(value: unknown): value is PlainValue {
  const type = typeof value;
  return value === null || type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean';
}

/** The yaml library's limit on an implicit key's length. */
const MAX_KEY_LENGTH = 1024;

/** Plain scalars parseYaml typed, by text: few distinct ones per render (ports, replicas, `true`). */
const typed = new Map<string, PlainValue>();

/** The first letters of the words the core schema reads as null or a boolean. */
const WORD_STARTS = new Set(['n', 'N', 't', 'T', 'f', 'F']);
const CORE_WORDS = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** The core schema's words, typed here because they are in nearly every document. */
const CORE_VALUES = new Map<string, boolean | null>([
  ...['true', 'True', 'TRUE'].map((w) => [w, true] as const),
  ...['false', 'False', 'FALSE'].map((w) => [w, false] as const),
  ...['null', 'Null', 'NULL', '~'].map((w) => [w, null] as const),
]);
/**
 * Every text the core schema's numeric tags (and the octal one) could read as a number, and more:
 * a sign, then a digit followed by digits, hex letters, `x`, `o`, `.`, exponent signs; or `.` and a
 * digit, `inf` or `nan`. What this does not match, and is no null or boolean word, is a string.
 */
const NUMBER_LIKE = /^[-+]?(?:[0-9][0-9a-fA-FxoeE.+-]*|\.(?:[0-9][0-9eE+-]*|inf|Inf|INF|nan|NaN|NAN))$|^~?$/;
const SHORT_DECIMAL = /^-?[1-9][0-9]{0,14}$|^0$/;
/** Characters that may not start a plain scalar (YAML 1.2 c-indicator), `-`, `?` and `:` aside. */
const INDICATORS = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
/** Escapes that mean the same in a YAML double-quoted scalar and a JSON string. */
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;
const BLOCK_HEADER = /^\|(-?)$/;

function giveUp(): never {
  throw GIVE_UP;
}

/** A plain scalar's value, as parseYaml types it. */
function plain(text: string): PlainValue {
  const first = text.charAt(0);
  // Only null, booleans and numbers are not strings in the core schema, and they start with one of
  // these letters, a digit, a sign, `.` or `~`.
  if (/[A-Za-z_/]/.test(first) && (!WORD_STARTS.has(first) || !CORE_WORDS.test(text))) return text;
  // A decimal without a leading zero (that would be octal) and short enough to be a safe integer.
  if (SHORT_DECIMAL.test(text)) return Number(text);
  const word = CORE_VALUES.get(text);
  if (word !== undefined) return word;
  // Standalone, these would be a document marker or a directive rather than a scalar.
  if (text.startsWith('---') || text.startsWith('...')) giveUp();
  // Versions, durations, patterns, JSON paths: the numeric tags (int, octal, hex, float, inf, nan) cannot match.
  if (!NUMBER_LIKE.test(text)) return text;
  const known = typed.get(text);
  if (known !== undefined) return known;
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch {
    giveUp();
  }
  if (!isPlainValue(value)) giveUp();
  if (typed.size >= MAX_TYPED_SCALARS) typed.clear();
  typed.set(text, value);
  return value;
}

function isSeqEntry(content: string): boolean {
  return content.charCodeAt(0) === 45 /* - */ && (content.length === 1 || content.charCodeAt(1) === 32);
}

/** Why a plain scalar would not be read as written: an indicator first, a comment, a nested mapping, a tab. */
function checkPlain(text: string): void {
  const first = text.charAt(0);
  if (INDICATORS.has(first)) giveUp();
  if ((first === '-' || first === '?' || first === ':') && (text.length === 1 || text.charAt(1) === ' ')) giveUp();
  if (text.includes(' #') || text.includes(': ') || text.endsWith(':') || text.includes('\t')) giveUp();
}

/** A quoted scalar that ends where `text` ends (but for spaces); the rest of the line is not scanned. */
function quotedEnd(text: string): number {
  if (text.charAt(0) === "'") {
    for (let i = 1; i < text.length; i++) {
      if (text.charCodeAt(i) !== 39) continue;
      if (text.charCodeAt(i + 1) === 39) i++;
      else return i;
    }
    return -1;
  }
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34) return i;
  }
  return -1;
}

function unquote(text: string, end: number): string {
  const body = text.slice(1, end);
  if (text.charAt(0) === "'") return body.includes("''") ? body.replaceAll("''", "'") : body;
  if (!body.includes('\\')) {
    // A raw control character is a YAML error in some places and not in others: leave it to the library.
    if (/[\u0000-\u001f]/.test(body)) giveUp();
    return body;
  }
  if (body.replace(JSON_ESCAPE, '').includes('\\')) giveUp();
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    giveUp();
  }
}

class Reader {
  readonly #lines: string[];
  #at = 0;

  constructor(text: string) {
    this.#lines = text.split('\n');
    this.#lines.pop(); // the text ends with a line break (checked by readLayout)
  }

  /** Moves to the next line with content and returns its indentation, or -1 at the end. */
  #next(): number {
    const lines = this.#lines;
    while (this.#at < lines.length) {
      const line = lines[this.#at]!;
      let i = 0;
      while (line.charCodeAt(i) === 32) i++;
      if (i === line.length) {
        this.#at++;
        continue;
      }
      const c = line.charCodeAt(i);
      if (c === 9 /* tab */ || c === 35 /* # */) giveUp();
      return i;
    }
    return -1;
  }

  document(): Record<string, unknown> {
    if (this.#next() !== 0) giveUp();
    const value = this.#mapping(0);
    if (this.#next() !== -1) giveUp();
    return value;
  }

  #mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let at = this.#next(); at === indent; at = this.#next()) {
      const content = this.#lines[this.#at]!.slice(indent);
      if (isSeqEntry(content)) giveUp();
      this.#entry(out, indent, content);
    }
    return out;
  }

  /** One `key: value` line (and the lines of its value) at `indent`, into `out`. */
  #entry(out: Record<string, unknown>, indent: number, content: string): void {
    let key: string;
    let rest: string;
    const first = content.charAt(0);
    if (first === '"' || first === "'") {
      const end = quotedEnd(content);
      if (end < 0 || content.charAt(end + 1) !== ':' || (end + 2 < content.length && content.charAt(end + 2) !== ' ')) giveUp();
      key = unquote(content, end);
      rest = content.slice(end + 2);
    } else {
      let colon = content.indexOf(': ');
      if (colon < 0) colon = content.endsWith(':') ? content.length - 1 : giveUp();
      const written = content.slice(0, colon).trimEnd();
      if (written === '' || written.length > MAX_KEY_LENGTH) giveUp();
      checkPlain(written);
      const value = plain(written);
      key = value === null ? '' : String(value);
      rest = content.slice(colon + 1);
    }
    // An own `__proto__` or a merge key is the library's business; a duplicate key is its error.
    if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(out, key)) giveUp();
    this.#at++;
    out[key] = this.#value(indent, rest.trim(), indent);
  }

  /**
   * The value after `key:` or `- ` (`rest`, trimmed) of a node at `indent`; `blockParent` is the
   * indentation a literal scalar's content must exceed.
   */
  #value(indent: number, rest: string, blockParent: number): unknown {
    if (rest === '') {
      const at = this.#next();
      if (at < 0 || at < indent) return null;
      const content = this.#lines[this.#at]!.slice(at);
      if (isSeqEntry(content)) return this.#sequence(at);
      if (at === indent) return null;
      return this.#mapping(at);
    }
    if (rest.charAt(0) === '|') return this.#literal(rest, blockParent);
    const first = rest.charAt(0);
    if (first === '"' || first === "'") return this.#quoted(indent, rest);
    if (rest === '{}' || rest === '[]') {
      // A more indented line next would be an error: the library reports it.
      if (this.#next() > indent) giveUp();
      return rest === '{}' ? {} : [];
    }
    checkPlain(rest);
    // go-yaml folds long plain scalars onto more indented lines, each line break read as one space.
    let text = rest;
    for (let expected = this.#at, at = this.#next(); at > indent; expected = this.#at, at = this.#next()) {
      if (this.#at !== expected) giveUp(); // an empty line inside would be a line break: rare, left to the library
      const more = this.#lines[this.#at]!.slice(at).trimEnd();
      if (isSeqEntry(more) || more.includes(' #') || more.includes(': ') || more.endsWith(':') || more.includes('\t')) giveUp();
      text = `${text} ${more}`;
      this.#at++;
    }
    return plain(text);
  }

  /** A single- or double-quoted scalar starting at `rest`, on this line or folded onto more indented ones. */
  #quoted(indent: number, rest: string): string {
    const quote = rest.charAt(0);
    const end = quotedEnd(rest);
    // The scalar from its opening to its closing quote, on one line.
    let written: string;
    if (end >= 0) {
      if (rest.slice(end + 1).trim() !== '') giveUp();
      written = rest.slice(0, end + 1);
    } else {
      // go-yaml folds long quoted scalars too: each line break between two lines reads as one space,
      // without the spaces around it. An empty line (a line break of its own) and an escaped line
      // break are left to the library.
      written = rest.trimEnd();
      const lines = this.#lines;
      for (;;) {
        if (this.#at >= lines.length || written.endsWith('\\')) giveUp();
        const line = lines[this.#at]!;
        let i = 0;
        while (line.charCodeAt(i) === 32) i++;
        if (i <= indent || i === line.length || line.charCodeAt(i) === 9) giveUp();
        this.#at++;
        const content = line.slice(i);
        const close = quotedEnd(quote + content);
        if (close < 0) {
          written = `${written} ${content.trimEnd()}`;
          continue;
        }
        if (close === 1 || content.slice(close).trim() !== '') giveUp();
        written = `${written} ${content.slice(0, close)}`;
        break;
      }
    }
    const value = unquote(written, written.length - 1);
    if (this.#next() > indent) giveUp();
    return value;
  }

  #sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let at = this.#next(); at === indent; at = this.#next()) {
      const line = this.#lines[this.#at]!;
      const content = line.slice(indent);
      if (!isSeqEntry(content)) break;
      let column = indent + 1;
      while (line.charCodeAt(column) === 32) column++;
      const rest = line.slice(column);
      if (rest === '' || isSeqEntry(rest)) giveUp();
      if (this.#isEntry(rest)) {
        // `- key: value` opens a mapping at the key's column: read this line as if it started there.
        this.#lines[this.#at] = ' '.repeat(column) + rest;
        out.push(this.#mapping(column));
      } else {
        this.#at++;
        out.push(this.#value(indent, rest.trimEnd(), indent));
      }
    }
    return out;
  }

  /** Whether the rest of a `- ` line is a mapping's first entry rather than a scalar. */
  #isEntry(rest: string): boolean {
    const first = rest.charAt(0);
    if (first === '"' || first === "'") {
      const end = quotedEnd(rest);
      return end > 0 && rest.charAt(end + 1) === ':';
    }
    if (first === '|' || first === '{' || first === '[') return false;
    return rest.includes(': ') || rest.endsWith(':');
  }

  /** A literal block scalar (`|` or `|-`, indentation detected) whose content is indented beyond `parent`. */
  #literal(header: string, parent: number): string {
    const m = BLOCK_HEADER.exec(header);
    if (!m) giveUp();
    const lines = this.#lines;
    let indent = -1;
    let leading = 0;
    const start = this.#at;
    // The content's indentation is its first non-empty line's; an empty line before it may not be deeper.
    for (let j = start; j < lines.length; j++) {
      const line = lines[j]!;
      let i = 0;
      while (line.charCodeAt(i) === 32) i++;
      if (i < line.length) {
        indent = i;
        break;
      }
      leading = Math.max(leading, i);
    }
    if (indent <= parent || leading > indent) giveUp();
    const parts: string[] = [];
    let last = -1;
    let j = start;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      let i = 0;
      while (i < indent && line.charCodeAt(i) === 32) i++;
      if (i === line.length) {
        parts.push('');
        continue;
      }
      if (i < indent) break;
      // A line of spaces beyond the indentation is content, and its chomping has rules of its own.
      if (line.trim() === '') giveUp();
      parts.push(line.slice(indent));
      last = parts.length - 1;
    }
    this.#at = j;
    const body = parts.slice(0, last + 1).join('\n');
    return m[1] === '-' ? body : `${body}\n`;
  }
}

/**
 * The object a document's text holds, read without the yaml library where its layout is kustomize's;
 * undefined otherwise (the caller then parses it with parseYaml). Never throws.
 */
export function readLayout(text: string): Record<string, unknown> | undefined {
  if (!text.endsWith('\n') || text.includes('\r')) return undefined;
  try {
    return new Reader(text).document();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    // Deep nesting overflows the stack here before it would in the library: the library decides.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
