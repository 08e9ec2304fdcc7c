/**
 * The api step on real public trees (../shared/corpus, both lists): these are applied in production
 * upstream, so an error from the api step on any of them would block a correct app. Run against the
 * oldest and the newest bundled minor, as Argo CD would send them.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { corpusOverlays, corpusRoot } from '../helpers/cli.js';
import { render, type Finding } from '../../src/index.js';
import { minors } from '../../src/generated/kubernetes-api/schemas.js';

const overlays = corpusOverlays();
const env = { PATH: process.env.PATH ?? '', HOME: '/tmp', TMPDIR: process.env.TMPDIR ?? '/tmp', KUSTODIAN_PIN: 'off' };
/**
 * Errors the API server really returns for the corpus as it renders. eks-workshop's RDS overlay keeps an
 * envsubst placeholder in a Secret's data (secrets.yaml: `RETAIL_CATALOG_PERSISTENCE_PASSWORD:
 * ${CATALOG_RDS_PASSWORD}`); the workshop pipes the render through envsubst before kubectl apply, but
 * applied as rendered (as Argo CD would), `$`, `{` and `}` are not base64 and the API server refuses
 * the Secret ("illegal base64 data").
 */
const expectedErrors: Record<string, string[]> = {
  'aws-samples/eks-workshop-v2/manifests/modules/networking/securitygroups-for-pods/rds': [
    'SCHEMA_VIOLATION Secret catalog-rds data.RETAIL_CATALOG_PERSISTENCE_PASSWORD',
  ],
};

const describeFinding = (f: Finding) =>
  `${f.severity} ${f.code} ${f.resourceRef?.kind} ${f.resourceRef?.name} ${f.field?.path ?? ''}: ${f.message}`;

describe('api step on the corpus', () => {
  it('covers both corpus lists', () => {
    expect(new Set(overlays.map((o) => o.list))).toEqual(new Set(['overlays.tsv', 'overlays-next.tsv']));
  });

  for (const { overlay } of overlays) {
    for (const version of [minors[0]!, minors[minors.length - 1]!]) {
      it(`${overlay} on Kubernetes ${version}: no error from the api step`, async () => {
        const r = await render({ dir: path.join(corpusRoot, overlay), env: { ...env, KUBE_VERSION: version } });
        const ours = r.findings.filter((f) => f.step === 'api');
        const errors = ours.filter((f) => f.severity === 'error');
        expect(
          errors.map((f) => `${f.code} ${f.resourceRef?.kind} ${f.resourceRef?.name} ${f.field?.path ?? ''}`),
          errors.map(describeFinding).join('\n'),
        ).toEqual(expectedErrors[overlay] ?? []);
        // The step looked: every render has at least one built-in kind it checked, so no SCHEMA_NOT_FOUND for those.
        expect(ours.filter((f) => f.code === 'SCHEMA_NOT_FOUND' && !f.resourceRef?.apiVersion.includes('.')).map(describeFinding)).toEqual(
          [],
        );
      }, 60_000);
    }
  }
});
