/**
 * The reference checks on real public trees (../shared/corpus): these run in production upstream,
 * so any error from secret-refs or configmap-refs here would be a false alarm.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusRoot } from './helpers/cli.js';
import { render, type Finding } from '../src/index.js';

const listFile = path.join(corpusRoot, 'overlays.tsv');
// The corpus is part of the test set (test/fidelity.test.ts needs it too): a missing list fails, it does not skip.
const overlays = readFileSync(listFile, 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t')[0]!).filter(Boolean);
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
});
