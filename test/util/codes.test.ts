/**
 * Every finding code is documented: each registered step declares, in its `codes` map, every code it
 * can emit, with help a user can act on. Those help texts become SARIF rule help (`kustodian check
 * --format sarif`) and the finding-code table of docs/steps.md, so an undeclared code would be a finding
 * nobody can look up. A step reports through `report.error(code, …)`, whose `code` is typed by the
 * step's declared codes (src/steps/step.ts `defineStep`), so the compiler rejects an undeclared code;
 * test/pipeline/golden.test.ts checks at run time that each finding's code is in its own step's map.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { steps } from '../../src/index.js';
import { errorCodeHelp } from '../../src/util/errors.js';

const failureCodes = new Set(Object.keys(errorCodeHelp));

describe('finding codes', () => {
  const declared = new Map(steps.map((s) => [s.id, s.codes ?? {}]));

  it('every registered step declares at least one code, each with help that says what to do', () => {
    for (const step of steps) {
      const codes = Object.entries(step.codes ?? {});
      expect(codes.length, `${step.id} declares no codes`).toBeGreaterThan(0);
      for (const [code, help] of codes) {
        expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
        expect(failureCodes.has(code), `${code} is also a failure code`).toBe(false);
        expect(help.length, `${step.id} ${code}: help too short`).toBeGreaterThan(40);
        expect(help, `${step.id} ${code}: one line`).not.toMatch(/\n/);
      }
    }
  });

  it('every code in a golden fixture is declared by a step', () => {
    const fixtures = path.join(repoRoot, 'test', 'fixtures');
    const all = new Set([...declared.values()].flatMap((c) => Object.keys(c)));
    let files = 0;
    for (const group of readdirSync(fixtures)) {
      for (const name of readdirSync(path.join(fixtures, group))) {
        const file = path.join(fixtures, group, name, 'expected-findings.json');
        if (!existsSync(file)) continue;
        files++;
        for (const f of JSON.parse(readFileSync(file, 'utf8')) as { code: string }[]) {
          expect(all.has(f.code), `${group}/${name}: ${f.code}`).toBe(true);
        }
      }
    }
    expect(files).toBeGreaterThan(10);
  });
});
