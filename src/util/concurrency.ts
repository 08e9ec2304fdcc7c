/** Bounded parallelism for commands that work on many overlays at once (`check --all`, `pin --all`). */
import os from 'node:os';

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
