/**
 * `kustodian check` reports: golden files for every format over the fixture monorepo (bases,
 * components, several overlays), `--all` discovery, and SARIF validated against the official
 * SARIF 2.1.0 schema (vendored in test/data). Goldens use the public API with the empty-render step
 * plus test-only steps, so later steps cannot change them; UPDATE_GOLDEN=1 rewrites them.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/sarif.js';
import {
  check,
  checkExitCode,
  findLeafOverlays,
  formatGithub,
  formatJson,
  formatSarif,
  formatText,
  steps as registry,
  type CheckReport,
} from '../../src/index.js';
import { imageTags, wouldAnnotate } from '../helpers/check-steps.js';

const monorepo = path.join(repoRoot, 'test', 'fixtures', 'check', 'monorepo');
const goldenDir = path.join(repoRoot, 'test', 'fixtures', 'check', 'golden');
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
const env = { PATH: process.env.PATH ?? '', HOME: '/tmp', TMPDIR: process.env.TMPDIR ?? '/tmp' };

function golden(name: string, actual: string): void {
  // Times differ from run to run; the golden keeps the key, not the number.
  const normalised = actual
    .split(version)
    .join('<version>')
    .replace(/"durationMs": \d+/g, '"durationMs": "<ms>"');
  const file = path.join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, normalised);
  expect(normalised).toBe(readFileSync(file, 'utf8'));
}

describe('check --all on the fixture monorepo', () => {
  let report: CheckReport;
  beforeAll(async () => {
    report = await check({
      dirs: [],
      all: [monorepo],
      root: repoRoot,
      env,
      steps: [...registry.filter((s) => s.id === 'empty-render'), wouldAnnotate, imageTags],
    });
  });

  it('finds exactly the leaf overlays: not bases, not used overlays, not components', async () => {
    const leaves = (await findLeafOverlays(monorepo)).map((d) => path.relative(monorepo, d));
    expect(leaves).toEqual(['apps/legacy', 'overlays/empty', 'overlays/prod', 'overlays/staging']);
    expect(report.apps.map((a) => a.dir)).toEqual(leaves.map((l) => `test/fixtures/check/monorepo/${l}`));
  });

  it('locates findings in the defining file, at the line of the field', () => {
    const prod = report.apps.find((a) => a.dir.endsWith('overlays/prod'))!;
    const latest = prod.findings.find((f) => f.code === 'TEST_IMAGE_LATEST')!;
    expect(latest.file).toEqual({ path: 'test/fixtures/check/monorepo/bases/api/deployment.yaml', line: 15 });
    const untagged = prod.findings.find((f) => f.code === 'TEST_IMAGE_UNTAGGED')!;
    expect(untagged.resourceRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop-prod', name: 'prod-worker' });
    expect(untagged.file).toEqual({ path: 'test/fixtures/check/monorepo/bases/worker/worker.yaml', line: 15 });
    const empty = report.apps.find((a) => a.dir.endsWith('overlays/empty'))!;
    expect(empty.findings.map((f) => f.code)).toEqual(['EMPTY_RENDER']);
    expect(checkExitCode(report)).toBe(1);
  });

  it('text', () => golden('report.txt', formatText(report)));
  it('text has colour only when asked', () => {
    expect(formatText(report)).not.toContain('\x1b[');
    expect(formatText(report, { color: true })).toContain('\x1b[31merror');
  });
  it('json', () => {
    const text = formatJson(report);
    golden('report.json', text);
    const doc = JSON.parse(text) as { version: number; summary: Record<string, number> };
    expect(doc.version).toBe(1);
    expect(doc.summary).toEqual({ apps: 4, passed: 1, withErrors: 3, failed: 0, error: 3, warning: 2, info: 4 });
  });
  it('github', () => golden('report.github.txt', formatGithub(report)));
  it('sarif, valid against the SARIF 2.1.0 schema', () => {
    const text = formatSarif(report);
    golden('report.sarif', text);
    const validate = sarifValidator();
    const doc = JSON.parse(text) as {
      runs: { tool: { driver: { rules: { id: string; help: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = doc.runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual(['EMPTY_RENDER', 'TEST_IMAGE_LATEST', 'TEST_IMAGE_UNTAGGED', 'TEST_WOULD_ANNOTATE']);
    expect(run.tool.driver.rules.find((r) => r.id === 'TEST_IMAGE_UNTAGGED')?.help.text).toBe(imageTags.summary);
    for (const r of run.results) expect(ids[r.ruleIndex]).toBe(r.ruleId);
  });
  it('the schema check is not vacuous: a broken log fails it', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal', message: {} }] }] })).toBe(false);
  });
});
