/**
 * The KRM function source: a `ResourceList` read from stdin (kustomize exec transformers, kpt).
 * Items become Resources of their own text (or, off the usual layout, of the parsed objects), so
 * nothing about them (annotations included) is touched unless a step changes it.
 */
import { KustodianError } from '../util/errors.js';
import { describeValue } from '../util/untrusted.js';
import { Resource, type KubeObject } from '../manifests/resource.js';
import { isSelfContained, parseYamlDocument, type YamlNode } from '../manifests/yaml.js';
import { isSeq } from 'yaml';
import { refuseOversizedItems } from './object-sizes.js';

/** The ResourceList versions kustodian reads; it answers in the version it was sent. */
export const RESOURCE_LIST_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1alpha1'] as const;

/** A parsed ResourceList. */
export interface ResourceListInput {
  apiVersion: string;
  resources: Resource[];
  /** Each item's parsed node, so the sink writes an item no step changed exactly as it came. */
  nodes: Map<Resource, YamlNode>;
  /** The raw functionConfig, validated later by loadFunctionConfig. */
  functionConfig: unknown;
}

/**
 * Parses a ResourceList (YAML or JSON). A missing `items` is an empty list; the empty-render step refuses it.
 *
 * Items in the block layout kustomize and kpt write (`items:` at column 0, each item a `- key: …`
 * mapping) are cut out of the text and become Resources of their own text, as kustomize's output does
 * for render: parsed only when a step asks, and written back byte for byte when no step changed them.
 * Composing the whole list as one YAML document instead cost about 45 times the input (2.3 GiB and
 * half a minute for one 50 MB ConfigMap). Anything else (JSON, flow items, aliases) takes the general
 * path, which composes the whole document.
 */
export function readResourceList(text: string): ResourceListInput {
  if (text.trim() === '') {
    throw new KustodianError('INPUT_INVALID', 'stdin is empty; kustodian fn expects a ResourceList (config.kubernetes.io/v1) on stdin');
  }
  const split = splitItems(text);
  // What is parsed whole (the header beside cut items, or all of another layout) holds no object above the limit.
  refuseOversizedItems(split?.header ?? text);
  let parsed: unknown;
  let itemNodes: readonly unknown[] = [];
  try {
    const { value, doc } = parseYamlDocument(split?.header ?? text);
    parsed = value;
    const items = doc.get('items', true);
    if (isSeq(items)) itemNodes = items.items;
  } catch (error) {
    throw new KustodianError('INPUT_INVALID', `stdin is not a YAML ResourceList: ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
  const list = parsed as { apiVersion?: unknown; kind?: unknown; items?: unknown; functionConfig?: unknown } | null;
  if (list === null || typeof list !== 'object' || Array.isArray(list) || list.kind !== 'ResourceList') {
    throw new KustodianError('INPUT_INVALID', 'stdin is not a ResourceList (kind: ResourceList, apiVersion: config.kubernetes.io/v1)');
  }
  const apiVersion = describeValue(list.apiVersion, '');
  if (!(RESOURCE_LIST_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new KustodianError(
      'INPUT_INVALID',
      `ResourceList apiVersion ${JSON.stringify(apiVersion)} is not supported; use ${RESOURCE_LIST_VERSIONS.join(' or ')}`,
    );
  }
  const nodes = new Map<Resource, YamlNode>();
  if (split) {
    return { apiVersion, resources: split.items.map((item, i) => Resource.fromText(item, i)), nodes, functionConfig: list.functionConfig };
  }
  const items = list.items ?? [];
  if (!Array.isArray(items)) throw new KustodianError('INPUT_INVALID', 'ResourceList items must be a list');
  const resources = items.map((item, i) => Resource.fromObject(item as KubeObject, i));
  resources.forEach((resource, i) => {
    const node = itemNodes[i];
    if (isSelfContained(node)) nodes.set(resource, node as YamlNode);
  });
  return { apiVersion, resources, nodes, functionConfig: list.functionConfig };
}

/** A block mapping's key line: `items:`, `kind: ResourceList`, `"functionConfig":`. */
const KEY_LINE = /^(?:[A-Za-z0-9_$][^\s:#]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]|$)/;
/** Anything that may be an alias (`*name`): an item could refer to an anchor outside its own text. */
const ALIAS = /(?:^|[\s,[{])\*[^\s,[\]{}]/m;
/** Document markers and directives: more than one document, or YAML 1.1 rules, need the parser. */
const MARKERS = /^(?:---|\.\.\.)(?:[ \t]|$)|^%/m;

/**
 * Cuts a ResourceList in kustomize's and kpt's block layout into the list without its items (`header`,
 * for the parser) and each item's text, de-indented into a document of its own. Undefined wherever the
 * text strays from that layout in a way that would make the cut uncertain; the caller then parses it all.
 */
function splitItems(text: string): { header: string; items: string[] } | undefined {
  if (text.includes('\r') || MARKERS.test(text) || (text.includes('*') && ALIAS.test(text))) return undefined;
  const key = /^items[ \t]*:[ \t]*(?:#.*)?$/m.exec(text);
  if (!key) return undefined;
  const items: string[][] = [];
  let current: string[] | undefined;
  let itemIndent = 0;
  let seqIndent: number | undefined;
  let end = text.length;
  for (let pos = key.index + key[0].length + 1; pos < text.length;) {
    const eol = text.indexOf('\n', pos);
    const line = text.slice(pos, eol < 0 ? text.length : eol);
    // Spaces only: a tab is never YAML indentation, and inside a block scalar it is content.
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    const rest = line.slice(indent);
    if (rest === '') {
      // Spaces past the item's indentation are content of a block scalar; keep them.
      current?.push(line.slice(itemIndent));
    } else if (indent === 0 && !rest.startsWith('-') && !rest.startsWith('#')) {
      // The next top-level key ends the items.
      if (!KEY_LINE.test(line)) return undefined;
      end = pos;
      break;
    } else if ((seqIndent === undefined || indent === seqIndent) && (rest === '-' || rest.startsWith('- '))) {
      seqIndent = indent;
      let bodyAt = 1;
      while (rest.charCodeAt(bodyAt) === 32) bodyAt++;
      const body = rest.slice(bodyAt);
      // Only a block mapping, perhaps after a head comment (`- # Copyright`), is cut out; `- - x`,
      // `- {…}`, `- !tag`, `- &anchor`, `- |` and an item starting on the next line take the general path.
      if (!body.startsWith('#') && !KEY_LINE.test(body)) return undefined;
      itemIndent = indent + rest.length - body.length;
      current = [body];
      items.push(current);
    } else if (current && indent >= itemIndent) {
      current.push(line.slice(itemIndent));
    } else if (current && rest.startsWith('#')) {
      // A comment left of the item's indentation still belongs to the list, not to the next key.
      current.push(rest);
    } else {
      return undefined;
    }
    pos = eol < 0 ? text.length : eol + 1;
  }
  const header = `${text.slice(0, key.index)}items: []\n${text.slice(end)}`;
  return { header, items: items.map((lines) => `${lines.join('\n')}\n`) };
}
