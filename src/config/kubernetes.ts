/**
 * The destination cluster as a config layer: `kubernetes.version` and `kubernetes.apiVersions` from
 * Argo CD's KUBE_VERSION and KUBE_API_VERSIONS (which the repo-server sets, unprefixed, for every
 * plugin call from the destination cluster: `1.30.2`, and a comma-joined list of `group/version` and
 * `group/version/Kind` entries) and from the --kube-version and --api-versions flags. They are not
 * parameters: Argo CD already knows the destination, so plugin.yaml announces nothing for them.
 * Precedence: kustodian.yaml < KUBE_* < flags.
 */
import { describeValue } from '../util/untrusted.js';

/** The flag names (as `flags` carries them) that set the destination. */
export const KUBERNETES_FLAGS = { version: 'kube-version', apiVersions: 'api-versions' } as const;

/** The env vars Argo CD sets. */
export const KUBERNETES_ENV = { version: 'KUBE_VERSION', apiVersions: 'KUBE_API_VERSIONS' } as const;

function list(raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw.map(String) : [String(raw)];
  return items
    .flatMap((item) => item.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The config fragment for a version and an API list, each possibly absent; undefined when neither is
 * given. An empty KUBE_VERSION means "unknown" (Argo CD could not ask the cluster) and sets nothing.
 */
export function kubernetesFragment(
  version: unknown,
  apiVersions: unknown,
): { kubernetes: { version?: string; apiVersions?: string[] } } | undefined {
  const kubernetes: { version?: string; apiVersions?: string[] } = {};
  // Something other than a scalar is kept as its description, so that the schema refuses it by name.
  const versionText = describeValue(version, '').trim();
  if (versionText !== '') kubernetes.version = versionText;
  if (apiVersions !== undefined) {
    const entries = list(apiVersions);
    if (entries.length) kubernetes.apiVersions = entries;
  }
  return Object.keys(kubernetes).length ? { kubernetes } : undefined;
}

/** Splits the destination flags off the parameter flags. */
export function splitKubernetesFlags(flags: Record<string, unknown> | undefined): {
  rest: Record<string, unknown>;
  version?: unknown;
  apiVersions?: unknown;
} {
  const { [KUBERNETES_FLAGS.version]: version, [KUBERNETES_FLAGS.apiVersions]: apiVersions, ...rest } = flags ?? {};
  return { rest, version, apiVersions };
}
