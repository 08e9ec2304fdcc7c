/**
 * The KRM function source: a `ResourceList` read from stdin (kustomize exec transformers, kpt).
 * Items become Resources built from the parsed objects, so nothing about them (annotations
 * included) is touched unless a step changes it.
 */
import { KustodianError } from '../errors.js';
import { Resource, type KubeObject } from '../manifests/resource.js';
import { isSelfContained, parseYamlDocument, type YamlNode } from '../manifests/yaml.js';
import { isSeq } from 'yaml';

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

/** Parses a ResourceList (YAML or JSON). A missing `items` is an empty list; the empty-render step refuses it. */
export function readResourceList(text: string): ResourceListInput {
  if (text.trim() === '') {
    throw new KustodianError('INPUT_INVALID', 'stdin is empty; kustodian fn expects a ResourceList (config.kubernetes.io/v1) on stdin');
  }
  let parsed: unknown;
  let itemNodes: readonly unknown[] = [];
  try {
    const { value, doc } = parseYamlDocument(text);
    parsed = value;
    const items = doc.get('items', true);
    if (isSeq(items)) itemNodes = items.items;
  } catch (error) {
    throw new KustodianError('INPUT_INVALID', `stdin is not a YAML ResourceList: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const list = parsed as { apiVersion?: unknown; kind?: unknown; items?: unknown; functionConfig?: unknown } | null;
  if (list === null || typeof list !== 'object' || Array.isArray(list) || list.kind !== 'ResourceList') {
    throw new KustodianError('INPUT_INVALID', 'stdin is not a ResourceList (kind: ResourceList, apiVersion: config.kubernetes.io/v1)');
  }
  const apiVersion = String(list.apiVersion ?? '');
  if (!(RESOURCE_LIST_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new KustodianError('INPUT_INVALID', `ResourceList apiVersion ${JSON.stringify(apiVersion)} is not supported; use ${RESOURCE_LIST_VERSIONS.join(' or ')}`);
  }
  const items = list.items ?? [];
  if (!Array.isArray(items)) throw new KustodianError('INPUT_INVALID', 'ResourceList items must be a list');
  const resources = items.map((item, i) => Resource.fromObject(item as KubeObject, i));
  const nodes = new Map<Resource, YamlNode>();
  resources.forEach((resource, i) => {
    const node = itemNodes[i];
    if (isSelfContained(node)) nodes.set(resource, node as YamlNode);
  });
  return { apiVersion, resources, nodes, functionConfig: list.functionConfig };
}
