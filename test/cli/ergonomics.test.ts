/**
 * What kube-linter and kubeconform users expect of a CLI: `help COMMAND`, short usage
 * errors in kustodian's words, `explain CODE`, `check -` on a rendered stream, `--min-severity`,
 * `--quiet`, no SARIF alerts for infos by default, and summaries that count only what was shown.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { kustodian, repoRoot } from '../helpers/cli.js';

const env = { KUSTODIAN_PIN: 'off' };
const broken = 'examples/giftify/overlays/broken';

/** A Deployment reading a key its Secret does not have (an error), and a Postgres StatefulSet (infos). */
const stream = `apiVersion: v1
kind: Secret
metadata:
  name: api-secrets
  namespace: shop
stringData:
  DB_URL: postgres://db
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: example/api:1.0@sha256:${'a'.repeat(64)}
        env:
        - name: REDIS_URL
          valueFrom:
            secretKeyRef: {name: api-secrets, key: REDIS_URL}
`;

describe('help COMMAND', () => {
  it("prints only that command's usage", async () => {
    const r = await kustodian(['help', 'render']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^kustodian render \[DIR\]/);
    expect(r.stdout).not.toContain('kustodian check');
    expect(r.stdout).not.toContain('Exit codes');
  });

  it('refuses an unknown command with exit 2', async () => {
    const r = await kustodian(['help', 'lint']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('help takes one command: render, check');
  });
});

describe('usage errors in our own words', () => {
  it.each([
    [['check', '--bogus'], 'check: unknown flag --bogus'],
    [['render', '-x'], 'render: unknown flag -x'],
    [['check', '--format'], 'check: --format needs a value'],
    [['check', '--quiet=yes'], 'check: --quiet takes no value'],
  ])('%j', async (args, message) => {
    const r = await kustodian(args);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`kustodian: USAGE: ${message} (kustodian help ${args[0]} lists its flags)\n`);
  });
});

