/**
 * The retry rules (src/registry/retry-policy.ts): which answers and failures earn another attempt (429 and 5xx but
 * not 501; network and timeout but not a refusal, a budget or an interruption), Retry-After read as seconds or as
 * an HTTP date (a past date means now, garbage means "use the backoff"), and the doubling backoff with ±10 % jitter.
 */
import { describe, expect, it } from 'vitest';
import { KustodianError } from '../../src/util/errors.js';
import { RegistryError, type RegistryErrorReason } from '../../src/registry/registry-error.js';
import { backoffMs, isRetryableError, isRetryableStatus, retryAfterMs } from '../../src/registry/retry-policy.js';

describe('isRetryableStatus', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [599, true],
    [501, false],
    [200, false],
    [304, false],
    [400, false],
    [401, false],
    [404, false],
    [428, false],
  ])('%i → %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});

describe('isRetryableError', () => {
  const reasons: [RegistryErrorReason, boolean][] = [
    ['network', true],
    ['timeout', true],
    ['server', false],
    ['budget', false],
    ['insecure', false],
    ['unauthorized', false],
    ['not-found', false],
    ['digest-mismatch', false],
  ];
  it.each(reasons)('RegistryError %s → %s', (reason, expected) => {
    expect(isRetryableError(new RegistryError(reason, 'x'))).toBe(expected);
  });
  it.each([
    ['an interruption', new KustodianError('INTERRUPTED', 'registry lookup interrupted')],
    ['a plain Error with a network code', Object.assign(new Error('reset'), { code: 'ECONNRESET' })],
    ['a string', 'network'],
  ])('%s → false', (_what, error) => {
    expect(isRetryableError(error)).toBe(false);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-02T03:04:05Z');
  it.each<[string | null, number | undefined]>([
    ['0', 0],
    ['5', 5000],
    [' 120 ', 120_000],
    ['Fri, 02 Jan 2026 03:04:15 GMT', 10_000],
    ['Fri, 02 Jan 2026 03:04:05 GMT', 0],
    ['Thu, 01 Jan 2026 00:00:00 GMT', 0],
    [null, undefined],
    ['', undefined],
    ['soon', undefined],
  ])('%j → %s', (value, expected) => {
    expect(retryAfterMs(value, now)).toBe(expected);
  });
});

describe('backoffMs', () => {
  it.each([
    { attempt: 0, base: 500, random: 0.5, expected: 500 },
    { attempt: 1, base: 500, random: 0.5, expected: 1000 },
    { attempt: 2, base: 500, random: 0.5, expected: 2000 },
    { attempt: 2, base: 500, random: 0, expected: 1800 },
    { attempt: 3, base: 100, random: 1, expected: 880 },
    { attempt: 4, base: 0, random: 0.7, expected: 0 },
  ])('attempt $attempt, base $base, random $random → $expected ms', ({ attempt, base, random, expected }) => {
    expect(backoffMs(attempt, base, () => random)).toBeCloseTo(expected, 6);
  });

  it('stays within ±10 % of the doubled base with the real random source', () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const ms = backoffMs(attempt, 500);
      expect(ms).toBeGreaterThanOrEqual(500 * 2 ** attempt * 0.9);
      expect(ms).toBeLessThanOrEqual(500 * 2 ** attempt * 1.1);
    }
  });
});
