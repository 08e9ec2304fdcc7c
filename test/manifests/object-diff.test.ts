/** The line diff of changed objects: valid unified hunks on the fast path and on the bounded fallback. */
import { describe, expect, it } from 'vitest';
import { applyPatch } from 'diff';
import { unifiedHunks } from '../../src/manifests/object-diff.js';

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => `${f(i)}\n`).join('');

describe('unifiedHunks', () => {
  const cases: [string, string, string][] = [
    ['one line changed', lines(50, (i) => `k${i}: a`), lines(50, (i) => (i === 20 ? 'k20: b' : `k${i}: a`))],
    ['lines added at the end', lines(10, (i) => `k${i}`), lines(14, (i) => `k${i}`)],
    // Beyond the edit bound: the whole middle block replaced, common ends kept.
    ['a block rewritten wholesale', lines(1000, (i) => `k${i}: a`), lines(1000, (i) => (i < 5 || i > 990 ? `k${i}: a` : `k${i}: b`))],
    ['everything rewritten', lines(600, (i) => `a${i}`), lines(300, (i) => `b${i}`)],
    ['all removed', lines(500, (i) => `a${i}`), ''],
  ];
  for (const [name, before, after] of cases) {
    it(`${name}: the hunks turn the base into the head`, () => {
      const hunks = unifiedHunks(before, after);
      expect(hunks).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@\n/);
      expect(applyPatch(before, `--- base\n+++ head\n${hunks}`)).toBe(after);
    });
  }

  it('the fallback keeps three lines of context around the rewritten block', () => {
    const hunks = unifiedHunks(
      lines(1000, (i) => `k${i}: a`),
      lines(1000, (i) => (i < 500 ? `k${i}: a` : `k${i}: b`)),
    );
    expect(hunks.split('\n')[0]).toBe('@@ -498,503 +498,503 @@');
    expect(hunks.split('\n').slice(1, 4)).toEqual([' k497: a', ' k498: a', ' k499: a']);
  });
});
