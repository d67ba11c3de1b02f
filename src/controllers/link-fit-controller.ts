import type { ReactiveController, ReactiveControllerHost } from 'lit';

interface Host extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Collapses the links into the Menu when they push the bar wider than the header or crowd the brand (which keeps
 * a minimum width); they get another try only on a wider frame. Measures after each render and on resize.
 */
export class LinkFitController implements ReactiveController {
  /** The links do not fit beside the brand on this wide bar: they are in the Menu, as on a narrow screen. */
  collapsed = false;
  /** The frame's width when the links collapsed. */
  #collapsedAt = 0;
  #observer?: ResizeObserver;

  constructor(
    private readonly host: Host,
    /** Called after each measure (e.g. to close the Menu when its button is gone). */
    private readonly afterFit: () => void,
  ) {
    host.addController(this);
  }

  /** Other links may fit: measure again after the next render. */
  reset(): void {
    this.collapsed = false;
  }

  hostUpdated(): void {
    const frame = this.#frame();
    if (!frame) return;
    if (!this.#observer) {
      // The first measure is the observer's own first report, after the browser's next layout and before its
      // paint: measuring here would force a layout of the half-parsed page in the middle of the script (with a
      // script at the spot, the costliest thing the header did before its first paint).
      this.#observer = new ResizeObserver(() => this.#fit());
      this.#observer.observe(frame);
      return;
    }
    this.#fit();
  }

  #frame() {
    return this.host.renderRoot.querySelector<HTMLElement>('.frame');
  }

  #fit() {
    const frame = this.#frame()!;
    const overflows = (element: Element | null) => element && element.scrollWidth > element.clientWidth;
    const before = this.collapsed;
    if (this.collapsed) {
      if (frame.clientWidth > this.#collapsedAt) this.collapsed = false;
    } else if (overflows(frame.firstElementChild) || overflows(frame.querySelector('.start'))) {
      this.#collapsedAt = frame.clientWidth;
      this.collapsed = true;
    }
    if (this.collapsed !== before) this.host.requestUpdate();
    this.afterFit();
  }
}
