/**
 * Every YAML option kustodian uses lives here, each with its reason (cdk8s-core src/yaml.ts).
 *
 * Untouched resources never pass through this module on the way out: they are emitted as the exact
 * text kustomize printed (src/manifests/stream.ts). Only resources a step changed are re-serialised.
 */
import {
  Document,
  parse,
  parseDocument,
  visit,
  isScalar,
  isAlias,
  isNode,
  type Node,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
  type ToStringOptions,
  type ToJSOptions,
  type ScalarTag,
} from 'yaml';
import { MAX_ALIAS_COUNT } from '../util/limits.js';

const intIdentify = (value: unknown): boolean => typeof value === 'bigint' || Number.isInteger(value);

/** A plain scalar's value as it was read; compares BigInt and number alike. */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && Number.isNaN(a) && typeof b === 'number' && Number.isNaN(b));
}

/**
 * A plain scalar that a tag resolved is written back as its source text while it still resolves to
 * the node's value: otherwise the library would normalise `1e3` to `1e+3`, `0x1F` to `0x1f` or
 * `+1` to `1` in items kustodian only passed through (the KRM function keeps their nodes).
 */
function keepSource(tag: ScalarTag): ScalarTag {
  const { test } = tag;
  if (!test) return tag;
  return {
    ...tag,
    stringify(node, ctx, onComment, onChompKeep) {
      const source = (node as { source?: unknown }).source;
      if (typeof source === 'string' && test.test(source)) {
        let resolved: unknown;
        try {
          resolved = tag.resolve(source, () => {}, ctx.options as never);
        } catch {
          resolved = undefined;
        }
        const value = isScalar(resolved) ? resolved.value : resolved;
        if (sameValue(value, (node as { value?: unknown }).value)) return source;
      }
      return tag.stringify ? tag.stringify(node, ctx, onComment, onChompKeep) : String((node as { value?: unknown }).value);
    },
  };
}

/**
 * `0755` is octal (493) for Kubernetes: the API server reads manifests with sigs.k8s.io/yaml (YAML
 * 1.1) and kustomize with go-yaml v3 (strconv base 0); YAML 1.2's core schema alone would read 755,
 * which the API server rejects as a file mode above 0777. Tried before the decimal int tag.
 */
const octal11: ScalarTag = {
  identify: intIdentify,
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT-1.1',
  test: /^[-+]?0[0-7]+$/,
  resolve: (str: string) => {
    const digits = str.replace(/^[-+]/, '');
    const sign = str.startsWith('-') ? -1 : 1;
    const n = parseInt(digits, 8);
    return Number.isSafeInteger(n) ? sign * n : BigInt(sign) * BigInt(`0o${digits}`);
  },
  // Only reached for a node read as octal (createNode picks the format-less int tag for new numbers).
  stringify: (node) => {
    const value = (node as { value?: unknown }).value as number | bigint;
    return value < 0 ? `-0${(-value).toString(8)}` : `0${value.toString(8)}`;
  },
};

/**
 * Integers beyond 2^53 would silently lose digits as JS numbers. Keep those as BigInt (the yaml
 * library writes BigInt back unchanged) and the rest as plain numbers so steps can compare them.
 * Plain ints with a leading zero are octal (octal11), and every tag keeps its source text (keepSource).
 */
const customTags = ((tags: unknown[]) =>
  tags.flatMap((tag) => {
    const t = tag as ScalarTag;
    if (typeof tag !== 'object' || ('collection' in t && t.collection)) return [tag];
    if (t.tag === 'tag:yaml.org,2002:int' && !t.format) {
      const safeInt: ScalarTag = {
        ...t,
        resolve: (str: string) => {
          const n = Number(str);
          return Number.isSafeInteger(n) ? n : BigInt(str);
        },
      };
      return [keepSource(octal11), keepSource(safeInt)];
    }
    return [keepSource(t)];
  })) as SchemaOptions['customTags'];

const toJSOptions: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };

/** Kubernetes manifests are YAML 1.2 (the core schema) as kustomize reads and writes them. */
export const parseOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  customTags,
  // Duplicate keys are an error in kustomize too; keep the library's default strictness.
  uniqueKeys: true,
  prettyErrors: true,
  // The library's warnings (an unknown tag such as CloudFormation's `!Ref` in a file the locator reads)
  // would otherwise go to process.emitWarning, i.e. kustodian's stderr; they stay on the Document.
  logLevel: 'error',
};

/**
 * The library reports an alias bomb as a bare ReferenceError, which would read as kustodian's own bug
 * (an internal error with a stack trace). Callers wrap YAML errors in their coded failure; give them
 * one that says what is wrong with the input.
 */
