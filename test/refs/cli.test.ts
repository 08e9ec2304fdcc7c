/**
 * secret-refs / configmap-refs through the built CLI: what a person reading ArgoCD's error sees.
 * The golden cases (test/fixtures/{secret-refs,configmap-refs}) cover the findings themselves.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sarifValidator } from '../helpers/sarif.js';
import { kustodian, repoRoot } from '../helpers/cli.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const groups = ['secret-refs', 'configmap-refs'];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

/** Every plaintext Secret value a fixture holds: decoded `data`, `stringData`, and secretGenerator literals. */
function secretValues(inputDir: string): string[] {
  const values: string[] = [];
  for (const file of yamlFiles(inputDir)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const o = doc.toJS() as Record<string, unknown> | null;
      if (!o || typeof o !== 'object') continue;
      if (o.kind === 'Secret') {
        for (const v of Object.values((o.data ?? {}) as Record<string, string>)) values.push(v, Buffer.from(v, 'base64').toString('utf8'));
        for (const v of Object.values((o.stringData ?? {}) as Record<string, string>)) values.push(String(v));
      }
      for (const gen of (o.secretGenerator ?? []) as { literals?: string[] }[]) {
        for (const lit of gen.literals ?? []) values.push(lit.slice(lit.indexOf('=') + 1));
      }
    }
  }
  // Values this short ("true", "app") occur in ordinary text; every fixture secret is longer.
  return values.filter((v) => v.length >= 6);
}

interface Case {
  name: string;
  input: string;
  failing: boolean;
  args: string[];
  env: Record<string, string>;
}

function cases(): Case[] {
  return groups.flatMap((group) =>
    readdirSync(path.join(fixtures, group))
      .sort()
      .map((name) => {
        const dir = path.join(fixtures, group, name);
        const expected = JSON.parse(readFileSync(path.join(dir, 'expected-findings.json'), 'utf8')) as { severity: string }[];
        const specFile = path.join(dir, 'case.json');
        const spec = (existsSync(specFile) ? JSON.parse(readFileSync(specFile, 'utf8')) : {}) as {
          namespace?: string;
          env?: Record<string, string>;
        };
        return {
          name: `${group}/${name}`,
          input: path.join(dir, 'input'),
          failing: expected.some((f) => f.severity === 'error'),
          args: spec.namespace ? ['--namespace', spec.namespace] : [],
          env: { KUSTODIAN_PIN: 'off', ...spec.env },
        };
      }),
  );
}

