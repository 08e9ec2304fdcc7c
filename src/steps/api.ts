/**
 * api: would the destination's API server accept the render? Removed and deprecated apiVersions for
 * the target version, APIs the destination does not serve (when Argo CD sends its list), schema
 * violations and unknown fields for built-in kinds (the bundled schemas of the target minor) and for
 * custom resources whose CRD is in the render, and the cheap rules the API server applies beyond
 * schemas. The domain (versions, tables, schemas, rules) is src/kubernetes-api/; this file only decides
 * what to report.
 */
import { Resource } from '../manifests/resource.js';
import { formatPath, isRecord } from '../manifests/field-path.js';
import { minors } from '../generated/kubernetes-api/schemas.js';
import { resolveTarget, newestMinor, minorNumber, type Target } from '../kubernetes-api/target.js';
import { apiStatus } from '../kubernetes-api/deprecations.js';
import { builtinCheck, crdCheck, hasBuiltin, isBuiltinGroup, type Violation } from '../kubernetes-api/validators.js';
import { RenderCrds, crdVersion } from '../kubernetes-api/crds.js';
import { MAX_CRD_BYTES, MAX_SCHEMA_CHECK_BYTES } from '../util/limits.js';
import { keyRules, metadataRules, podSpecRules, selectorRules, serviceRules, type RuleProblem } from '../kubernetes-api/rules.js';
import { annotationRules, dataRules, objectRules, podTemplateRules } from '../kubernetes-api/workload-rules.js';
import { defineStep } from './step.js';
import type { Severity } from '../findings/finding.js';

const id = 'api';

/** Argo CD's per-resource sync option that turns manifest validation (and so Strict field validation) off. */
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/** A value a message may show: short scalars, never anything from a Secret. */
function shown(resource: Resource, value: unknown): string {
  if (resource.kind === 'Secret' || value === undefined) return '';
  if (typeof value === 'string') return value.length <= 40 ? ` (found ${JSON.stringify(value)})` : '';
  if (typeof value === 'number' || typeof value === 'boolean') return ` (found ${String(value)})`;
  return '';
}

/**
 * What Argo CD applies for one rendered document: a List (`kind: List`, or a `*List` with `items`) is
 * flattened into its items by the repo-server, so each item is what reaches the API server.
 */
function applied(resources: readonly Resource[]): Resource[] {
  const out: Resource[] = [];
  for (const r of resources) {
    if (r.kind === 'List' || (r.kind.endsWith('List') && r.mayContain('items:') && Array.isArray(r.object.items))) {
      const items = r.object.items;
      if (Array.isArray(items)) {
        for (const item of items)
          if (isRecord(item) && typeof item.kind === 'string' && typeof item.apiVersion === 'string')
            out.push(Resource.fromObject(item, r.index));
        continue;
      }
    }
    out.push(r);
  }
  return out;
}

