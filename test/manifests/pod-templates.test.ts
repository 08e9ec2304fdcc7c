/** The one pod-template walker, through the public API: every kind, every container list, exact field paths. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Resource, type ContainerVisit } from '../../src/index.js';
import { PodTemplateWalker, configuredPodTemplates } from '../../src/manifests/pod-template-walker.js';
import { formatPath, getPath } from '../../src/manifests/field-path.js';

const podSpec = (prefix: string) => ({
  initContainers: [{ name: `${prefix}-init`, image: 'busybox:1.36' }],
  containers: [
    { name: `${prefix}-main`, image: 'nginx:1.27' },
    { name: `${prefix}-sidecar`, image: 'envoy:1.30' },
  ],
  ephemeralContainers: [{ name: `${prefix}-debug`, image: 'busybox:1.36' }],
});
const template = (prefix: string) => ({ metadata: { labels: { app: prefix } }, spec: podSpec(prefix) });

/** kind, apiVersion, body, expected PodSpec path. */
const cases: { kind: string; apiVersion: string; body: Record<string, unknown>; path: string }[] = [
  { kind: 'Pod', apiVersion: 'v1', body: { spec: podSpec('pod') }, path: 'spec' },
  { kind: 'Deployment', apiVersion: 'apps/v1', body: { spec: { template: template('deploy') } }, path: 'spec.template.spec' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', body: { spec: { template: template('sts') } }, path: 'spec.template.spec' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', body: { spec: { template: template('ds') } }, path: 'spec.template.spec' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', body: { spec: { template: template('rs') } }, path: 'spec.template.spec' },
  { kind: 'ReplicationController', apiVersion: 'v1', body: { spec: { template: template('rc') } }, path: 'spec.template.spec' },
  { kind: 'Job', apiVersion: 'batch/v1', body: { spec: { template: template('job') } }, path: 'spec.template.spec' },
  {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    body: { spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: template('cron') } } } },
    path: 'spec.jobTemplate.spec.template.spec',
  },
  { kind: 'PodTemplate', apiVersion: 'v1', body: { template: template('podtemplate') }, path: 'template.spec' },
  { kind: 'Rollout', apiVersion: 'argoproj.io/v1alpha1', body: { spec: { template: template('rollout') } }, path: 'spec.template.spec' },
];

/** Resources as they come out of a kustomize stream (text, lazily parsed). */
function fromYaml(objects: Record<string, unknown>[]): Resource[] {
  return objects.map((o, i) => Resource.fromText(stringify(o), i));
}

function summary(v: ContainerVisit) {
  return `${v.resource.kind} ${formatPath(v.containerPath)} ${v.containerKind} ${String(v.container.name)}`;
}

