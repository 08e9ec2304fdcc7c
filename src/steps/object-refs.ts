/**
 * The checking half shared by secret-refs and configmap-refs: resolve every reference from
 * src/manifests/references.ts against the providers in src/manifests/providers.ts, then against
 * external declarations and run-time creators, and say precisely what is missing.
 * The references and the provider index are built once per run (per context) and shared by both steps.
 */
import { globToRegExp } from '../glob.js';
import { objectReferences, type ObjectReference, type RefObjectKind, type RequiredKey } from '../manifests/references.js';
import { buildProviderIndex, type Provider, type ProviderIndex } from '../manifests/providers.js';
import type { Finding, Severity } from '../findings.js';
import { defineStep, type Step, type StepContext } from './types.js';
import { skipsCheck, splitList } from './skip-checks.js';

/** Workload annotations naming objects created outside the render (any key). */
export const EXTERNAL_ANNOTATIONS: Readonly<Record<RefObjectKind, string>> = {
  Secret: 'kustodian.dev/external-secrets',
  ConfigMap: 'kustodian.dev/external-configmaps',
};

interface Shared {
  references: ObjectReference[];
  index: ProviderIndex;
}

/** One walk and one index per run (keyed by its context), whichever of the two steps runs first builds them. */
const perRun = new WeakMap<StepContext, Shared>();

function shared(ctx: StepContext): Shared {
  let s = perRun.get(ctx);
  if (!s) {
    s = {
      references: [...objectReferences(ctx.walker, ctx.resources)],
      index: buildProviderIndex(ctx.resources, ctx.walker, ctx.defaultNamespace),
    };
    perRun.set(ctx, s);
  }
  return s;
}

/** Every code either reference step can report. */
type RefCode = 'SECRET_NOT_FOUND' | 'SECRET_KEY_MISSING' | 'IMAGE_PULL_SECRET_NOT_FOUND' | 'CONFIGMAP_NOT_FOUND' | 'CONFIGMAP_KEY_MISSING' | 'CONFIGMAP_BINARY_KEY_IN_ENV' | 'RUNTIME_OBJECT';

/** Codes per kind; each step's `codes` (README.md, SARIF rules) documents them. */
const CODES: Record<RefObjectKind, { notFound: RefCode; keyMissing: RefCode }> = {
  Secret: { notFound: 'SECRET_NOT_FOUND', keyMissing: 'SECRET_KEY_MISSING' },
  ConfigMap: { notFound: 'CONFIGMAP_NOT_FOUND', keyMissing: 'CONFIGMAP_KEY_MISSING' },
};

/** The step for one kind; `extra` adds kind-specific checks that are not about references. */
export function objectRefsStep(options: {
  id: string;
  kind: RefObjectKind;
  configKey: 'secretRefs' | 'configMapRefs';
  summary: string;
  /** Help per code this kind's checks report (the compiler holds the checks to RefCode). */
  codes: Readonly<Partial<Record<RefCode, string>>>;
}): Step {
  return defineStep<RefCode>({
    id: options.id,
    kind: 'validate',
    summary: options.summary,
    codes: options.codes as Readonly<Record<RefCode, string>>,
    run(ctx, report) {
      if (ctx.config.checks[options.configKey] === 'off') return;
      const { references, index } = shared(ctx);
      const checker = new Checker(ctx, index);
      for (const ref of references) {
        if (ref.kind !== options.kind || ref.optional || skipsCheck(ref.resource, options.id)) continue;
        for (const f of checker.check(ref)) report.report(f.severity, f.code, ref.resource, f.path, f.message, f.related ? { related: f.related } : undefined);
      }
    },
  });
}

/** A finding about the reference's workload, before the reporter fills in the resource and step. */
interface Pending {
  severity: Severity;
  code: RefCode;
  path: ObjectReference['path'];
  message: string;
  related?: NonNullable<Finding['related']>;
}

