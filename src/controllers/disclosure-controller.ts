import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { showPopover } from '../internal/popover.js';

interface DisclosureHost extends ReactiveControllerHost, HTMLElement {}

export interface DisclosureParts {
  /** Whether the panel is open (the host's own property, so that it can be reflected or be state). */
  isOpen(): boolean;
  setOpen(open: boolean): void;
  /** The button that opens and closes the panel. */
  trigger(): HTMLElement | null | undefined;
  /** The panel (with `popover=${popoverMode}`: shown in the top layer where the browser can anchor it). */
  panel(): HTMLElement | null | undefined;
}

/**
 * One disclosure behaviour for every menu of the header (the narrow Menu, the help menu, the profile menu):
 * the button toggles the panel; Escape closes it and gives focus back to the button; a click elsewhere on the page
 * (outside the host and its shadow tree) closes it; a panel that closes while focus is inside it gives focus back
 * to the button; the panel opens in the top layer as a popover where the browser supports anchoring it.
 * Bind `toggle` to the button's click and `onKeydown` to a keydown listener around the button and the panel.
 */
export class DisclosureController implements ReactiveController {
  #returnFocus = false;

  constructor(
    private readonly host: DisclosureHost,
    private readonly parts: DisclosureParts,
  ) {
    host.addController(this);
  }

  get open(): boolean {
    return this.parts.isOpen();
  }

  /** Opens the panel when closed, closes it when open; returns the new state. */
  readonly toggle = (): boolean => {
    this.parts.setOpen(!this.open);
    return this.open;
  };

  /** Closes the panel; with `returnFocus`, focus goes back to the button. */
  close(returnFocus = false): void {
    if (!this.open) return;
    this.parts.setOpen(false);
    if (returnFocus) this.parts.trigger()?.focus();
  }

  readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.open) return;
    event.stopPropagation();
    this.close(true);
  };

  hostConnected(): void {
    document.addEventListener('click', this.#onDocumentClick);
  }

  hostDisconnected(): void {
    document.removeEventListener('click', this.#onDocumentClick);
  }

  hostUpdate(): void {
    // Closing with focus inside the panel would drop it on the page's body: it goes back to the button.
    const panel = this.parts.panel();
    const focused = this.host.shadowRoot?.activeElement;
    this.#returnFocus = !this.open && !!focused && !!panel?.contains(focused);
  }

  hostUpdated(): void {
    showPopover(this.parts.panel(), this.open);
    if (this.#returnFocus) {
      this.#returnFocus = false;
      this.parts.trigger()?.focus();
    }
  }

  readonly #onDocumentClick = (event: MouseEvent): void => {
    if (this.open && !event.composedPath().includes(this.host)) this.close();
  };
}