describe('PodTemplateWalker', () => {
  for (const c of cases) {
    it(`visits every container of a ${c.kind} at ${c.path}`, () => {
      const [resource] = fromYaml([{ apiVersion: c.apiVersion, kind: c.kind, metadata: { name: 'x' }, ...c.body }]);
      const walker = new PodTemplateWalker();
      expect(walker.hasPodTemplate(resource!)).toBe(true);
      const specs = [...walker.podSpecs([resource!])];
      expect(specs.map((s) => formatPath(s.podSpecPath))).toEqual([c.path]);
      const visits = [...walker.containers([resource!])];
      // Init containers first (the kubelet's order), then main, then ephemeral.
      expect(visits.map((v) => [formatPath(v.containerPath), v.containerKind])).toEqual([
        [`${c.path}.initContainers[0]`, 'initContainers'],
        [`${c.path}.containers[0]`, 'containers'],
        [`${c.path}.containers[1]`, 'containers'],
        [`${c.path}.ephemeralContainers[0]`, 'ephemeralContainers'],
      ]);
      // Each visit's container is the object at its path, so a step can mutate it in place.
      for (const v of visits) expect(getPath(resource!.object, v.containerPath)).toBe(v.container);
    });
  }

  it('gives the CronJob path the way findings print it', () => {
    const cron = cases.find((c) => c.kind === 'CronJob')!;
    const [resource] = fromYaml([{ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, ...cron.body }]);
    const main = [...new PodTemplateWalker().containers([resource!])].find((v) => v.containerKind === 'containers');
    expect(formatPath(main!.containerPath)).toBe('spec.jobTemplate.spec.template.spec.containers[0]');
  });

  it('walks many resources in order and skips kinds without a pod template', () => {
    const resources = fromYaml([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api' },
        spec: { template: { spec: { containers: [{ name: 'api', image: 'api:1' }] } } },
      },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'p', image: 'p:1' }] } },
    ]);
    const visits = [...new PodTemplateWalker().containers(resources)].map(summary);
    expect(visits).toEqual(['Deployment spec.template.spec.containers[0] containers api', 'Pod spec.containers[0] containers p']);
    expect(new PodTemplateWalker().hasPodTemplate(resources[0]!)).toBe(false);
  });

  it('matches on API group: a Deployment of another group or a Rollout outside argoproj.io is not a workload', () => {
    const resources = fromYaml([
      { apiVersion: 'example.com/v1', kind: 'Deployment', metadata: { name: 'crd' }, spec: { template: template('crd') } },
      { apiVersion: 'other.io/v1', kind: 'Rollout', metadata: { name: 'crd' }, spec: { template: template('crd') } },
      { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'old' }, spec: { template: template('old') } },
      {
        apiVersion: 'batch/v1beta1',
        kind: 'CronJob',
        metadata: { name: 'old' },
        spec: { jobTemplate: { spec: { template: template('oldcron') } } },
      },
    ]);
    const kinds = [...new PodTemplateWalker().podSpecs(resources)].map((v) => `${v.resource.apiVersion} ${v.resource.kind}`);
    expect(kinds).toEqual(['extensions/v1beta1 Deployment', 'batch/v1beta1 CronJob']);
  });

  it('visits CRD pod templates configured in podTemplates, by group or for any group', () => {
    const locations = configuredPodTemplates([
      { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', path: 'spec.jobTargetRef.template.spec' },
      { kind: 'Workflow', path: 'spec.podSpec' },
      // A built-in kind listed again must not be visited twice.
      { apiVersion: 'apps/v1', kind: 'Deployment', path: 'spec.template.spec' },
    ]);
    const resources = fromYaml([
      { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', metadata: { name: 'sj' }, spec: { jobTargetRef: { template: template('sj') } } },
      {
        apiVersion: 'example.com/v1',
        kind: 'ScaledJob',
        metadata: { name: 'other' },
        spec: { jobTargetRef: { template: template('other') } },
      },
      { apiVersion: 'anything.io/v2', kind: 'Workflow', metadata: { name: 'wf' }, spec: { podSpec: podSpec('wf') } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: template('d') } },
    ]);
    const walker = new PodTemplateWalker(locations);
    const paths = [...walker.podSpecs(resources)].map((v) => `${v.resource.kind}/${v.resource.name} ${formatPath(v.podSpecPath)}`);
    expect(paths).toEqual(['ScaledJob/sj spec.jobTargetRef.template.spec', 'Workflow/wf spec.podSpec', 'Deployment/d spec.template.spec']);
    const sj = [...walker.containers(resources.slice(0, 1))].map((v) => formatPath(v.containerPath));
    expect(sj).toContain('spec.jobTargetRef.template.spec.ephemeralContainers[0]');
    // Without the config, the CRDs are invisible.
    expect([...new PodTemplateWalker().podSpecs(resources)].map((v) => v.resource.kind)).toEqual(['Deployment']);
  });

  it('tolerates partial objects: no template, no containers, null entries', () => {
    const resources = fromYaml([
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'no-template' }, spec: { replicas: 1 } },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'workload-ref' },
        spec: { workloadRef: { kind: 'Deployment', name: 'x' } },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'odd' },
        spec: { containers: [null, { name: 'ok', image: 'ok:1' }], initContainers: 'nope' },
      },
    ]);
    const walker = new PodTemplateWalker();
    // Absent templates are nothing to walk; wrong-typed fields hide the whole template from the steps
    // and are reported instead (the pod-templates step turns them into POD_TEMPLATE_INVALID).
    expect([...walker.containers(resources)].map(summary)).toEqual([]);
    expect([...walker.malformed(resources)].map((p) => `${p.resource.name} ${formatPath(p.path)}: ${p.expected}, not ${p.found}`)).toEqual([
      'odd spec.initContainers: a list, not a string',
      'odd spec.containers[0]: a mapping, not null',
    ]);
  });

  it('reports every wrong-typed field a step reads, at its path, and never its value', () => {
    const podSpec = {
      volumes: { a: 1 },
      nodeSelector: ['x'],
      containers: [
        {
          name: 'api',
          image: 5,
          env: { A: 'secret-value' },
          envFrom: ['x'],
          volumeMounts: 3,
          command: 'sh',
          ports: [{ containerPort: 80 }],
        },
      ],
    };
    const [deployment] = fromYaml([
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: podSpec } } },
    ]);
    const problems = [...new PodTemplateWalker().malformed([deployment!])].map((p) => `${formatPath(p.path)} ${p.found}`);
    expect(problems).toEqual([
      'spec.template.spec.nodeSelector a list',
      'spec.template.spec.containers[0].image a number',
      'spec.template.spec.containers[0].command a string',
      'spec.template.spec.containers[0].env a mapping',
      'spec.template.spec.containers[0].envFrom[0] a string',
      'spec.template.spec.containers[0].volumeMounts a number',
      'spec.template.spec.volumes a mapping',
    ]);
    expect([...new PodTemplateWalker().podSpecs([deployment!])]).toEqual([]);
  });

  it('lets a step mutate a container and mark the resource changed', () => {
    const resources = fromYaml([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { template: template('db') } },
    ]);
    for (const v of new PodTemplateWalker().containers(resources)) {
      v.container.image = `${String(v.container.image)}@sha256:${'0'.repeat(64)}`;
      v.resource.changed();
    }
    expect(resources[0]!.isChanged).toBe(true);
    expect(resources[0]!.toYaml()).toContain(`nginx:1.27@sha256:${'0'.repeat(64)}`);
  });
});

describe('formatPath and getPath', () => {
  it('print KRM field paths and read them back', () => {
    const path = ['spec', 'template', 'spec', 'containers', 0, 'env', 3, 'valueFrom', 'secretKeyRef', 'key'];
    expect(formatPath(path)).toBe('spec.template.spec.containers[0].env[3].valueFrom.secretKeyRef.key');
    expect(formatPath([])).toBe('');
    const obj = { spec: { list: [{ a: 1 }] } };
    expect(getPath(obj, ['spec', 'list', 0, 'a'])).toBe(1);
    expect(getPath(obj, ['spec', 'list', 1, 'a'])).toBeUndefined();
    expect(getPath(obj, ['spec', 'list', 'a'])).toBeUndefined();
    expect(getPath(obj, ['spec', 0])).toBeUndefined();
  });
});