describe('explain CODE', () => {
  /** `[code, middle cell, help]` of each row of a generated block of docs/steps.md, unescaped as scripts/docs.mjs escaped them. */
  async function readmeRows(block: string): Promise<[string, string, string][]> {
    const readme = await readFile(path.join(repoRoot, 'docs', 'steps.md'), 'utf8');
    const body = readme.split(`<!-- generated:${block} -->`)[1]!.split(`<!-- /generated:${block} -->`)[0]!;
    return body
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => {
        const cells = l.slice(2, -2).split(/(?<!\\) \| /);
        const plain = (c: string) => c.replace(/`/g, '').replace(/\\\|/g, '|');
        return [plain(cells[0]!), plain(cells[1]!), cells[cells.length - 1]!.replace(/\\\|/g, '|')];
      });
  }

  it('prints the docs text of every finding and failure code', async () => {
    const findings = await readmeRows('findings');
    const failures = await readmeRows('failures');
    expect(findings.length).toBeGreaterThan(20);
    expect(failures.length).toBeGreaterThan(5);
    const explained = new Map<string, string>();
    for (const [code] of [...findings, ...failures]) {
      if (explained.has(code)) continue;
      const r = await kustodian(['explain', code]);
      expect(r.exitCode, code).toBe(0);
      explained.set(code, r.stdout);
    }
    // A finding no step could know is the command's own (`kustodian check`).
    for (const [code, by, help] of findings)
      expect(explained.get(code), code).toContain(`${code}: finding of ${by.startsWith('kustodian ') ? by : `step ${by}`}\n${help}\n`);
    for (const [code, exit, help] of failures) expect(explained.get(code), code).toContain(`${code}: failure, exit ${exit}\n${help}\n`);
  });

  it('accepts the lower-case, dashed spelling and refuses unknown codes', async () => {
    expect((await kustodian(['explain', 'flyway-duplicate-version'])).stdout).toMatch(
      /^FLYWAY_DUPLICATE_VERSION: finding of step flyway-versions\n/,
    );
    const r = await kustodian(['explain', 'NO_SUCH_CODE']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown code "NO_SUCH_CODE"');
  });
});

describe('check - (a rendered stream on stdin)', () => {
  it('runs every step over the stream and exits 1 on an error finding', async () => {
    const r = await kustodian(['check', '-', '--format', 'json'], { env, input: stream });
    expect(r.exitCode, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { apps: { dir: string; findings: { code: string; resource?: { name: string } }[] }[] };
    expect(report.apps.map((a) => a.dir)).toEqual(['-']);
    expect(report.apps[0]!.findings.find((f) => f.code === 'SECRET_KEY_MISSING')?.resource?.name).toBe('api');
  });

  it('exits 0 on a stream without errors', async () => {
    const clean = stream.replace('DB_URL: postgres://db', 'DB_URL: postgres://db\n  REDIS_URL: redis://cache');
    const r = await kustodian(['check', '-'], { env, input: clean });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 app: 1 passed, 0 with errors, 0 could not be checked; findings: 0 errors/);
  });

  it('reports a stream that is not YAML as INPUT_INVALID (exit 3)', async () => {
    const r = await kustodian(['check', '-'], { env, input: 'a: [\n' });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('INPUT_INVALID');
  });

  it('takes no directories with -', async () => {
    const r = await kustodian(['check', '-', 'examples/giftify/overlays/prod'], { env, input: stream });
    expect(r.exitCode).toBe(2);
  });
});

describe('--min-severity and --quiet', () => {
  it('--min-severity error leaves out warnings and infos, and the summary does not count them', async () => {
    const all = await kustodian(['check', broken, '--format', 'json'], { env });
    const codes = (JSON.parse(all.stdout) as { apps: { findings: { severity: string }[] }[] }).apps[0]!.findings.map((f) => f.severity);
    expect(codes).toContain('info');
    const r = await kustodian(['check', broken, '--min-severity', 'error'], { env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).not.toMatch(/\binfo\b/);
    expect(r.stdout).toMatch(/1 app: 0 passed, 1 with errors, 0 could not be checked; findings: 2 errors\n$/);
  });

  it('refuses an unknown severity', async () => {
    const r = await kustodian(['check', broken, '--min-severity', 'notice'], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--min-severity must be one of error, warning, info');
  });

  it('--quiet prints nothing for a clean app and only findings otherwise', async () => {
    const clean = await kustodian(['check', 'test/fixtures/check/monorepo/overlays/prod', '--quiet', '--min-severity', 'error'], { env });
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stdout).toBe('');
    const r = await kustodian(['check', broken, '--quiet'], { env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('FLYWAY_DUPLICATE_VERSION');
    expect(r.stdout).not.toContain('app checked');
  });
});

describe('infos', () => {
  it('are no SARIF results by default, and are with --min-severity info', async () => {
    const levels = (out: string) => (JSON.parse(out) as { runs: { results: { level: string }[] }[] }).runs[0]!.results.map((x) => x.level);
    const byDefault = await kustodian(['check', broken, '--format', 'sarif'], { env });
    expect(byDefault.exitCode).toBe(1);
    expect(levels(byDefault.stdout)).toContain('error');
    expect(levels(byDefault.stdout)).not.toContain('note');
    const all = await kustodian(['check', broken, '--format', 'sarif', '--min-severity', 'info'], { env });
    expect(levels(all.stdout)).toContain('note');
  });

  it('are not counted by a failed render, which never shows them', async () => {
    const r = await kustodian(['render', broken], { env });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/kustodian: render failed: 2 errors, 0 warnings\n$/);
    expect(r.stderr).not.toMatch(/\binfos?\b/);
  });
});

describe('a duplicate Flyway version', () => {
  it('is one finding, at one file, with every other file as a related location (SARIF relatedLocations)', async () => {
    const r = await kustodian(['check', broken, '--format', 'sarif'], { env });
    expect(r.exitCode).toBe(1);
    type Location = { physicalLocation: { artifactLocation: { uri: string } } };
    const results = (
      JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: Location[]; relatedLocations?: Location[] }[] }[] }
    ).runs[0]!.results.filter((x) => x.ruleId === 'FLYWAY_DUPLICATE_VERSION');
    expect(results).toHaveLength(1);
    const uris = (ls: Location[] | undefined) => (ls ?? []).map((l) => l.physicalLocation.artifactLocation.uri);
    expect([...uris(results[0]!.locations), ...uris(results[0]!.relatedLocations)].sort()).toEqual([
      'examples/giftify/db/migration/V0.0.12__add_gift_wrap.sql',
      'examples/giftify/overlays/broken/migrations/V0.0.12__add_gift_reminders.sql',
    ]);
  });

  it('is printed once by render', async () => {
    const r = await kustodian(['render', broken], { env });
    expect(r.stderr.match(/FLYWAY_DUPLICATE_VERSION/g)).toHaveLength(1);
  });
});
