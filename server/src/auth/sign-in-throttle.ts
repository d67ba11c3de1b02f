// Sign-in throttling: growing delays per account (the typed username, known or not, so an unknown name is
// throttled like a real one and tells nothing) and per client address, and a cap on how many password checks
// run at once (one scrypt check takes 128 MiB and about a quarter of a second of a core).
//
// The curve (docs/privacy.md): the first `freeFailures` failures cost nothing; from then on each failure makes
// the key wait `baseDelayMs * 2^(k-1)` (k = failures past the free ones), at most `maxDelayMs`. An attempt
// during a wait is refused without checking the password. A success clears the account's failures (not the
// address's: one known account must not reset the count of an address guessing at others). A key's failures
// are forgotten `forgetAfterMs` after its last failure. State is per instance, in memory, bounded.

export interface ThrottleCurve {
  /** failures that cost no wait */
  freeFailures: number;
  /** the wait after the first failure past the free ones */
  baseDelayMs: number;
  /** the longest wait */
  maxDelayMs: number;
}

export interface SignInThrottleOptions {
  account?: ThrottleCurve;
  address?: ThrottleCurve;
  /** a key's failures are forgotten this long after its last one */
  forgetAfterMs?: number;
  /** keys remembered per kind (the oldest go first) */
  maxKeys?: number;
  /** password checks at the same time; more wait in a queue */
  maxConcurrentChecks?: number;
  /** checks waiting for their turn; more are refused as "busy" */
  maxQueuedChecks?: number;
  now?: () => number;
}

export const ACCOUNT_CURVE: ThrottleCurve = Object.freeze({
  freeFailures: 3,
  baseDelayMs: 2_000,
  maxDelayMs: 15 * 60_000,
});
export const ADDRESS_CURVE: ThrottleCurve = Object.freeze({
  freeFailures: 20,
  baseDelayMs: 2_000,
  maxDelayMs: 15 * 60_000,
});

/** The wait after the `failures`-th failure in a row (0: none). */
export function delayAfter(failures: number, curve: ThrottleCurve): number {
  const past = failures - curve.freeFailures;
  if (past <= 0) return 0;
  return Math.min(curve.maxDelayMs, curve.baseDelayMs * 2 ** Math.min(past - 1, 30));
}

interface Entry {
  failures: number;
  /** epoch ms until which attempts are refused */
  until: number;
  last: number;
}

class FailureCounts {
  private entries = new Map<string, Entry>();
  constructor(
    private curve: ThrottleCurve,
    private forgetAfterMs: number,
    private maxKeys: number,
  ) {}

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.last > this.forgetAfterMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  waitMs(key: string, now: number): number {
    const entry = this.live(key, now);
    return entry ? Math.max(0, entry.until - now) : 0;
  }

  fail(key: string, now: number): void {
    const failures = (this.live(key, now)?.failures ?? 0) + 1;
    this.entries.delete(key); // re-inserted last: the map's order is the order of last use
    this.entries.set(key, { failures, until: now + delayAfter(failures, this.curve), last: now });
    while (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(key: string): void {
    this.entries.delete(key);
  }
}

/** Thrown when too many password checks are waiting: the service is busy, the attempt is not counted. */
export class SignInBusyError extends Error {
  constructor() {
    super('Too many sign-in attempts are being checked at the moment.');
    this.name = 'SignInBusyError';
  }
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;

export function createSignInThrottle(options: SignInThrottleOptions = {}) {
  const now = options.now ?? Date.now;
  const forget = options.forgetAfterMs ?? 24 * 3600_000;
  const maxKeys = options.maxKeys ?? 100_000;
  const accounts = new FailureCounts(options.account ?? ACCOUNT_CURVE, forget, maxKeys);
  const addresses = new FailureCounts(options.address ?? ADDRESS_CURVE, forget, maxKeys);
  const maxConcurrent = Math.max(1, options.maxConcurrentChecks ?? 2);
  const maxQueued = Math.max(0, options.maxQueuedChecks ?? 32);
  let running = 0;
  const queue: (() => void)[] = [];

  return {
    /** ms the attempt of this account from this address must still wait (0: go ahead) */
    waitMs(account: string, address: string | undefined): number {
      const at = now();
      return Math.max(accounts.waitMs(account, at), address ? addresses.waitMs(address, at) : 0);
    },
    failed(account: string, address: string | undefined): void {
      const at = now();
      accounts.fail(account, at);
      if (address) addresses.fail(address, at);
    },
    succeeded(account: string): void {
      accounts.clear(account);
    },
    /** runs a password check when one of the slots is free; SignInBusyError when the queue is full */
    async limit<T>(check: () => Promise<T>): Promise<T> {
      if (running >= maxConcurrent) {
        if (queue.length >= maxQueued) throw new SignInBusyError();
        await new Promise<void>((resolve) => queue.push(resolve));
      } else running += 1;
      try {
        return await check();
      } finally {
        const next = queue.shift();
        if (next) next();
        else running -= 1;
      }
    },
    /** checks running and waiting (for tests and the health of the instance) */
    load: () => ({ running, queued: queue.length }),
  };
}
