import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `onOutsideClick` for every click on the page outside the host (its shadow tree counts as inside),
 * while the host is connected: how a disclosure menu closes when the citizen clicks elsewhere.
 */
export class OutsideClickController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #onOutsideClick: () => void;

  constructor(host: ReactiveControllerHost & HTMLElement, onOutsideClick: () => void) {
    this.#host = host;
    this.#onOutsideClick = onOutsideClick;
    host.addController(this);
  }

  hostConnected() {
    document.addEventListener('click', this.#onClick);
  }

  hostDisconnected() {
    document.removeEventListener('click', this.#onClick);
  }

  readonly #onClick = (event: MouseEvent) => {
    if (!event.composedPath().includes(this.#host)) this.#onOutsideClick();
  };
}
