/**
 * Kubernetes' removed and deprecated apiVersions, from the generated table (pluto's entries for
 * Kubernetes itself, plus removals the bundled specs show). It applies to any target version, bundled
 * schemas or not.
 */
import { deprecations, type Deprecation } from '../generated/kubernetes-api/deprecations.js';
import { minorNumber } from './target.js';

const byKey = new Map(deprecations.map((d) => [`${d.apiVersion}/${d.kind}`, d]));

/** What the table says about `apiVersion`/`kind` at `minor`. */
export type ApiStatus = { state: 'removed'; entry: Deprecation } | { state: 'deprecated'; entry: Deprecation } | { state: 'current' };

/** Whether `kind` in `apiVersion` is removed or deprecated in `minor` (e.g. "1.29"). */
export function apiStatus(apiVersion: string, kind: string, minor: string): ApiStatus {
  const entry = byKey.get(`${apiVersion}/${kind}`);
  if (!entry) return { state: 'current' };
  const at = minorNumber(minor);
  if (entry.removedIn && minorNumber(entry.removedIn) <= at) return { state: 'removed', entry };
  if (entry.deprecatedIn && minorNumber(entry.deprecatedIn) <= at) return { state: 'deprecated', entry };
  return { state: 'current' };
}

export type { Deprecation };