class Checker {
  readonly #missingSeverity: Severity;
  readonly #external: { kind: RefObjectKind; name: RegExp; namespace?: RegExp; keys?: string[]; entry: string }[];

  constructor(
    readonly ctx: StepContext,
    readonly index: ProviderIndex,
  ) {
    this.#missingSeverity = ctx.config.checks.missingObjects;
    this.#external = (ctx.config.secrets?.external ?? []).map((e) => ({
      kind: e.kind ?? 'Secret',
      name: globToRegExp(e.name),
      namespace: e.namespace === undefined ? undefined : globToRegExp(e.namespace),
      keys: e.keys,
      entry: flowEntry(e),
    }));
  }

  check(ref: ObjectReference): Pending[] {
    const namespace = ref.resource.namespace ?? this.ctx.defaultNamespace;
    // namespace undefined (no workload, --namespace or kustomization namespace): find resolves by name across namespaces.
    const providers = this.index.find(ref.kind, namespace, ref.name);
    const applied = providers.filter((p) => !p.runtime);
    const runtime = providers.filter((p) => p.runtime);
    if (applied.length) {
      const findings = this.#checkKeys(ref, applied);
      // A placeholder in the render (often an empty Secret) that a Job or init container fills at run
      // time: its written keys are not the keys it will have, so a missing key is only worth an info,
      // the same as for an object created at run time.
      if (!runtime.length || !findings.length) return findings;
      return [
        this.#finding(ref, 'info', 'RUNTIME_OBJECT', ref.path,
          `${ref.where} needs key ${ref.keys.map((k) => JSON.stringify(k.key)).join(', ')} of ${ref.kind} ${JSON.stringify(ref.name)}, which ${applied.map((p) => p.source).join(', ')} does not have yet: it is written at run time by ${runtime.map((p) => p.source).join('; ')}; only its name is checked`),
      ];
    }

    const annotated = splitList(ref.resource.annotation(EXTERNAL_ANNOTATIONS[ref.kind])).some((g) => globToRegExp(g).test(ref.name));
    if (annotated) return [];
    const declared = this.#external.find((e) => e.kind === ref.kind && e.name.test(ref.name) && (!e.namespace || e.namespace.test(namespace ?? '')));
    if (declared) {
      if (!declared.keys) return [];
      const has = new Set(declared.keys);
      return ref.keys
        .filter((k) => !has.has(k.key))
        .map((k) =>
          this.#finding(ref, 'error', CODES[ref.kind].keyMissing, k.path,
            `${ref.where} needs key ${JSON.stringify(k.key)} of ${ref.kind} ${JSON.stringify(ref.name)}, which secrets.external declares with keys ${keyList(has)} (entry ${declared.entry}); add the key there if the ${ref.kind} has it`),
        );
    }

    if (runtime.length) {
      return [
        this.#finding(ref, 'info', 'RUNTIME_OBJECT', ref.path,
          `${ref.where} references ${ref.kind} ${JSON.stringify(ref.name)}, which no manifest defines: it is created or written at run time by ${runtime.map((p) => p.source).join('; ')}; only its name is checked`),
      ];
    }

    const elsewhere = this.index.namespacesOf(ref.kind, ref.name);
    const hashed = this.index.hashedVariants(ref.kind, namespace, ref.name);
    const hint =
      (elsewhere.length ? ` (one exists in namespace ${elsewhere.join(', ')}, but references resolve only in the pod's own namespace)` : '') +
      (hashed.length ? ` (the render has generated ${hashed.join(', ')}: kustomize did not rewrite this field; for a custom kind, add a nameReference under the kustomization's configurations:)` : '');
    const entry = flowEntry({ name: ref.name, namespace, keys: ref.keys.length ? ref.keys.map((k) => k.key) : undefined, kind: ref.kind === 'Secret' ? undefined : ref.kind });
    const declare = `if it is created outside git, declare it in kustodian.yaml under secrets.external: - ${entry}`;
    const inNs = namespace ? ` in namespace ${namespace}` : '';
    if (ref.site === 'imagePullSecrets') {
      return [
        this.#finding(ref, 'warning', 'IMAGE_PULL_SECRET_NOT_FOUND', ref.path,
          `imagePullSecrets names Secret ${JSON.stringify(ref.name)}, which nothing in the render provides${inNs}${hint}; the kubelet pulls without it and only records a FailedToRetrieveImagePullSecret event; ${declare}`),
      ];
    }
    return [
      this.#finding(ref, this.#missingSeverity, CODES[ref.kind].notFound, ref.path,
        `${ref.where} references ${ref.kind} ${JSON.stringify(ref.name)}${ref.keys.length ? ` (key ${ref.keys.map((k) => JSON.stringify(k.key)).join(', ')})` : ''}, which nothing in the render provides${inNs}${hint}; ${declare}`),
    ];
  }

  #checkKeys(ref: ObjectReference, providers: Provider[]): Pending[] {
    if (!ref.keys.length || providers.some((p) => p.keys === undefined)) return [];
    const keys = new Set(providers.flatMap((p) => [...(p.keys ?? [])]));
    const binary = new Set(providers.flatMap((p) => [...(p.binaryKeys ?? [])]));
    const from = providers.map((p) => p.source).join(', ');
    const related = providers.flatMap((p) => (p.resource ? [{ resourceRef: p.resource.ref(this.ctx.defaultNamespace) }] : []));
    const withRelated = (f: Pending): Pending => (related.length ? { ...f, related } : f);
    const out: Pending[] = [];
    for (const k of ref.keys) {
      if (!keys.has(k.key)) {
        out.push(withRelated(this.#finding(ref, 'error', CODES[ref.kind].keyMissing, k.path,
          `${ref.where} needs key ${JSON.stringify(k.key)} of ${ref.kind} ${JSON.stringify(ref.name)}, which has ${keys.size ? `keys ${keyList([...keys].map((x) => (binary.has(x) ? `${x} (binaryData)` : x)))}` : 'no keys'} (from ${from})`)));
      } else if (ref.site === 'env' && binary.has(k.key) && !this.#isDataKey(providers, k)) {
        const data = [...keys].filter((x) => !binary.has(x));
        out.push(withRelated(this.#finding(ref, 'error', 'CONFIGMAP_BINARY_KEY_IN_ENV', k.path,
          `${ref.where} reads key ${JSON.stringify(k.key)} of ConfigMap ${JSON.stringify(ref.name)}, but it is a binaryData key, which Kubernetes never puts into env vars; data keys: ${data.length ? keyList(data) : 'none'} (from ${from})`)));
      }
    }
    return out;
  }

  /** A key can be in both data and binaryData only across two providers; data wins for env. */
  #isDataKey(providers: Provider[], k: RequiredKey): boolean {
    return providers.some((p) => p.keys?.has(k.key) && !p.binaryKeys?.has(k.key));
  }

  #finding(_ref: ObjectReference, severity: Severity, code: RefCode, path: ObjectReference['path'], message: string): Pending {
    return { severity, code, path, message };
  }
}

/** `a, b, c`: key names only, never values, sorted for stable output. */
function keyList(keys: Iterable<string>): string {
  return [...keys].sort().join(', ');
}

/** The `secrets.external` entry that would declare an object, as one line of YAML flow syntax. */
function flowEntry(e: { name: string; namespace?: string; keys?: string[]; kind?: string }): string {
  const scalar = (s: string) => (/^[A-Za-z0-9][A-Za-z0-9._\/-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~|[-+.\d][\d.eE+-]*)$/i.test(s) ? s : JSON.stringify(s));
  const parts = [`name: ${scalar(e.name)}`];
  if (e.namespace) parts.push(`namespace: ${scalar(e.namespace)}`);
  if (e.kind && e.kind !== 'Secret') parts.push(`kind: ${e.kind}`);
  if (e.keys) parts.push(`keys: [${e.keys.map(scalar).join(', ')}]`);
  return `{${parts.join(', ')}}`;
}
