/**
 * Bounded concurrency (src/util/concurrency.ts): mapBounded keeps the input order, runs exactly as many at once as
 * the limit allows (one at the least) and rejects with the first failure; the Limiter holds its bound even against
 * a newcomer arriving as a slot frees, starts waiters in arrival order, and frees the slot of a failed task.
 */
import { describe, expect, it } from 'vitest';
import { Limiter, mapBounded } from '../../src/util/concurrency.js';

const tick = (ms = 1): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Counts the tasks running at once, and the most seen. */
function gauge(): { enter(): void; leave(): void; readonly max: number } {
  let active = 0;
  let max = 0;
  return {
    enter() {
      active++;
      max = Math.max(max, active);
    },
    leave() {
      active--;
    },
    get max() {
      return max;
    },
  };
}

describe('mapBounded', () => {
  it.each([
    { items: 6, limit: 2 },
    { items: 5, limit: 5 },
    { items: 3, limit: 1 },
  ])('keeps the input order when later items finish first ($items items, limit $limit)', async ({ items, limit }) => {
    const input = Array.from({ length: items }, (_, i) => i);
    const finished: number[] = [];
    const out = await mapBounded(input, limit, async (i) => {
      await tick(2 * (items - i));
      finished.push(i);
      return `r${i}`;
    });
    expect(out).toEqual(input.map((i) => `r${i}`));
    if (limit > 1) expect(finished).not.toEqual(input);
  });

  it.each([
    { items: 10, limit: 3, most: 3 },
    { items: 2, limit: 8, most: 2 },
    { items: 5, limit: 1, most: 1 },
    { items: 4, limit: 0, most: 1 },
    { items: 4, limit: -2, most: 1 },
  ])('runs $most at once for $items items at limit $limit, each item once', async ({ items, limit, most }) => {
    const g = gauge();
    const seen: number[] = [];
    await mapBounded(
      Array.from({ length: items }, (_, i) => i),
      limit,
      async (i) => {
        g.enter();
        seen.push(i);
        await tick();
        g.leave();
      },
    );
    expect(g.max).toBe(most);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: items }, (_, i) => i));
  });

  it('maps an empty list without calling fn', async () => {
    let calls = 0;
    expect(await mapBounded([], 4, () => Promise.resolve(++calls))).toEqual([]);
    expect(calls).toBe(0);
  });

  it.each([
    { how: 'a rejected promise', fn: async (i: number) => (i === 2 ? Promise.reject(new Error('boom 2')) : i) },
    {
      how: 'a synchronous throw',
      fn: (i: number): Promise<number> => {
        if (i === 2) throw new Error('boom 2');
        return Promise.resolve(i);
      },
    },
  ])('rejects with the error of a failing item ($how)', async ({ fn }) => {
    await expect(mapBounded([0, 1, 2, 3], 2, fn)).rejects.toThrow('boom 2');
  });
});

describe('Limiter', () => {
  it.each([
    { max: 1, tasks: 5 },
    { max: 3, tasks: 10 },
    { max: 8, tasks: 4 },
  ])('runs at most $max of $tasks tasks at once, and reaches that bound', async ({ max, tasks }) => {
    const limiter = new Limiter(max);
    const g = gauge();
    const results = await Promise.all(
      Array.from({ length: tasks }, (_, i) =>
        limiter.run(async () => {
          g.enter();
          await tick();
          g.leave();
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: tasks }, (_, i) => i));
    expect(g.max).toBe(Math.min(max, tasks));
  });

  it('starts waiting tasks in the order they arrived', async () => {
    const limiter = new Limiter(1);
    const started: string[] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) =>
        limiter.run(async () => {
          started.push(name);
          await tick();
        }),
      ),
    );
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('hands a freed slot to the waiter, not to a newcomer arriving as the slot frees', async () => {
    const limiter = new Limiter(1);
    const g = gauge();
    const gate = deferred();
    const held = (body: () => Promise<void>) => async () => {
      g.enter();
      await body();
      g.leave();
    };
    const first = limiter.run(() => gate.promise);
    const waiter = limiter.run(held(() => tick()));
    // Registered after the limiter's own await on the gate: runs once the first task's slot was handed on.
    const newcomer = gate.promise.then(() => limiter.run(held(() => tick())));
    gate.resolve();
    await Promise.all([first, waiter, newcomer]);
    expect(g.max).toBe(1);
  });

  it('keeps its bound while finishing tasks submit new ones', async () => {
    const TOTAL = 40;
    const limiter = new Limiter(3);
    const g = gauge();
    const runs: Promise<void>[] = [];
    const task = async (): Promise<void> => {
      g.enter();
      await (runs.length % 2 ? tick() : Promise.resolve());
      g.leave();
      if (runs.length < TOTAL) runs.push(limiter.run(task));
    };
    for (let i = 0; i < 6; i++) runs.push(limiter.run(task));
    // Every run settles only after it submitted its successor, so awaiting them in order sees all TOTAL.
    for (let i = 0; i < runs.length; i++) await runs[i];
    expect(runs).toHaveLength(TOTAL);
    expect(g.max).toBe(3);
  });

  it.each([
    { how: 'a rejected promise', task: () => Promise.reject(new Error('task failed')) },
    {
      how: 'a synchronous throw',
      task: (): Promise<never> => {
        throw new Error('task failed');
      },
    },
  ])('rejects with the error of a failing task ($how) and frees its slot', async ({ task }) => {
    const limiter = new Limiter(1);
    const failed = limiter.run(task);
    const next = limiter.run(() => Promise.resolve('next ran'));
    await expect(failed).rejects.toThrow('task failed');
    await expect(next).resolves.toBe('next ran');
  });
});
