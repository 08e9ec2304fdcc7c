/**
 * `check --shard I/N` (src/sources/app-selection.ts): parseShard accepts exactly `I/N` with
 * 1 ≤ I ≤ N and refuses anything else as a usage error; shardOf splits round robin, so that every
 * directory is in exactly one shard.
 */
import { describe, expect, it } from 'vitest';
import { parseShard, shardOf } from '../../src/sources/app-selection.js';
import { KustodianError } from '../../src/util/errors.js';

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['1/3', { index: 1, count: 3 }],
    ['3/3', { index: 3, count: 3 }],
    [' 2/5 ', { index: 2, count: 5 }],
    ['02/05', { index: 2, count: 5 }],
    ['999999/999999', { index: 999999, count: 999999 }],
  ])('%j is shard %j', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each([
    '',
    '0/3', // shards count from 1
    '3/2', // past the last shard
    '1/0',
    '0/0',
    'a/b',
    '1/b',
    '1',
    '1/',
    '/3',
    '1/2/3',
    '-1/3',
    '1.5/3',
    '1 / 3',
    '1000000/1000000', // more digits than any real job matrix
  ])('%j is a usage error', (text) => {
    expect(() => parseShard(text)).toThrow(KustodianError);
    expect(() => parseShard(text)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('shardOf', () => {
  const dirs = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  it.each([
    [{ index: 1, count: 1 }, dirs],
    [{ index: 1, count: 3 }, ['a', 'd', 'g']],
    [{ index: 2, count: 3 }, ['b', 'e']],
    [{ index: 3, count: 3 }, ['c', 'f']],
    [{ index: 8, count: 8 }, []],
  ])('shard %j of 7 directories is %j', (shard, expected) => {
    expect(shardOf(dirs, shard)).toEqual(expected);
  });

  it('puts every directory in exactly one shard', () => {
    const shards = [1, 2, 3, 4].map((index) => shardOf(dirs, { index, count: 4 }));
    expect(shards.flat().sort()).toEqual(dirs);
  });
});
