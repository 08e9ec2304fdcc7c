/**
 * The checking half shared by secret-refs and configmap-refs: resolve every reference from
 * src/refs/references.ts against the providers in src/refs/providers.ts, then against
 * external declarations and run-time creators, and say precisely what is missing.
 * The references, the provider index and the RBAC evidence come from the context (`ctx.refs`), built
 * once per run and shared by both steps. A missing object is one finding per workload, listing every place that needs it.
 */
import { globToRegExp } from '../util/glob.js';
import type { ObjectReference, RefObjectKind, RequiredKey } from '../refs/references.js';
import type { Provider, ProviderIndex } from '../refs/providers.js';
import { refKey, type Finding, type Severity } from '../findings/finding.js';
import type { FieldPath } from '../manifests/field-path.js';
import type { Creator, RbacEvidence, RuntimeEvidence } from '../refs/rbac.js';
import { findDefinitions, type Definition } from '../repo/definitions.js';
import type { Resource } from '../manifests/resource.js';
import { defineStep, type Step, type StepContext } from './step.js';
import { skipsCheck, splitList } from './skip-checks.js';

/** Workload annotations naming objects created outside the render (any key). */
export const EXTERNAL_ANNOTATIONS: Readonly<Record<RefObjectKind, string>> = {
  Secret: 'kustodian.dev/external-secrets',
  ConfigMap: 'kustodian.dev/external-configmaps',
};

/** Every code either reference step can report. */
type RefCode =
  | 'SECRET_NOT_FOUND'
  | 'SECRET_KEY_MISSING'
  | 'IMAGE_PULL_SECRET_NOT_FOUND'
  | 'CONFIGMAP_NOT_FOUND'
  | 'CONFIGMAP_KEY_MISSING'
  | 'CONFIGMAP_BINARY_KEY_IN_ENV'
  | 'RUNTIME_OBJECT'
  | 'POSSIBLE_RUNTIME_OBJECT'
  | 'CONFIG_DEPRECATED';

/** Codes per kind; each step's `codes` (docs/steps.md, SARIF rules) documents them. */
const CODES: Record<RefObjectKind, { notFound: RefCode; keyMissing: RefCode }> = {
  Secret: { notFound: 'SECRET_NOT_FOUND', keyMissing: 'SECRET_KEY_MISSING' },
  ConfigMap: { notFound: 'CONFIGMAP_NOT_FOUND', keyMissing: 'CONFIGMAP_KEY_MISSING' },
};

/** How many candidate creators a message names before "and N more". */
const MAX_NAMED = 4;

/** The step for one kind. */
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
    async run(ctx, report) {
      if (ctx.config.checks[options.configKey] === 'off') return;
      const checker = new Checker(ctx, ctx.refs.providers, ctx.refs.rbac);
      for (const ref of ctx.refs.references) {
        if (ref.kind !== options.kind || ref.optional || skipsCheck(ref.resource, options.id)) continue;
        checker.check(ref);
      }
      for (const f of await checker.finish())
        report.report(f.severity, f.code, f.resource, f.path, f.message, f.related ? { related: f.related } : undefined);
      if (options.kind === 'Secret') {
        const deprecated = deprecatedExternal(ctx);
        if (deprecated) report.warning('CONFIG_DEPRECATED', undefined, undefined, deprecated);
      }
    },
  });
}

/** The warning that keeps `secrets.external` working while it points at `external:`. */
function deprecatedExternal(ctx: StepContext): string | undefined {
  const entries = ctx.config.secrets?.external ?? [];
  if (!entries.length) return undefined;
  return `kustodian.yaml: secrets.external is deprecated (its ${entries.length} ${entries.length === 1 ? 'entry still counts' : 'entries still count'}); move ${entries.length === 1 ? 'it' : 'them'} to the top-level external: list, which names the kind of each object, e.g. external: - ${flowEntry({ ...entries[0]!, kind: entries[0]!.kind ?? 'Secret' })}`;
}

