// check's report carries help per code for SARIF rules (ruleHelp): the same text and step as the
// catalog `explain` and the docs use, without the catalog's sorting.
import { describe, expect, it } from 'vitest';
import { codeCatalog, ruleHelp } from '../../src/commands/code-catalog.js';
import { steps } from '../../src/steps/index.js';
import type { Step } from '../../src/steps/index.js';

describe('ruleHelp', () => {
  it('gives every catalog code its help and step, as the catalog does', () => {
    const want: Record<string, string> = {};
    const wantStep: Record<string, string> = {};
    for (const e of codeCatalog(steps)) {
      want[e.code] = e.help;
      if (e.step) wantStep[e.code] = e.step;
    }
    const { help, stepOf } = ruleHelp(steps, []);
    expect(help).toEqual(want);
    expect(stepOf).toEqual(wantStep);
    expect(Object.keys(help).length).toBeGreaterThan(40);
  });

  it("uses an embedder's step summary for its codes that no table documents", () => {
    const custom = { id: 'house-rules', summary: 'Our house rules.' } as unknown as Step;
    const { help, stepOf } = ruleHelp([...steps, custom], [{ severity: 'error', code: 'HOUSE_RULE', message: 'no', step: 'house-rules' }]);
    expect(help.HOUSE_RULE).toBe('Our house rules.');
    expect(stepOf.HOUSE_RULE).toBe('house-rules');
  });
});