describe('reference checks through the CLI', () => {
  it('names the workload, container, Secret, key, existing keys and source file, with stdout empty', async () => {
    const r = await kustodian(['render', 'test/fixtures/secret-refs/env-key-missing/input'], { env: { KUSTODIAN_PIN: 'off' } });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    const line = r.stderr.split('\n').find((l) => l.includes('SECRET_KEY_MISSING'));
    expect(line).toBeDefined();
    for (const part of [
      'Deployment giftify/api-server',
      'container "api"',
      'ES_URIS',
      'api-server-secrets',
      'DB_URL, REDIS_URL',
      'test/fixtures/secret-refs/env-key-missing/input/deployment.yaml',
      'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.key',
    ]) {
      expect(line).toContain(part);
    }
  });

  it('names the base or component file that defines each workload of an overlay', async () => {
    const r = await kustodian(['render', 'test/fixtures/secret-refs/overlay-base/input'], { env: { KUSTODIAN_PIN: 'off' } });
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines.find((l) => l.includes('prod-api'))).toContain('overlay-base/input/base/api.yaml:');
    expect(lines.find((l) => l.includes('prod-worker'))).toContain('overlay-base/input/components/worker/worker.yaml:');
  });

  it('shows warnings on stderr and still renders when missing objects are relaxed', async () => {
    const r = await kustodian(['render', 'test/fixtures/secret-refs/missing-objects-warning/input'], {
      env: { KUSTODIAN_PIN: 'off', KUSTODIAN_MISSING_OBJECTS: 'warning' },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('warning SECRET_NOT_FOUND');
    expect(r.stdout).toContain('kind: Deployment');
  });

  it('never prints a Secret value from any fixture on the stderr of a failing render', async () => {
    const failing = cases().filter((c) => c.failing);
    expect(failing.length).toBeGreaterThan(5);
    const results = await Promise.all(
      failing.map(async (c) => ({ c, r: await kustodian(['render', path.relative(repoRoot, c.input), ...c.args], { env: c.env }) })),
    );
    let checked = 0;
    for (const { c, r } of results) {
      expect({ case: c.name, exitCode: r.exitCode }).toEqual({ case: c.name, exitCode: 1 });
      for (const value of secretValues(c.input)) {
        checked++;
        expect({ case: c.name, leaked: r.stderr.includes(value) }).toEqual({ case: c.name, leaked: false });
      }
    }
    expect(checked).toBeGreaterThan(10);
  }, 60_000);
});

/** The incident app, written by the examples helper; run the way ArgoCD's repo-server runs the plugin. */
describe('examples/giftify', () => {
  const root = path.join(repoRoot, 'examples', 'giftify', 'overlays');
  const argocd = (overlay: string) =>
    kustodian(['render'], {
      cwd: path.join(root, overlay),
      env: {
        KUSTODIAN_PIN: 'off',
        ARGOCD_APP_NAME: `giftify-${overlay}`,
        ARGOCD_APP_NAMESPACE: 'giftify',
        ARGOCD_APP_SOURCE_PATH: `examples/giftify/overlays/${overlay}`,
      },
    });

  it('overlays/prod passes the reference checks', async () => {
    const r = await argocd('prod');
    expect(r.stderr).not.toMatch(/SECRET_|CONFIGMAP_/);
    expect(r.exitCode).toBe(0);
  });

  it('overlays/broken fails naming ES_URIS and api-server-secrets, with stdout empty', async () => {
    const r = await argocd('broken');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    const line = r.stderr.split('\n').find((l) => l.includes('SECRET_KEY_MISSING'));
    expect(line).toContain('ES_URIS');
    expect(line).toContain('api-server-secrets');
    expect(line).toContain('examples/giftify/base/');
    // Where the Secret that lacks the key is defined (origin annotations), not only the workload.
    expect(line).toContain('Secret giftify/api-server-secrets is defined in examples/giftify/base/secrets.yaml:12');
  });

  it('check reports the Secret lacking the key as a related location (SARIF relatedLocations, JSON related)', async () => {
    const dir = path.join(root, 'broken');
    const sarif = await kustodian(['check', dir, '--format', 'sarif', '--pin', 'off']);
    expect(sarif.exitCode).toBe(1);
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        results: {
          ruleId: string;
          relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
        }[];
      }[];
    };
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const keyMissing = log.runs[0]!.results.find((r) => r.ruleId === 'SECRET_KEY_MISSING')!;
    expect(
      keyMissing.relatedLocations?.map((l) => [l.physicalLocation.artifactLocation.uri, l.physicalLocation.region?.startLine]),
    ).toEqual([['examples/giftify/base/secrets.yaml', 12]]);
    const json = JSON.parse((await kustodian(['check', dir, '--format', 'json', '--pin', 'off'])).stdout) as {
      apps: { findings: { code: string; related?: { resource: { kind: string; name: string }; file?: { path: string } }[] }[] }[];
    };
    const finding = json.apps[0]!.findings.find((f) => f.code === 'SECRET_KEY_MISSING')!;
    expect(finding.related).toEqual([
      {
        resource: expect.objectContaining({ kind: 'Secret', name: 'api-server-secrets' }) as unknown,
        file: { path: 'examples/giftify/base/secrets.yaml', line: 12 },
      },
    ]);
  });
});
