/**
 * The KRM function sink: the ResourceList written to stdout, with `items` and KRM `results`
 * (kpt-functions-sdk `Result`: severity, message, resourceRef, field.path, file, tags).
 */
import type { Finding } from '../findings/finding.js';
import type { KustodianError } from '../util/errors.js';
import type { Resource } from '../manifests/resource.js';
import { stringifyYaml, type YamlNode } from '../manifests/yaml.js';
import { itemFile } from '../manifests/item-file.js';
import { ResourceIndex } from '../manifests/resource-index.js';

/** A KRM function result, as the spec (and kpt) reads it. */
export interface KrmResult {
  message: string;
  severity: Finding['severity'];
  resourceRef?: { apiVersion: string; kind: string; name: string; namespace?: string };
  field?: { path: string };
  file?: { path: string; index?: number };
  tags: Record<string, string>;
}

/**
 * Turns findings into results. The file comes from the item's path/index annotations, looked up by
 * the finding's resourceRef; `defaultNamespace` is the one the steps used to fill in refs.
 */
export function toResults(findings: readonly Finding[], resources: readonly Resource[], defaultNamespace: string | undefined): KrmResult[] {
  const index = new ResourceIndex(() => resources, defaultNamespace);
  return findings.map((f) => {
    const result: KrmResult = { message: f.message, severity: f.severity, tags: { code: f.code } };
    if (f.step) result.tags.step = f.step;
    if (f.resourceRef) {
      result.resourceRef = { ...f.resourceRef };
      const item = index.byRef(f.resourceRef);
      const file = item ? itemFile(item) : undefined;
      if (file) result.file = file;
    }
    if (f.field) result.field = { path: f.field.path };
    if (!result.file && f.file) result.file = { path: f.file.path, ...(f.file.index === undefined ? {} : { index: f.file.index }) };
    return result;
  });
}

/**
 * The output ResourceList. An item no step changed goes out as it came: as its own text when the source
 * cut it out of the input (byte for byte), else as its parsed node, so comments, key order and scalar
 * styles survive (`kpt fn render` writes the items back into the user's files); a changed one is
 * serialised from its object.
 */
export function writeResourceList(
  apiVersion: string,
  resources: readonly Resource[],
  results: readonly KrmResult[],
  nodes: ReadonlyMap<Resource, YamlNode> = new Map(),
): string {
  if (resources.some((r) => r.text !== undefined)) {
    // Text in, text out: never one YAML document of every item, which costs tens of times the input.
    const parts = [stringifyYaml({ apiVersion, kind: 'ResourceList' }), resources.length ? 'items:\n' : 'items: []\n'];
    for (const r of resources)
      parts.push(asItem(r.isChanged ? stringifyYaml(r.object) : (r.text ?? stringifyYaml(nodes.get(r) ?? r.object))));
    if (results.length) parts.push(stringifyYaml({ results }));
    return parts.join('');
  }
  const items = resources.map((r) => (r.isChanged ? undefined : nodes.get(r)) ?? r.object);
  const list: Record<string, unknown> = { apiVersion, kind: 'ResourceList', items };
  if (results.length) list.results = results;
  return stringifyYaml(list);
}

/** A document as an entry of `items:`, written as kyaml writes it: `- ` at the key's indentation. */
function asItem(doc: string): string {
  const lines = doc.replace(/\n$/, '').split('\n');
  return `${lines.map((line, i) => (i === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`)).join('\n')}\n`;
}

/**
 * The ResourceList of a run that failed before it could say anything about the items (bad input, bad
 * functionConfig): the KRM spec wants a ResourceList on stdout whatever happened, and kpt shows its
 * results. No items, so nothing of the input is echoed; one error result with the failure code.
 */
export function failureResourceList(error: KustodianError): string {
  const result: KrmResult = { message: `${error.code}: ${error.message}`, severity: 'error', tags: { code: error.code } };
  return stringifyYaml({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [], results: [result] });
}