function aliasLimit<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new Error(`aliases expand more than ${MAX_ALIAS_COUNT} times (the limit against alias bombs)`, { cause: error });
    }
    throw error;
  }
}

/** A parsed document as plain JS, with the alias limit; throws a plain Error for a YAML error. */
export function documentToJS(doc: Document): unknown {
  return aliasLimit((): unknown => doc.toJS(toJSOptions));
}

const stringifyOptions: ToStringOptions = {
  // Never fold long strings: folding changes nothing semantically but makes diffs unreadable.
  lineWidth: 0,
  minContentWidth: 0,
  // kustomize (kyaml) writes "- " at the parent key's indentation; match it so diffs stay small.
  indentSeq: false,
  directives: false,
  // `{name: x}` as go-yaml and kyaml write flow collections, and as a kept ResourceList item was written.
  flowCollectionPadding: false,
};

/** Parses one document's text into plain JS. Throws the yaml library's error on bad input. */
export function parseYaml(text: string): unknown {
  return aliasLimit((): unknown => parse(text, { ...parseOptions, ...toJSOptions }));
}

/**
 * A plain string that some consumer could read as another type must be quoted. ArgoCD reads
 * manifests with a YAML 1.1 parser (go-yaml v2) where `yes`, `on`, `0755`, `1e3` and `12:30`
 * are not strings; kustomize reads YAML 1.2. Quote a string if either schema, or anything that
 * starts like a number, could turn it into something else.
 */
/** Words that some YAML 1.1 or 1.2 resolver reads as a boolean or null (compared lower-cased). */
const SPECIAL_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);
/**
 * Plain identifiers, paths, image references with tag and digest (`reg:5000/app:1.2@sha256:…`), media types
 * (`…+json`): no resolver reads these as anything but a string. A letter or `_` first rules out every indicator and
 * number; no space, `#` or flow character inside; `:` only when something other than a space follows (a trailing
 * `:` would start a mapping).
 */
const PLAIN_WORD = /^[A-Za-z_](?:[A-Za-z0-9_./+@-]|:(?=[A-Za-z0-9_./+@:-]))*$/;

function needsQuotes(value: string): boolean {
  if (value === '') return true;
  if (/^[-+]?[.0-9]/.test(value)) return true;
  // Fast path for the common case (every string of a lock file); the parse below costs two full parses per string.
  if (PLAIN_WORD.test(value)) return SPECIAL_WORDS.has(value.toLowerCase());
  for (const version of ['1.1', '1.2'] as const) {
    let parsed: unknown;
    try {
      // Silent: a CEL rule such as `!has(self.x)` reads as an unknown tag, which the library would
      // otherwise report through process.emitWarning, i.e. on kustodian's stderr.
      parsed = parse(value, { version, logLevel: 'error' });
    } catch {
      return true;
    }
    if (typeof parsed !== 'string' || parsed !== value) return true;
  }
  return false;
}

/** A YAML node as parsed, kept so an item no step changed can be written back with its comments and styles. */
export type YamlNode = Node;

/**
 * Parses one document into plain JS plus its node tree, for the KRM function: kustomize and kpt send
 * every item in one ResourceList, and the untouched ones must go back as written, not re-serialised
 * from objects (comments, key order of `"10"` and `"2"`, scalar styles). Throws like parseYaml.
 */
export function parseYamlDocument(text: string): { value: unknown; doc: Document } {
  const doc = parseDocument(text, parseOptions);
  const error = doc.errors[0];
  if (error) throw error;
  return { value: documentToJS(doc), doc };
}

/** True when a kept node can be moved into another document: an alias would point at a missing anchor. */
export function isSelfContained(node: unknown): boolean {
  if (!isNode(node)) return false;
  let ok = true;
  visit(node, {
    Alias() {
      ok = false;
      return visit.BREAK;
    },
  });
  return ok && !isAlias(node);
}

/** Serialises one (changed) resource as a YAML document body, without a leading `---`. */
export function stringifyYaml(value: unknown): string {
  // A YamlNode inside `value` (a kept ResourceList item) is embedded as it is: the yaml library's
  // createNode returns nodes unchanged, and parsed scalars always have a type, so no quoting below touches them.
  const doc = new Document(value, { version: '1.2', customTags });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && !node.type && !node.value.includes('\n') && needsQuotes(node.value)) {
        node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString(stringifyOptions);
}

/**
 * A parsed document (a kustomization kustodian edits in a private copy) written back: nodes it read keep
 * their styles and source text, and a string node it added is quoted where another YAML reader could take
 * it for something else, as stringifyYaml does.
 */
export function stringifyDocument(doc: Document): string {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !node.type && !node.value.includes('\n') && needsQuotes(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString(stringifyOptions);
}