/** A finding about a workload, before the reporter fills in the resource ref and step. */
interface WorkloadFindingDraft {
  severity: Severity;
  code: RefCode;
  resource: Resource;
  path: FieldPath;
  message: string;
  related?: NonNullable<Finding['related']>;
}

/** References of one workload to one object that the render lacks, reported as one finding. */
interface MissingGroup {
  refs: ObjectReference[];
  namespace: string | undefined;
  /** Run-time creators from the provider index (Jobs, init containers, operators). */
  runtime: Provider[];
}

interface ExternalEntry {
  kind: RefObjectKind;
  name: RegExp;
  namespace?: RegExp;
  keys?: string[];
  entry: string;
  /** `external` or `secrets.external`, for messages. */
  list: string;
}

class Checker {
  readonly #missingSeverity: Severity;
  readonly #possibleSeverity: Severity;
  readonly #external: ExternalEntry[];
  readonly #findings: WorkloadFindingDraft[] = [];
  readonly #missing = new Map<string, MissingGroup>();

  constructor(
    readonly ctx: StepContext,
    readonly index: ProviderIndex,
    readonly rbac: RbacEvidence,
  ) {
    this.#missingSeverity = ctx.config.checks.missingObjects;
    this.#possibleSeverity = ctx.config.checks.possibleRuntimeObjects;
    const entry = (e: { kind?: RefObjectKind; name: string; namespace?: string; keys?: string[] }, list: string): ExternalEntry => ({
      kind: e.kind ?? 'Secret',
      name: globToRegExp(e.name),
      namespace: e.namespace === undefined ? undefined : globToRegExp(e.namespace),
      keys: e.keys,
      entry: flowEntry({ ...e, kind: e.kind ?? 'Secret' }),
      list,
    });
    this.#external = [
      ...(ctx.config.external ?? []).map((e) => entry(e, 'external')),
      ...(ctx.config.secrets?.external ?? []).map((e) => entry(e, 'secrets.external')),
    ];
  }

  check(ref: ObjectReference): void {
    const namespace = ref.resource.namespace ?? this.ctx.defaultNamespace;
    // namespace undefined (no workload, --namespace or kustomization namespace): find resolves by name across namespaces.
    const providers = this.index.find(ref.kind, namespace, ref.name);
    const applied = providers.filter((p) => !p.runtime);
    const runtime = providers.filter((p) => p.runtime);
    if (applied.length) {
      const findings = this.#checkKeys(ref, applied);
      // A placeholder in the render (often an empty Secret) that a Job or init container fills at run
      // time: its written keys are not the keys it will have, so a missing key is only worth an info,
      // the same as for an object created at run time. RBAC evidence never counts here: a key
      // missing from an object that is in git stays an error.
      if (!runtime.length || !findings.length) {
        this.#findings.push(...findings);
        return;
      }
      this.#findings.push(
        this.#finding(
          ref,
          'info',
          'RUNTIME_OBJECT',
          ref.path,
          `${ref.where} needs key ${ref.keys.map((k) => JSON.stringify(k.key)).join(', ')} of ${ref.kind} ${JSON.stringify(ref.name)}, which ${applied.map((p) => p.source).join(', ')} does not have yet: it is written at run time by ${runtime.map((p) => p.source).join('; ')}; only its name is checked`,
        ),
      );
      return;
    }

    const annotated = splitList(ref.resource.annotation(EXTERNAL_ANNOTATIONS[ref.kind])).some((g) => globToRegExp(g).test(ref.name));
    if (annotated) return;
    const declared = this.#external.find(
      (e) => e.kind === ref.kind && e.name.test(ref.name) && (!e.namespace || e.namespace.test(namespace ?? '')),
    );
    if (declared) {
      if (!declared.keys) return;
      const has = new Set(declared.keys);
      for (const k of ref.keys) {
        if (has.has(k.key)) continue;
        this.#findings.push(
          this.#finding(
            ref,
            keySeverity(ref),
            CODES[ref.kind].keyMissing,
            k.path,
            `${ref.where} needs key ${JSON.stringify(k.key)} of ${ref.kind} ${JSON.stringify(ref.name)}, which ${declared.list} declares with keys ${keyList(has)} (entry ${declared.entry})${deadVolumeNote(ref)}; add the key there if the ${ref.kind} has it`,
          ),
        );
      }
      return;
    }

    const key = [refKey(ref.resource.ref(this.ctx.defaultNamespace)), ref.kind, ref.name, ref.site === 'imagePullSecrets'].join('\u0000');
    const group = this.#missing.get(key);
    if (group) group.refs.push(ref);
    else this.#missing.set(key, { refs: [ref], namespace, runtime });
  }

  /** The findings: key findings as they came, then one per workload and missing object. */
  async finish(): Promise<WorkloadFindingDraft[]> {
    const groups = [...this.#missing.values()];
    const plain: {
      group: MissingGroup;
      similar: { name: string; namespace: string | undefined }[];
      excluded: RuntimeEvidence['excluded'];
    }[] = [];
    for (const group of groups) {
      const first = group.refs[0]!;
      if (group.runtime.length) {
        this.#findings.push(
          this.#finding(
            first,
            'info',
            'RUNTIME_OBJECT',
            first.path,
            `${this.#subject(group)} ${first.kind} ${JSON.stringify(first.name)}, which no manifest defines: it is created or written at run time by ${group.runtime.map((p) => p.source).join('; ')}; only its name is checked`,
          ),
        );
        continue;
      }
      const evidence = this.rbac.find(first.kind, group.namespace, first.name);
      if (evidence.strong.length) {
        const by = evidence.strong.map((c) => `${creatorText(c)}: ${c.evidence}`).join('; ');
        this.#findings.push(
          this.#finding(
            first,
            'info',
            'RUNTIME_OBJECT',
            first.path,
            `${this.#subject(group)} ${first.kind} ${JSON.stringify(first.name)}, which no manifest defines: it is created at run time by ${by}; only its name is checked`,
          ),
        );
        continue;
      }
      const owners = this.ctx.refs.operators.find(group.namespace, first.name);
      if (evidence.weak.length || owners.length) {
        this.#findings.push(this.#possible(group, evidence, owners));
        continue;
      }
      plain.push({ group, similar: this.index.similar(first.kind, group.namespace, first.name), excluded: evidence.excluded });
    }
    // Only objects the render has under no name at all are looked for in the repository.
    const wanted = plain.filter((p) => !p.similar.length).map((p) => ({ kind: p.group.refs[0]!.kind, name: p.group.refs[0]!.name }));
    const root = this.ctx.repoRoot;
    const definitions = root && wanted.length ? await findDefinitions(root, wanted) : [];
    for (const { group, similar, excluded } of plain) this.#findings.push(this.#notFound(group, similar, definitions, excluded));
    return this.#findings;
  }

  /** `container "api" env A, volume "b" (mounted by api) reference`: every place that needs the object. */
  #subject(group: MissingGroup): string {
    const wheres = [...new Set(group.refs.map((r) => r.where))];
    return `${wheres.join(', ')} ${wheres.length > 1 ? 'reference' : 'references'}`;
  }

  /**
   * POSSIBLE_RUNTIME_OBJECT: a workload whose Role may create the object (permission only), or a custom
   * resource whose unknown operator may (operator-owners.ts), or both; each named with its evidence.
   */
  #possible(group: MissingGroup, evidence: RuntimeEvidence, owners: Resource[]): WorkloadFindingDraft {
    const first = group.refs[0]!;
    const inNs = group.namespace ? ` in namespace ${group.namespace}` : '';
    const resource = first.kind === 'Secret' ? 'secrets' : 'configmaps';
    const by: string[] = [];
    const remedies: string[] = [];
    if (evidence.weak.length) {
      const named = evidence.weak.slice(0, MAX_NAMED).map(creatorText).join('; ');
      const more = evidence.weak.length > MAX_NAMED ? ` and ${evidence.weak.length - MAX_NAMED} more` : '';
      by.push(
        `${named}${more}, whose Role allows create on ${resource}${inNs}, but nothing names it${excludedText(evidence.excluded, ' (not ', ')')}`,
      );
      remedies.push(
        `If one of them creates it, name ${JSON.stringify(first.name)} in that Role's resourceNames (for example in its get rule) or in the workload's args, and this becomes an info`,
      );
    }
    if (owners.length) {
      const operators = this.ctx.refs.operators;
      const named = owners
        .slice(0, MAX_NAMED)
        .map((r) => operators.describe(r))
        .join(', ');
      const more = owners.length > MAX_NAMED ? ` and ${owners.length - MAX_NAMED} more` : '';
      by.push(
        `the operator of ${named}${more}, whose name ${owners.length > 1 ? 'they start' : 'it starts'} with: operators commonly name what they create after their resource, and kustodian does not know what ${owners.length > 1 ? 'these kinds create' : 'this kind creates'}`,
      );
      remedies.push(
        `If that operator creates it, declare it in kustodian.yaml under external: - ${flowEntry({ kind: first.kind, name: first.name, namespace: group.namespace })}`,
      );
    }
    const severity: Severity =
      first.site === 'imagePullSecrets' || group.refs.every(isDeadVolume)
        ? lower(this.#possibleSeverity, 'warning')
        : this.#possibleSeverity;
    return this.#finding(
      first,
      severity,
      'POSSIBLE_RUNTIME_OBJECT',
      first.path,
      `${this.#subject(group)} ${first.kind} ${JSON.stringify(first.name)}, which no manifest defines${deadVolumesNote(group)}; it may be created at run time by ${by.join(', or by ')}. ${remedies.join('. ')}; otherwise add the ${first.kind} to the render`,
    );
  }

  #notFound(
    group: MissingGroup,
    similar: { name: string; namespace: string | undefined }[],
    definitions: Definition[],
    excluded: RuntimeEvidence['excluded'],
  ): WorkloadFindingDraft {
    const ref = group.refs[0]!;
    const namespace = group.namespace;
    const keys = [...new Set(group.refs.flatMap((r) => r.keys.map((k) => k.key)))];
    const hashed = this.index.hashedVariants(ref.kind, namespace, ref.name);
    const here = definitions.filter((d) => d.kind === ref.kind && d.name === ref.name);
    const inNs = namespace ? ` in namespace ${namespace}` : '';
    const hints: string[] = [];
    let remedy: string;
    if (similar.length) {
      const same = similar.filter((s) => s.name === ref.name);
      const where = [
        ...(same.some((s) => s.namespace)
          ? [`one exists in namespace ${same.flatMap((s) => (s.namespace ? [s.namespace] : [])).join(', ')}`]
          : []),
        ...(same.some((s) => !s.namespace) ? ['one exists with no namespace'] : []),
        ...similar
          .filter((s) => s.name !== ref.name)
          .map((s) => `generated ${s.name} exists ${s.namespace ? `in namespace ${s.namespace}` : 'with no namespace'}`),
      ];
      hints.push(`${where.join('; ')}, but references resolve only in the pod's own namespace`);
      remedy =
        similar.some((s) => !s.namespace) && namespace
          ? `give it namespace ${namespace} (an object without one is applied to the destination namespace of the Argo CD application, or kubectl's current one)`
          : `create it${inNs} too, or run the workload where the ${ref.kind} is`;
    } else if (hashed.length) {
      hints.push(
        `the render has generated ${hashed.join(', ')}: kustomize did not rewrite this field; for a custom kind, add a nameReference under the kustomization's configurations:`,
      );
      remedy = 'make kustomize rewrite the reference, or refer to the generated name';
    } else if (here.length) {
      const at = here.slice(0, MAX_NAMED).map((d) => `${d.path}:${d.line}${d.generator ? ` (${d.generator})` : ''}`);
      hints.push(
        `${ref.kind} ${JSON.stringify(ref.name)} is defined in ${at.join(', ')}${here.length > MAX_NAMED ? ` and ${here.length - MAX_NAMED} more` : ''}, which this overlay does not include`,
      );
      remedy = `add ${here.length === 1 ? 'that file' : 'one of those files'} (or the kustomization that holds it) to this overlay's resources`;
    } else {
      const entry = flowEntry({ kind: ref.kind, name: ref.name, namespace, keys: keys.length ? keys : undefined });
      remedy = `if it is created outside git, declare it in kustodian.yaml under external: - ${entry}`;
    }
    if (excluded.length) hints.push(excludedText(excluded, '', ''));
    const hint = hints.map((h) => ` (${h})`).join('');
    if (ref.site === 'imagePullSecrets') {
      return this.#finding(
        ref,
        'warning',
        'IMAGE_PULL_SECRET_NOT_FOUND',
        ref.path,
        `imagePullSecrets names Secret ${JSON.stringify(ref.name)}, which nothing in the render provides${inNs}${hint}; the kubelet pulls without it and only records a FailedToRetrieveImagePullSecret event; ${remedy}`,
      );
    }
    // Only volumes no container mounts need it: the kubelet never sets them up, so the pod starts.
    if (group.refs.every(isDeadVolume)) {
      return this.#finding(
        ref,
        'warning',
        CODES[ref.kind].notFound,
        ref.path,
        `${this.#subject(group)} ${ref.kind} ${JSON.stringify(ref.name)}${keys.length ? ` (key ${keys.map((k) => JSON.stringify(k)).join(', ')})` : ''}, which nothing in the render provides${inNs}${hint}${deadVolumesNote(group)}: remove the dead volume; if a container should mount it: ${remedy}`,
      );
    }
    return this.#finding(
      ref,
      this.#missingSeverity,
      CODES[ref.kind].notFound,
      ref.path,
      `${this.#subject(group)} ${ref.kind} ${JSON.stringify(ref.name)}${keys.length ? ` (key ${keys.map((k) => JSON.stringify(k)).join(', ')})` : ''}, which nothing in the render provides${inNs}${hint}; ${remedy}`,
    );
  }

  #checkKeys(ref: ObjectReference, providers: Provider[]): WorkloadFindingDraft[] {
    if (!ref.keys.length || providers.some((p) => p.keys === undefined)) return [];
    const keys = new Set(providers.flatMap((p) => [...(p.keys ?? [])]));
    const binary = new Set(providers.flatMap((p) => [...(p.binaryKeys ?? [])]));
    const from = providers.map((p) => p.source).join(', ');
    const related = providers.flatMap((p) => (p.resource ? [{ resourceRef: p.resource.ref(this.ctx.defaultNamespace) }] : []));
    const withRelated = (f: WorkloadFindingDraft): WorkloadFindingDraft => (related.length ? { ...f, related } : f);
    const out: WorkloadFindingDraft[] = [];
    for (const k of ref.keys) {
      if (!keys.has(k.key)) {
        out.push(
          withRelated(
            this.#finding(
              ref,
              keySeverity(ref),
              CODES[ref.kind].keyMissing,
              k.path,
              `${ref.where} needs key ${JSON.stringify(k.key)} of ${ref.kind} ${JSON.stringify(ref.name)}, which has ${keys.size ? `keys ${keyList([...keys].map((x) => (binary.has(x) ? `${x} (binaryData)` : x)))}` : 'no keys'} (from ${from})${deadVolumeNote(ref)}`,
            ),
          ),
        );
      } else if (ref.site === 'env' && binary.has(k.key) && !this.#isDataKey(providers, k)) {
        const data = [...keys].filter((x) => !binary.has(x));
        out.push(
          withRelated(
            this.#finding(
              ref,
              'error',
              'CONFIGMAP_BINARY_KEY_IN_ENV',
              k.path,
              `${ref.where} reads key ${JSON.stringify(k.key)} of ConfigMap ${JSON.stringify(ref.name)}, but it is a binaryData key, which Kubernetes never puts into env vars; data keys: ${data.length ? keyList(data) : 'none'} (from ${from})`,
            ),
          ),
        );
      }
    }
    return out;
  }

  /** A key can be in both data and binaryData only across two providers; data wins for env. */
  #isDataKey(providers: Provider[], k: RequiredKey): boolean {
    return providers.some((p) => p.keys?.has(k.key) && !p.binaryKeys?.has(k.key));
  }

  #finding(ref: ObjectReference, severity: Severity, code: RefCode, path: FieldPath, message: string): WorkloadFindingDraft {
    return { severity, code, resource: ref.resource, path, message };
  }
}

