/**
 * The summary of a `check` report says how many apps passed, how many have error findings and how many
 * could not be checked, each by name and count, so that no reading of it hides an app with errors (the
 * former `1 app checked: 0 failed, 3 errors` read as "nothing failed"). The JSON summary carries the
 * same counts beside its older keys.
 */
import { describe, expect, it } from 'vitest';
import {
  formatGithub,
  formatJson,
  formatText,
  reportAtSeverity,
  type AppReport,
  type CheckReport,
  type Finding,
  type Severity,
} from '../../src/index.js';

const finding = (severity: Severity): Finding => ({ severity, code: `TEST_${severity.toUpperCase()}`, message: 'm' });
const ok = (dir: string, ...severities: Severity[]): AppReport => ({
  dir,
  kustomization: `${dir}/kustomization.yaml`,
  findings: severities.map(finding),
});
const failed = (dir: string): AppReport => ({ ...ok(dir), failure: { code: 'RENDER_FAILED', message: 'kustomize failed', exitCode: 3 } });
const report = (...apps: AppReport[]): CheckReport => ({ apps, help: {}, stepOf: {}, version: '0' });

const lastLine = (text: string) => text.trimEnd().split('\n').pop();

describe('check summary', () => {
  const cases: { name: string; report: CheckReport; line: string; json: Record<string, number> }[] = [
    {
      name: 'no apps',
      report: report(),
      line: '0 apps: 0 passed, 0 with errors, 0 could not be checked; findings: 0 errors, 0 warnings, 0 infos',
      json: { apps: 0, passed: 0, withErrors: 0, failed: 0, error: 0, warning: 0, info: 0 },
    },
    {
      name: 'one app with three errors (examples/giftify/overlays/broken)',
      report: report(ok('broken', 'error', 'error', 'error')),
      line: '1 app: 0 passed, 1 with errors, 0 could not be checked; findings: 3 errors, 0 warnings, 0 infos',
      json: { apps: 1, passed: 0, withErrors: 1, failed: 0, error: 3, warning: 0, info: 0 },
    },
    {
      name: 'warnings and infos do not stop an app passing',
      report: report(ok('a', 'warning', 'info'), ok('b')),
      line: '2 apps: 2 passed, 0 with errors, 0 could not be checked; findings: 0 errors, 1 warning, 1 info',
      json: { apps: 2, passed: 2, withErrors: 0, failed: 0, error: 0, warning: 1, info: 1 },
    },
    {
      name: 'every kind of app at once',
      report: report(ok('a'), ok('b', 'error', 'warning'), failed('c'), failed('d')),
      line: '4 apps: 1 passed, 1 with errors, 2 could not be checked; findings: 1 error, 1 warning, 0 infos',
      json: { apps: 4, passed: 1, withErrors: 1, failed: 2, error: 1, warning: 1, info: 0 },
    },
  ];
  for (const c of cases) {
    it(`${c.name}: text and github say so, json counts it`, () => {
      expect(lastLine(formatText(c.report))).toBe(c.line);
      expect(lastLine(formatGithub(c.report))).toBe(c.line);
      expect((JSON.parse(formatJson(c.report)) as { summary: unknown }).summary).toEqual(c.json);
    });
  }

  it('--min-severity leaves the severities it hides out of the line, never an app category', () => {
    const r = reportAtSeverity(report(ok('a', 'error', 'info'), ok('b', 'warning')), 'error');
    expect(lastLine(formatText(r))).toBe('2 apps: 1 passed, 1 with errors, 0 could not be checked; findings: 1 error');
  });
});
