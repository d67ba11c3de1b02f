import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isServer } from 'lit-html/is-server.js';

interface Host extends ReactiveControllerHost, HTMLElement {}

/**
 * Whether the host's first render is a hydration: it had a shadow root before it was defined (declarative
 * shadow DOM from `renderHeader`), or it renders on the server. Lit's hydration adopts the server's DOM and
 * does not commit the values of that first render, so while `hydrating` the host must compute exactly what the
 * server computed (no page URL, no `CSS.supports`, the server's language); right after, a second render moves
 * what differs in this browser.
 */
export class HydrationController implements ReactiveController {
  hydrating: boolean;

  constructor(private readonly host: Host) {
    this.hydrating = isServer || !!host.shadowRoot;
    host.addController(this);
  }

  hostUpdated() {
    if (!this.hydrating) return;
    this.hydrating = false;
    this.host.requestUpdate();
  }
}