/** `a, b, c`: key names only, never values, sorted for stable output. */
function keyList(keys: Iterable<string>): string {
  return [...keys].sort().join(', ');
}

/** The `external` entry that would declare an object, as one line of YAML flow syntax. */
function flowEntry(e: { name: string; namespace?: string; keys?: string[]; kind: string }): string {
  const scalar = (s: string) =>
    /^[A-Za-z0-9][A-Za-z0-9._\/-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~|[-+.\d][\d.eE+-]*)$/i.test(s) ? s : JSON.stringify(s);
  const parts = [`kind: ${e.kind}`, `name: ${scalar(e.name)}`];
  if (e.namespace) parts.push(`namespace: ${scalar(e.namespace)}`);
  if (e.keys) parts.push(`keys: [${e.keys.map(scalar).join(', ')}]`);
  return `{${parts.join(', ')}}`;
}

/** `Deployment ns/x (ServiceAccount x; Role y (RoleBinding y))`: a candidate creator and the Roles that let it create. */
function creatorText(c: Creator): string {
  return `${c.describe} (ServiceAccount ${c.serviceAccount}; ${c.grants.map((g) => g.describe).join(', ')}${c.startsFirst ? `; ${c.startsFirst}` : ''})`;
}

/** `Job ops/seed, whose Role may create secrets, cannot be what creates it: container "seed" env PASS needs it to start`. */
function excludedText(excluded: RuntimeEvidence['excluded'], before: string, after: string): string {
  if (!excluded.length) return '';
  const named = excluded.slice(0, MAX_NAMED).map((e) => `${creatorText(e.creator)} cannot create it: ${e.why}`);
  const more = excluded.length > MAX_NAMED ? `; and ${excluded.length - MAX_NAMED} more` : '';
  return `${before}${named.join('; ')}${more}${after}`;
}

/** A volume reference that no container mounts: the kubelet never sets the volume up. */
function isDeadVolume(ref: ObjectReference): boolean {
  return ref.mounted === false;
}

/** A missing key of a dead volume stops nothing either. */
function keySeverity(ref: ObjectReference): Severity {
  return isDeadVolume(ref) ? 'warning' : 'error';
}

/** Why a finding about a dead volume is no error; empty for any other reference. */
function deadVolumeNote(ref: ObjectReference, outcome = 'the pod starts'): string {
  return isDeadVolume(ref) ? `; no container mounts the volume, so the kubelet never sets it up and ${outcome}` : '';
}

/** The same for a group of references, when every one is a dead volume. */
function deadVolumesNote(group: MissingGroup): string {
  if (!group.refs.every(isDeadVolume)) return '';
  return new Set(group.refs.map((r) => r.where)).size > 1
    ? '; no container mounts these volumes, so the kubelet never sets them up and the pod starts without it'
    : deadVolumeNote(group.refs[0]!, 'the pod starts without it');
}

/** The less severe of two severities. */
function lower(a: Severity, b: Severity): Severity {
  const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
  return rank[a] <= rank[b] ? a : b;
}
