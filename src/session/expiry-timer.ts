/** Warn this long before the session ends... */
export const WARNING_LEAD_MS = 120_000;
/** ...or, for a shorter session, half of its time, but never less than this (WCAG 2.2.1: 20 s to extend). */
export const MIN_WARNING_MS = 20_000;

/** The time source of the timer; tests give their own to move time without waiting. */
export interface TimerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: TimerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * When to start warning for a session that ends at `expiresAt`, learnt at `knownAt`: two minutes before, or
 * half the time left when that is shorter, never less than 20 s before the end.
 */
export function warningStartsAt(expiresAt: number, knownAt: number): number {
  const lead = Math.min(WARNING_LEAD_MS, Math.max(MIN_WARNING_MS, (expiresAt - knownAt) / 2));
  return expiresAt - lead;
}

/** Browsers run a timer at once when its delay does not fit in 32 bits; longer waits are taken in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface ExpiryCallbacks {
  /** The warning starts (or stops: an extension moved the end further than the warning's lead). */
  onExpiringChange(expiring: boolean): void;
  /** The end has come. */
  onExpired(): void;
}

/**
 * Follows one session end: says when the warning starts and when the session is over. Timers can fire late (a
 * hidden tab, a sleeping computer), so every decision is taken from the clock, and `check()` (on becoming
 * visible) catches up.
 */
export class ExpiryTimer {
  expiring = false;
  private expiresAt?: number;
  private warnAt = 0;
  private handle?: unknown;

  constructor(
    private readonly callbacks: ExpiryCallbacks,
    private readonly clock: TimerClock = systemClock,
  ) {}

  /** Follows a new end (undefined: none, nothing to warn about). `expiring` is up to date on return. */
  set(expiresAt: number | undefined) {
    if (expiresAt === this.expiresAt) return;
    this.expiresAt = expiresAt;
    if (expiresAt !== undefined) this.warnAt = warningStartsAt(expiresAt, this.clock.now());
    this.evaluate(false);
  }

  /** Decides again from the clock: after the tab was hidden or the computer slept. */
  check() {
    this.evaluate(true);
  }

  stop() {
    this.set(undefined);
  }

  private evaluate(notify: boolean) {
    this.clock.clearTimeout(this.handle);
    this.handle = undefined;
    const end = this.expiresAt;
    const now = this.clock.now();
    const expiring = end !== undefined && now >= this.warnAt;
    if (expiring !== this.expiring) {
      this.expiring = expiring;
      if (notify) this.callbacks.onExpiringChange(expiring);
    }
    if (end === undefined) return;
    if (now >= end) {
      this.expiresAt = undefined;
      this.expiring = false;
      this.callbacks.onExpired();
      return;
    }
    const next = expiring ? end : this.warnAt;
    this.handle = this.clock.setTimeout(() => this.evaluate(true), Math.min(next - now, MAX_DELAY_MS));
  }
}
