import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The longest the bar stays invisible for anything it waits for (the theme, the logo, the help menu's module). */
export const REVEAL_GRACE_MS = 3000;

/**
 * Keeps the header bar's content invisible while something that would move it is on its way (the first theme,
 * a logo without its size, the help menu's button), each for at most {@link REVEAL_GRACE_MS}: the one place of
 * that rule. `hidden` is true while any hold is on; the host renders again when the last one goes.
 */
export class RevealController implements ReactiveController {
  readonly #holds = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whether the bar waits for anything. */
  get hidden(): boolean {
    return this.#holds.size > 0;
  }

  /** Keeps the bar hidden for `reason` until `release(reason)`, at most the grace time (then `onTimeout`). */
  hold(reason: string, onTimeout?: () => void): void {
    clearTimeout(this.#holds.get(reason));
    this.#holds.set(
      reason,
      setTimeout(() => {
        this.release(reason);
        onTimeout?.();
      }, REVEAL_GRACE_MS),
    );
    this.host.requestUpdate();
  }

  release(reason: string): void {
    if (!this.#holds.has(reason)) return;
    clearTimeout(this.#holds.get(reason));
    this.#holds.delete(reason);
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    for (const reason of [...this.#holds.keys()]) this.release(reason);
  }
}
