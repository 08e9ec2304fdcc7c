/** A step reports through `report`; the reporter fills in the resource ref (default namespace), the field path and the step id. */
import { describe, expect, it } from 'vitest';
import { createContext, defineStep, parseStream, runPipeline } from '../../src/index.js';

describe('the step reporter', () => {
  it('fills in resourceRef, field and step, and keeps findings a step returns', async () => {
    const step = defineStep({
      id: 'test-report',
      kind: 'validate',
      summary: 'test only',
      codes: {
        TEST_ONE: 'help text for the first test code, long enough to read',
        TEST_TWO: 'help text for the second test code, long enough to read',
      },
      run(ctx, report) {
        report.warning('TEST_ONE', ctx.resources[0], ['spec', 'template', 'spec', 'containers', 0, 'image'], 'one');
        report.error('TEST_TWO', undefined, undefined, 'two', { file: { path: 'db/V1__a.sql' } });
        return [{ severity: 'info', code: 'TEST_ONE', message: 'returned' }];
      },
    });
    const ctx = await createContext({
      resources: parseStream('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n'),
      config: { apiVersion: 'kustodian.dev/v1alpha1', kind: 'Config' },
      defaultNamespace: 'shop',
      mode: 'check',
      env: {},
    });
    const { findings } = await runPipeline(ctx, [step]);
    expect(findings).toEqual([
      { severity: 'error', code: 'TEST_TWO', message: 'two', file: { path: 'db/V1__a.sql' }, step: 'test-report' },
      {
        severity: 'warning',
        code: 'TEST_ONE',
        message: 'one',
        resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' },
        field: { path: 'spec.template.spec.containers[0].image' },
        step: 'test-report',
      },
      { severity: 'info', code: 'TEST_ONE', message: 'returned', step: 'test-report' },
    ]);
    // Settings are read typed: every default is present.
    expect([ctx.config.images.pin, ctx.config.checks.sops, ctx.config.pgdata.guard]).toEqual(['resolve', 'on', true]);
  });
});