/** Closest known field to a misspelt one (at most two edits), for "did you mean". */
function closest(field: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(field.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

function describeTarget(target: Target): string {
  return target.schemaMinor === target.minor
    ? `Kubernetes ${target.minor}`
    : `Kubernetes ${target.minor} (schemas of ${target.schemaMinor})`;
}

export const api = defineStep({
  id,
  kind: 'validate',
  summary:
    'Refuse what the destination API server would reject: removed or unserved apiVersions, schema violations, unknown fields, and the cheap rules schemas miss.',
  codes: {
    API_REMOVED:
      'The apiVersion/kind was removed at or before the target Kubernetes version; the message names the release that removed it and its replacement. Move the manifest to the replacement apiVersion.',
    API_DEPRECATED:
      'The apiVersion/kind is deprecated in the target Kubernetes version and will be removed in the release the message names; move to the replacement before upgrading.',
    API_NOT_SERVED:
      "The destination does not serve this apiVersion/kind (from the API list Argo CD sends, KUBE_API_VERSIONS, or --api-versions), and no CRD in the render defines it; or the render's own CRD does not serve that version. Install the CRD first, or fix the apiVersion.",
    SCHEMA_VIOLATION:
      'A value the API server rejects by schema: a wrong type, a required field missing, or (for a custom resource whose CRD is in the render) an enum, pattern or bound of its openAPIV3Schema. CEL rules (x-kubernetes-validations) are not evaluated.',
    SCHEMA_UNKNOWN_FIELD:
      "A field the kind's schema does not have, usually a typo. Argo CD applies with Strict field validation by default, so the sync fails; checks.unknownFields (error, warning, off) sets the severity, and a resource with the sync option Validate=false gets a warning.",
    API_INVALID:
      "A value the API server's own validation rejects although the schema allows it: names, label keys and values, container names and their uniqueness, port numbers and names, a volumeMount that names no volume, a selector that does not select its template, Service port names and duplicate ports, ConfigMap and Secret keys and sizes, the keys a typed Secret needs, annotation keys and size, container images, env var names (strictly before Kubernetes 1.32), requests above limits, workload restart policies, a Recreate strategy with rollingUpdate, PodDisruptionBudget, HorizontalPodAutoscaler replica bounds, Ingress v1 paths.",
    API_LIST_MAP_DUPLICATE:
      "A key repeated in a list that server-side apply treats as a map (env names, a container's containerPort and protocol). The API server accepts it under client-side apply, Argo CD's default, so this is a warning; an error when the resource's own sync option says ServerSideApply=true. Remove the duplicate.",
    SCHEMA_NOT_FOUND:
      'No schema is known for this kind (a CRD neither in the render nor bundled, or too large to read), so its resources were not checked; said once per kind.',
    API_TARGET:
      'Which Kubernetes version the api step checked against, when none was given (the newest bundled schemas) or the one given is outside the bundled minors (the nearest bundled schemas); and that CEL rules of CRDs were not evaluated.',
  },
  run(ctx, report) {
    if (ctx.config.checks.api === 'off') return;
    const settings = ctx.config.kubernetes;
    const target = resolveTarget(settings?.version, settings?.apiVersions);
    const unknownSeverity = ctx.config.checks.unknownFields;
    if (!target.given) {
      report.info(
        'API_TARGET',
        undefined,
        undefined,
        `no Kubernetes version given (--kube-version, KUBE_VERSION or kubernetes.version): checked against ${newestMinor}, the newest bundled`,
      );
    } else if (target.schemaMinor !== target.minor) {
      report.info(
        'API_TARGET',
        undefined,
        undefined,
        `Kubernetes ${target.minor} is outside the bundled schemas (${minors[0]}–${newestMinor}): schemas of ${target.schemaMinor}, removals and deprecations of ${target.minor}`,
      );
    }
    const crds = new RenderCrds(ctx.resources);
    const notFound = new Set<string>();
    let cel = false;
    // The pod-templates step already refuses a template field of the wrong type: not reported twice.
    // Looked up only once there is a violation to filter: walking every template costs, violations are rare.
    let malformed: Map<Resource, string[]> | undefined;
    const reportedByPodTemplates = (resource: Resource, path: string) => {
      if (!malformed) {
        malformed = new Map();
        for (const p of ctx.walker.malformed(ctx.resources))
          malformed.set(p.resource, [...(malformed.get(p.resource) ?? []), formatPath(p.path)]);
      }
      return (malformed.get(resource) ?? []).some((m) => path === m || path.startsWith(`${m}.`) || path.startsWith(`${m}[`));
    };

    const reportViolations = (resource: Resource, violations: Violation[], what: string) => {
      const validateOff = (resource.annotation(SYNC_OPTIONS) ?? '').split(',').some((o) => o.trim() === 'Validate=false');
      for (const v of violations) {
        const path = formatPath(v.path);
        if (reportedByPodTemplates(resource, path)) continue;
        if (v.type === 'unknown') {
          // A top-level SOPS block is the sops step's finding, with its own switch.
          if (unknownSeverity === 'off' || (v.path.length === 1 && v.path[0] === 'sops')) continue;
          const severity: Severity = validateOff ? 'warning' : unknownSeverity;
          const field = String(v.path[v.path.length - 1]);
          const guess = v.known ? closest(field, v.known) : undefined;
          const consequence = validateOff
            ? 'its sync option Validate=false makes the API server drop it silently'
            : 'Argo CD applies with Strict field validation, so the sync fails';
          report.report(
            severity,
            'SCHEMA_UNKNOWN_FIELD',
            resource,
            v.path,
            `${path} is not a field of ${what}${guess ? `; did you mean ${guess}?` : ''} (${consequence})`,
          );
        } else {
          report.error(
            'SCHEMA_VIOLATION',
            resource,
            v.path,
            `${path || 'the object'} ${v.problem}${shown(resource, v.value)}, so the API server rejects the object (schema of ${what})`,
          );
        }
      }
    };

    const parseable = (r: Resource) => r.text === undefined || r.text.length <= MAX_SCHEMA_CHECK_BYTES;
    const problems: RuleProblem[] = [];
    const notFoundOnce = (r: Resource, message: string) => {
      const key = `${r.apiVersion}/${r.kind}`;
      if (notFound.has(key)) return;
      notFound.add(key);
      report.info('SCHEMA_NOT_FOUND', r, undefined, message);
    };

    for (const r of applied(ctx.resources)) {
      const { apiVersion, kind } = r;
      const status = apiStatus(apiVersion, kind, target.minor);
      if (status.state === 'removed') {
        const { entry } = status;
        report.error(
          'API_REMOVED',
          r,
          ['apiVersion'],
          `${kind} ${apiVersion} was removed in Kubernetes ${entry.removedIn}${entry.replacement ? `; use ${entry.replacement}` : ''} (target: Kubernetes ${target.minor})`,
        );
        continue;
      }
      if (status.state === 'deprecated') {
        const { entry } = status;
        report.warning(
          'API_DEPRECATED',
          r,
          ['apiVersion'],
          `${kind} ${apiVersion} is deprecated in Kubernetes ${target.minor}${entry.removedIn ? ` and removed in ${entry.removedIn}` : ''}${entry.replacement ? `; use ${entry.replacement}` : ''}`,
        );
      }
      const builtin = isBuiltinGroup(apiVersion);
      const crd = builtin ? undefined : crds.find(r.group, kind);
      if (target.apis && !crd && !target.apis.serves(apiVersion, kind)) {
        report.error(
          'API_NOT_SERVED',
          r,
          ['apiVersion'],
          `the destination cluster does not serve ${kind} in ${apiVersion}, and no CustomResourceDefinition in the render defines it; install its CRD (or the operator that brings it) first, or fix the apiVersion`,
        );
        continue;
      }
      let check;
      let what = `${kind} ${apiVersion}`;
      if (crd) {
        const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
        const found = crdVersion(crd, version);
        if (found.state === 'not-served') {
          report.error(
            'API_NOT_SERVED',
            r,
            ['apiVersion'],
            `the CustomResourceDefinition ${crd.resource.name} in the render does not serve version ${version} of ${kind}${found.served.length ? ` (it serves ${found.served.join(', ')})` : ''}`,
          );
          continue;
        }
        if (found.state === 'too-large') {
          notFoundOnce(
            r,
            `${kind} ${apiVersion} was not schema-checked: its CustomResourceDefinition ${crd.resource.name} is ${(found.bytes / 1024).toFixed(0)} KiB, over the ${MAX_CRD_BYTES / 1024} KiB kustodian reads`,
          );
          continue;
        }
        if (found.state === 'no-schema') continue; // a CRD without a schema accepts anything (apiextensions v1beta1 only)
        const prepared = crdCheck(target.schemaMinor, found.schema, found.preserveUnknownFields);
        cel ||= prepared.cel;
        check = prepared.check;
        what = `${kind} ${apiVersion} (CustomResourceDefinition ${crd.resource.name} in the render)`;
      } else if (hasBuiltin(target.schemaMinor, apiVersion, kind)) {
        check = builtinCheck(target.schemaMinor, apiVersion, kind);
        what = `${kind} ${apiVersion} in ${describeTarget(target)}`;
      } else {
        if (!builtin || target.apis === undefined)
          notFoundOnce(
            r,
            `no schema for ${kind} ${apiVersion} ${builtin ? `in the Kubernetes ${target.schemaMinor} API` : 'in the render (no CustomResourceDefinition for it) or bundled'}: its resources were not schema-checked`,
          );
        continue;
      }
      if (check) annotationRules(r, parseable(r), problems);
      if (!check || !parseable(r)) continue;
      reportViolations(r, check(r.object), what);
      if (builtin) {
        metadataRules(r, problems);
        selectorRules(r, problems);
        serviceRules(r, problems);
        objectRules(r, problems);
      } else {
        metadataRules(r, problems);
      }
    }
    for (const r of ctx.resources) {
      keyRules(r, problems);
      dataRules(r, problems);
    }
    const duplicates: RuleProblem[] = [];
    for (const visit of ctx.walker.podSpecs(
      ctx.resources.filter((r) => hasBuiltin(target.schemaMinor, r.apiVersion, r.kind) && parseable(r)),
    )) {
      podSpecRules(visit, problems);
      podTemplateRules(visit, minorNumber(target.minor), problems, duplicates);
    }
    const seen = new Set<string>();
    for (const p of problems) {
      const key = `${p.resource.index}|${p.resource.kind}|${formatPath(p.path)}|${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report.error('API_INVALID', p.resource, p.path, `${formatPath(p.path)}: ${p.message}; the API server rejects the object`);
    }
    for (const p of duplicates) {
      // Argo CD takes sync options per resource too: there, server-side apply is certain and the apply fails.
      const ssa = (p.resource.annotation(SYNC_OPTIONS) ?? '').split(',').some((o) => o.trim() === 'ServerSideApply=true');
      report.report(
        ssa ? 'error' : 'warning',
        'API_LIST_MAP_DUPLICATE',
        p.resource,
        p.path,
        `${formatPath(p.path)}: ${p.message}; ${ssa ? 'its sync option ServerSideApply=true makes the apply fail' : "server-side apply (sync option ServerSideApply=true) fails on it, client-side apply (Argo CD's default) keeps both"} ("duplicate entries for key")`,
      );
    }
    if (cel)
      report.info(
        'API_TARGET',
        undefined,
        undefined,
        'CEL rules (x-kubernetes-validations) of the CustomResourceDefinitions in the render were not evaluated',
      );
  },
});
