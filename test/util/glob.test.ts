/**
 * The config's glob dialect (src/util/glob.ts): `*` and `?` stay within a `/`-separated segment, `**`
 * crosses segments, the pattern is anchored at both ends, and every other character is literal.
 */
import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src/util/glob.js';

describe('globToRegExp', () => {
  it.each([
    // glob, text, matches
    ['', '', true],
    ['', 'a', false],
    ['api', 'api', true],
    ['api', 'api-server', false], // anchored at the end
    ['api', 'my-api', false], // anchored at the start
    ['api-*', 'api-server', true],
    ['api-*', 'api-', true],
    ['api-*', 'api', false],
    ['*', '', true],
    ['*', 'a/b', false], // `*` stays within a segment
    ['**', 'a/b/c', true],
    ['**', '', true],
    ['a/**/z', 'a/b/c/z', true],
    ['a/**/z', 'a/z', false], // both slashes are literal
    ['a/*/z', 'a/b/z', true],
    ['a/*/z', 'a/b/c/z', false],
    ['db-?', 'db-1', true],
    ['db-?', 'db-', false],
    ['db-?', 'db-12', false],
    ['?', '/', false],
    ['postgres:1?.*', 'postgres:16.4', true],
    ['postgres:1?.*', 'postgres:16x4', false], // `.` is literal, not any character
    ['a+b', 'a+b', true],
    ['a+b', 'aab', false],
    ['(x)|y', '(x)|y', true],
    ['(x)|y', 'y', false],
    ['[ab]', '[ab]', true],
    ['[ab]', 'a', false],
    ['^$', '^$', true],
    ['a{1,2}', 'a{1,2}', true],
    ['a{1,2}', 'aa', false],
    ['c:\\d', 'c:\\d', true],
    ['c:\\d', 'c:1', false],
  ])('%j on %j: %s', (glob, text, matches) => {
    expect(globToRegExp(glob).test(text)).toBe(matches);
  });

  it.each([
    [{}, 'API-Server', false],
    [{ ignoreCase: true }, 'API-Server', true],
    [{ ignoreCase: false }, 'API-Server', false],
  ])('api-* with %j on %j: %s', (options, text, matches) => {
    expect(globToRegExp('api-*', options).test(text)).toBe(matches);
  });
});
