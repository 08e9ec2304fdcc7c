/**
 * Bounded concurrency, in one place: `Limiter` caps how many tasks run at once wherever they come from (the
 * registry transport keeps one per host), and `mapBounded` maps a known list with that many workers (`check --all`,
 * `pin --all` over many overlays). Hand-written: a few lines each, and p-limit would add a dependency for no gain.
 */
import os from 'node:os';

/**
 * Runs tasks at most `max` at a time; the others wait in the order they arrived. A finishing task hands its slot
 * straight to the next waiter, so a newcomer arriving in between cannot take it too (which let more than `max`
 * run at once).
 */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the input order in the result. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** The default number of overlays worked on at once: the CPU count (kustomize builds are CPU-bound). */
export function defaultConcurrency(): number {
  return Math.max(1, os.availableParallelism());
}
