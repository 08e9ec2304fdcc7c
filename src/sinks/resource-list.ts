/**
 * The KRM function sink: the ResourceList written to stdout, with `items` and KRM `results`
 * (kpt-functions-sdk `Result`: severity, message, resourceRef, field.path, file, tags).
 */
import type { Finding } from '../findings.js';
import type { KustodianError } from '../errors.js';
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
 * The output ResourceList. An item no step changed goes out as its parsed node, so comments, key
 * order and scalar styles survive (`kpt fn render` writes the items back into the user's files);
 * a changed one is serialised from its object.
 */
export function writeResourceList(
  apiVersion: string,
  resources: readonly Resource[],
  results: readonly KrmResult[],
  nodes: ReadonlyMap<Resource, YamlNode> = new Map(),
): string {
  const items = resources.map((r) => (r.isChanged ? undefined : nodes.get(r)) ?? r.object);
  const list: Record<string, unknown> = { apiVersion, kind: 'ResourceList', items };
  if (results.length) list.results = results;
  return stringifyYaml(list);
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
