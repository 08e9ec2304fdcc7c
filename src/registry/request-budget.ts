/**
 * The time budget of one client's registry work (config images.budgetSeconds), counted from the client's creation,
 * and the caller's own abort signal (SIGTERM, a deadline of its own). A render must end in bounded time even when a
 * registry stalls, answers 429 for minutes or keeps Retry-After high; the budget stops every lookup with reason
 * `budget`, a fired caller signal with INTERRUPTED. Kept apart from the request flow (transport.ts) so that the one
 * rule, "which of the two stopped us", is spelled once.
 */
import { KustodianError } from '../util/errors.js';
import { RegistryError } from './registry-error.js';

/** One client's budget and abort signal; the transport asks it before each request and each pause. */
export class RequestBudget {
  /** Aborted when the budget runs out or the caller's signal fires. */
  readonly signal: AbortSignal;
  private readonly deadline: number;

  constructor(
    budgetMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.deadline = Date.now() + budgetMs;
    const budget = AbortSignal.timeout(budgetMs);
    this.signal = callerSignal ? AbortSignal.any([callerSignal, budget]) : budget;
  }

  /** The error for a budget that ran out. */
  error(registry: string): RegistryError {
    return new RegistryError('budget', `registry ${registry}: the time budget for registry lookups ran out`, { registry });
  }

  /** Why the work was stopped, if it was: INTERRUPTED for the caller's signal (it wins), else the budget error. */
  stopped(registry: string): KustodianError | undefined {
    if (this.callerSignal?.aborted) return interrupted();
    if (this.signal.aborted) return this.error(registry);
    return undefined;
  }

  /** Throws before a request when the work was stopped or the deadline has passed. */
  check(registry: string): void {
    const stop = this.stopped(registry) ?? (Date.now() >= this.deadline ? this.error(registry) : undefined);
    if (stop) throw stop;
  }

  /** Sleeps before a retry unless that would overrun the budget, in which case the budget error is thrown now. */
  async pause(ms: number, registry: string): Promise<void> {
    if (Date.now() + ms >= this.deadline) throw this.error(registry);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(this.callerSignal?.aborted ? interrupted() : this.error(registry));
      };
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function interrupted(): KustodianError {
  return new KustodianError('INTERRUPTED', 'registry lookup interrupted', { signal: 'SIGTERM' });
}
