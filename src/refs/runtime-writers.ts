/**
 * The run-time-writer heuristics: Secrets and ConfigMaps a container's own spec says it writes
 * (certificate generators, `kubectl create secret` scripts, `…_SECRET_NAME` env vars). Kept apart
 * from the producer table (producers.ts) because it reads containers, not objects, and because each
 * pattern here is a guess that hides a missing object: they deserve to be read together.
 */
import { type ContainerVisit } from '../manifests/pod-template-walker.js';
import { isRecord } from '../manifests/field-path.js';
import type { RefObjectKind } from './references.js';

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** An object a container's spec says it writes. */
export interface RuntimeWrite {
  kind: RefObjectKind;
  name: string;
  namespace?: string;
  /** The evidence: `--secret-name`, `kubectl create secret`, `env SECRET_NAME`. */
  how: string;
}

const NAME_FLAG = /^--?([A-Za-z0-9_-]*?(secret|config-?map)[-_]?name)(?:=(.*))?$/i;
const KUBECTL_CREATE = /\bkubectl\s+(?:\S+\s+)*?create\s+(secret\s+(?:generic|tls|docker-registry)|configmap)\s+([a-z0-9][a-z0-9.-]*)/g;
const NAME_ENV = /(?:^|_)(SECRET|CONFIGMAP|CONFIG_MAP)_NAME$/i;
const NAMESPACE_FLAG = /^(?:--namespace|-n)(?:=(.*))?$/;
const literal = (value: string | undefined): string | undefined =>
  value && !value.includes('$(') && /^[a-z0-9][a-z0-9.-]*$/.test(value) ? value : undefined;

/**
 * Secrets and ConfigMaps a Job or init container names as its output: certificate generators such
 * as ingress-nginx's kube-webhook-certgen (`--secret-name=…`), `kubectl create secret …` scripts,
 * and `…_SECRET_NAME` env vars. A name built from `$(VAR)` cannot be known and is ignored.
 */
export function runtimeWrites(visit: ContainerVisit): RuntimeWrite[] {
  const c = visit.container;
  const tokens = [...list(c.command), ...list(c.args)].filter((t): t is string => typeof t === 'string');
  const out: RuntimeWrite[] = [];
  let namespace: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const ns = NAMESPACE_FLAG.exec(tokens[i]!);
    if (ns) namespace = literal(ns[1] ?? tokens[i + 1]) ?? namespace;
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const flag = NAME_FLAG.exec(token);
    if (flag) {
      const name = literal(flag[3] ?? tokens[i + 1]);
      if (name) out.push({ kind: /secret/i.test(flag[2]!) ? 'Secret' : 'ConfigMap', name, namespace, how: `--${flag[1]}` });
    }
    for (const m of token.matchAll(KUBECTL_CREATE)) {
      const kind: RefObjectKind = m[1]!.startsWith('secret') ? 'Secret' : 'ConfigMap';
      out.push({ kind, name: m[2]!, namespace, how: `kubectl create ${kind === 'Secret' ? 'secret' : 'configmap'}` });
    }
  }
  for (const e of list(c.env)) {
    if (!isRecord(e) || typeof e.name !== 'string') continue;
    const m = NAME_ENV.exec(e.name);
    const name = literal(typeof e.value === 'string' ? e.value : undefined);
    if (m && name) out.push({ kind: /secret/i.test(m[1]!) ? 'Secret' : 'ConfigMap', name, namespace, how: `env ${e.name}` });
  }
  return out;
}
