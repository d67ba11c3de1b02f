import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isServer } from 'lit-html/is-server.js';
import { PRERENDER_PAGE, serverRender } from '../internal/prerender.js';
import type { HydrationController } from './hydration-controller.js';

interface Host extends ReactiveControllerHost, HTMLElement {}

/** The Navigation API, where the browser has it (it tells of pushState too, which no event on window does). */
const navigation = () => (globalThis as { navigation?: EventTarget }).navigation;

/**
 * Which page the header is on, for the link marked as the current page and the sign-in's return URL: this page
 * in the browser, following client-side navigations (pushState, back, forward) through the Navigation API; the
 * page as the server saw it while hydrating (`data-loket-page`) and on the server.
 */
export class CurrentPageController implements ReactiveController {
  constructor(
    private readonly host: Host,
    private readonly hydration: HydrationController,
  ) {
    host.addController(this);
  }

  get page(): string | undefined {
    if (isServer) return serverRender.context?.page;
    return this.hydration.hydrating ? (this.host.getAttribute(PRERENDER_PAGE) ?? undefined) : location.href;
  }

  hostConnected(): void {
    navigation()?.addEventListener('currententrychange', this.#onNavigated);
  }

  hostDisconnected(): void {
    navigation()?.removeEventListener('currententrychange', this.#onNavigated);
  }

  readonly #onNavigated = () => this.host.requestUpdate();
}
