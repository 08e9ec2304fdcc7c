/** The command line surface: version, help, and usage errors (exit 2, nothing on stdout, a short stderr). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { kustodian, repoRoot } from '../helpers/cli.js';

const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const app = path.join(repoRoot, 'test', 'cmp', 'repo', 'apps', 'plain');

describe('kustodian', () => {
  it('--version prints the package version on stdout', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await kustodian([flag]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it('--help lists the commands, the render flags and the exit codes', async () => {
    const r = await kustodian(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    for (const part of ['render', '--namespace', '--enable-helm', '--load-restrictor', '--config', '143']) expect(r.stdout).toContain(part);
    const sub = await kustodian(['render', '--help']);
    expect(sub.exitCode).toBe(0);
    expect(sub.stdout).toContain('kustodian render [DIR]');
  });

  it('no arguments: a one-line usage error naming the commands, exit 2', async () => {
    const r = await kustodian([]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^kustodian: USAGE: no command given; usage: kustodian render\|check\|fn\|pin\|diff\|explain .*--help/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown flag is a short usage error naming the flag', async () => {
    for (const args of [['render', app, '--bogus'], ['--bogus']]) {
      const r = await kustodian(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('USAGE');
      expect(r.stderr).toContain('--bogus');
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    }
  });

  it('an unknown command is a usage error that lists the commands', async () => {
    const r = await kustodian(['frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('frobnicate');
    expect(r.stderr).toContain('render');
  });

  it('render: bad arguments are usage errors', async () => {
    for (const args of [
      ['render', app, app],
      ['render', path.join(app, 'missing')],
      ['render', path.join(app, 'deployment.yaml')],
      ['render', app, '--load-restrictor'],
      ['render', app, '--load-restrictor', 'sometimes'],
      ['render', app, '--config', path.join(app, 'no-such-kustodian.yaml')],
    ]) {
      const r = await kustodian(args, { env: { KUSTODIAN_PIN: 'off' } });
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('render: flags reach kustomize and output goes to stdout only', async () => {
    const r = await kustodian(['render', app, '--load-restrictor', 'root', '--namespace', 'elsewhere'], { env: { KUSTODIAN_PIN: 'off' } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // --namespace is for checks: the output keeps the kustomization's namespace.
    expect(r.stdout).toContain('namespace: giftify');
    expect(r.stdout).not.toContain('elsewhere');
  });

  it('--version with extra arguments, and --help after --, are usage errors, not answers', async () => {
    for (const args of [
      ['--version', '--bogus'],
      ['render', '--', '--help'],
    ]) {
      const r = await kustodian(args, { env: { KUSTODIAN_PIN: 'off' } });
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr).toContain('USAGE');
    }
  });
});
