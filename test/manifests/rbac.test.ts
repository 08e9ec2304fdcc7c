/** RBAC evidence through the public API: who may create a Secret or ConfigMap, and how sure that is. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseStream } from '../../src/index.js';
import { PodTemplateWalker } from '../../src/manifests/pod-template-walker.js';
import { RbacEvidence } from '../../src/refs/rbac.js';

const stream = (...docs: unknown[]) => parseStream(docs.map((d) => stringify(d)).join('---\n'));
const deployment = (name: string, namespace: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { template: { spec: { containers: [{ name, image: 'registry.example/x:1' }], ...extra } } },
});
const rbac = (kind: string, name: string, namespace: string | undefined, body: Record<string, unknown>) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: namespace ? { name, namespace } : { name },
  ...body,
});
const roleRef = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
const evidence = (...docs: unknown[]) => {
  const resources = stream(...docs);
  return new RbacEvidence(resources, resources, new PodTemplateWalker(), undefined);
};

describe('RbacEvidence', () => {
  it('a ClusterRoleBinding grants in every namespace; the subject namespace must match', () => {
    const e = evidence(
      rbac('ClusterRole', 'secret-writer', undefined, { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }] }),
      rbac('ClusterRoleBinding', 'secret-writer', undefined, {
        roleRef: roleRef('ClusterRole', 'secret-writer'),
        subjects: [{ kind: 'ServiceAccount', name: 'ctl', namespace: 'a' }],
      }),
      deployment('ctl', 'a', { serviceAccountName: 'ctl' }),
      deployment('ctl', 'b', { serviceAccountName: 'ctl' }),
    );
    const found = e.find('Secret', 'a', 'anything');
    expect(found.strong).toEqual([]);
    expect(found.weak.map((c) => c.describe)).toEqual(['Deployment a/ctl']);
    expect(found.weak[0]!.grants.map((g) => g.describe)).toEqual([
      'ClusterRole secret-writer (ClusterRoleBinding secret-writer, cluster-wide)',
    ]);
    expect(e.find('Secret', 'b', 'anything').weak).toEqual([]);
    // ConfigMaps are another resource.
    expect(e.find('ConfigMap', 'a', 'anything').weak).toEqual([]);
  });

  it('a create rule restricted by resourceNames allows nothing (a create request carries no name)', () => {
    const e = evidence(
      rbac('Role', 'r', 'a', { rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['x'], verbs: ['create', 'get'] }] }),
      rbac('RoleBinding', 'r', 'a', { roleRef: roleRef('Role', 'r'), subjects: [{ kind: 'ServiceAccount', name: 'default' }] }),
      deployment('w', 'a'),
    );
    expect(e.find('Secret', 'a', 'x')).toEqual({ strong: [], weak: [], excluded: [] });
  });

  it('the Group system:serviceaccounts binds every ServiceAccount; another API group does not count', () => {
    const e = evidence(
      rbac('Role', 'r', 'a', {
        rules: [
          { apiGroups: [''], resources: ['configmaps'], verbs: ['*'] },
          { apiGroups: ['apps'], resources: ['secrets'], verbs: ['create'] },
        ],
      }),
      rbac('RoleBinding', 'r', 'a', { roleRef: roleRef('Role', 'r'), subjects: [{ kind: 'Group', name: 'system:serviceaccounts' }] }),
      deployment('w', 'a', { serviceAccountName: 'anyone' }),
    );
    expect(e.find('ConfigMap', 'a', 'c').weak.map((c) => c.serviceAccount)).toEqual(['anyone']);
    expect(e.find('Secret', 'a', 'c').weak).toEqual([]);
  });

  it('a host:port in args is not a mention of the name; the exact word is', () => {
    const docs = [
      rbac('Role', 'r', 'a', { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }] }),
      rbac('RoleBinding', 'r', 'a', { roleRef: roleRef('Role', 'r'), subjects: [{ kind: 'User', name: 'system:serviceaccount:a:w' }] }),
    ];
    const withArgs = (args: string[]) => ({
      ...deployment('w', 'a', { serviceAccountName: 'w' }),
      spec: { template: { spec: { serviceAccountName: 'w', containers: [{ name: 'w', image: 'x:1', args }] } } },
    });
    expect(evidence(...docs, withArgs(['--redis', 'redis:6379'])).find('Secret', 'a', 'redis').strong).toEqual([]);
    const strong = evidence(...docs, withArgs(['sh', '-c', 'kubectl create secret generic redis --from-literal=a=b'])).find(
      'Secret',
      'a',
      'redis',
    ).strong;
    expect(strong.map((c) => c.evidence)).toEqual(['container "w" names it in its command or args']);
  });

  it('a pod with automountServiceAccountToken: false and no projected token cannot create anything', () => {
    const docs = [
      rbac('Role', 'r', 'a', { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }] }),
      rbac('RoleBinding', 'r', 'a', { roleRef: roleRef('Role', 'r'), subjects: [{ kind: 'ServiceAccount', name: 'default' }] }),
    ];
    expect(evidence(...docs, deployment('w', 'a', { automountServiceAccountToken: false })).find('Secret', 'a', 'x').weak).toEqual([]);
    const projected = {
      automountServiceAccountToken: false,
      volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
    };
    expect(
      evidence(...docs, deployment('w', 'a', projected))
        .find('Secret', 'a', 'x')
        .weak.map((c) => c.describe),
    ).toEqual(['Deployment a/w']);
  });
});
