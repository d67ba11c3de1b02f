import type { ReactiveController, ReactiveControllerHost } from 'lit';

interface Host extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Collapses the links into the Menu when they push the bar wider than the header or crowd the brand (which keeps
 * a minimum width); they get another try only on a wider frame. Measures after each render and on resize, in a
 * ResizeObserver's report (after layout, before paint).
 */
export class LinkFitController implements ReactiveController {
  /** The links do not fit beside the brand on this wide bar: they are in the Menu, as on a narrow screen. */
  collapsed = false;
  /** The frame's width when the links collapsed. */
  #collapsedAt = 0;
  #observer?: ResizeObserver;
  /** From the observer's report until the next task: the frame being rendered has been laid out. */
  #inReport = false;

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
    // An update made from the observer's report (the fit's own, or the Menu closing) comes before that frame's
    // paint, its layout fresh: measure at once. Observing anew there would leave a report undelivered, which
    // the browser announces to the page as an error.
    if (this.#inReport) {
      this.#fit();
      return;
    }
    // Otherwise measured in the observer's report, after the browser's next layout and before its paint: a
    // measure here would force a layout in the middle of the update (with a script at the spot, of the
    // half-parsed page; on reveal, one more in the theme's font). Observing anew makes the observer report once
    // more even when the frame kept its size (new links, a theme, the bar shown).
    this.#observer ??= new ResizeObserver(() => this.#report());
    this.#observer.unobserve(frame);
    this.#observer.observe(frame);
  }

  #report() {
    this.#inReport = true;
    setTimeout(() => (this.#inReport = false));
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
