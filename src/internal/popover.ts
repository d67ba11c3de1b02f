// From lit-html's own file: the lazy modules take only Lit's core files from the drop-in.
import { isServer } from 'lit-html/is-server.js';

/**
 * Menu panels open in the top layer (a manual popover): no z-index, stacking context or overflow of the host
 * page can cover or clip them. CSS anchor positioning puts them under their button or bar. A browser without
 * anchor positioning keeps them in the page, positioned as before (a popover there would open mid-screen).
 */
export const popoverMode = isServer ? undefined : CSS.supports('anchor-name', '--a') ? 'manual' : undefined;

/** Shows or hides a panel that has `popover=${popoverMode}`; nothing without anchor positioning. */
export function showPopover(panel: Element | null | undefined, open: boolean): void {
  // `.popover` is null on a panel that a hydrating render left without the attribute (the server's view).
  if (popoverMode && panel?.isConnected && (panel as HTMLElement).popover) (panel as HTMLElement).togglePopover(open);
}
