/**
 * The file a KRM ResourceList item was read from, as kpt and kustomize annotate it. Below sources and
 * sinks: the fn sink names it in results, and no sink may import a source.
 */
import type { Resource } from './resource.js';

/** Where a ResourceList item came from, from the annotations kpt and kustomize put on it. */
export function itemFile(resource: Resource): { path: string; index?: number } | undefined {
  const filePath = resource.annotation('internal.config.kubernetes.io/path') ?? resource.annotation('config.kubernetes.io/path');
  if (!filePath) return undefined;
  const rawIndex = resource.annotation('internal.config.kubernetes.io/index') ?? resource.annotation('config.kubernetes.io/index');
  const index = rawIndex !== undefined && /^\d+$/.test(rawIndex) ? Number(rawIndex) : undefined;
  return index === undefined ? { path: filePath } : { path: filePath, index };
}
