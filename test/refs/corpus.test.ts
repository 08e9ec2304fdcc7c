/**
 * The reference checks on real public trees (../shared/corpus): these run in production upstream,
 * so any error from secret-refs or configmap-refs here would be a false alarm.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { corpusOverlays, corpusRoot } from '../helpers/cli.js';
import { render, type Finding } from '../../src/index.js';

// The corpus is part of the test set (test/sources/fidelity.test.ts needs it too): a missing list fails, it does not skip.
const all = corpusOverlays();
const overlays = all.map((o) => o.overlay);
const next = all.filter((o) => o.list === 'overlays-next.tsv').map((o) => o.overlay);
const ours = (f: Finding) => f.step === 'secret-refs' || f.step === 'configmap-refs';

describe('reference checks on the corpus', () => {
  const env = { PATH: process.env.PATH ?? '', HOME: '/tmp', TMPDIR: process.env.TMPDIR ?? '/tmp', KUSTODIAN_PIN: 'off' };

  for (const overlay of overlays) {
    it(`${overlay}: no error or warning from secret-refs/configmap-refs`, async () => {
      const r = await render({ dir: path.join(corpusRoot, overlay), env });
      const findings = r.findings.filter(ours);
      expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.resourceRef?.name}: ${f.message}`)).toEqual([]);
    }, 30_000);
  }

  // Proof that the steps looked: ingress-nginx's admission Secret comes from its certgen Jobs.
  it('recognises the ingress-nginx admission Secret as written by the certgen Jobs', async () => {
    const r = await render({ dir: path.join(corpusRoot, 'kubernetes/ingress-nginx/deploy/static/provider/cloud'), env });
    const info = r.findings.filter(ours).find((f) => f.code === 'RUNTIME_OBJECT');
    expect(info?.message).toContain('ingress-nginx-admission');
    expect(info?.message).toContain('--secret-name');
  });

  // Argo CD's own install: its argocd-redis Secret is created at run time by an init container whose
  // Role may create Secrets and names argocd-redis in resourceNames. No step may block it or warn.
  for (const overlay of next) {
    for (const namespace of [undefined, 'argocd']) {
      it(`${overlay}${namespace ? ` (namespace ${namespace})` : ''}: no error and no warning from any step`, async () => {
        const r = await render({
          dir: path.join(corpusRoot, overlay),
          env: { ...env, ...(namespace ? { ARGOCD_APP_NAMESPACE: namespace } : {}) },
        });
        expect(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.resourceRef?.name}: ${f.message}`)).toEqual([]);
        expect(r.yaml).toBeDefined();
        const infos = r.findings.filter((f) => f.code === 'RUNTIME_OBJECT' && f.message.includes('"argocd-redis"'));
        expect(infos.length).toBeGreaterThan(0);
        for (const f of infos)
          expect(f.message).toMatch(
            /created at run time by Deployment (\S+\/)?argocd-redis(-ha-haproxy)? \(ServiceAccount argocd-redis(-ha-haproxy)?; Role argocd-redis(-ha-haproxy)? \(RoleBinding [^)]+\)\): Role argocd-redis(-ha-haproxy)? names it in resourceNames/,
          );
      }, 30_000);
    }
  }
});
