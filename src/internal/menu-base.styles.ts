import { css } from 'lit';

/**
 * What the disclosure menus (help, profile) share: the host's fresh start, border-box sizing, the page's font in
 * buttons and links, a focus ring, the trigger button and its chevron, and the panel, open or closed. Each reads the
 * component's own private variables (`--_trigger-*`, `--_panel-*`, `--_focus-outline-color`, `--_font-family`); the
 * component's own styles come after these and add to them.
 */
export const menuBase = css`
  :host {
    all: initial;
    display: inline-block;
    position: relative;
    font-family: var(--_font-family);
    font-size: 16px;
    line-height: 1.4;
  }
  * {
    box-sizing: border-box;
  }
  button,
  a {
    font: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus-outline-color);
    outline-offset: 2px;
  }
  .trigger {
    display: inline-flex;
    align-items: center;
    min-block-size: 44px;
    padding: 4px 8px;
    border: 0;
    border-radius: var(--_trigger-border-radius);
    background: transparent;
    color: var(--_trigger-text-color);
    cursor: pointer;
  }
  .trigger:hover {
    background: var(--_trigger-hover-background-color);
  }
  .chevron {
    inline-size: 12px;
    block-size: 12px;
    fill: currentColor;
  }
  .trigger[aria-expanded='true'] .chevron {
    transform: rotate(180deg);
  }
  .panel {
    position: absolute;
    inset-block-start: calc(100% + 8px);
    inset-inline-end: 0;
    z-index: 10;
    border: 1px solid var(--_panel-border-color);
    border-radius: 8px;
    background: var(--_panel-background-color);
    color: var(--_panel-text-color);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
  }
  .panel[hidden] {
    display: none;
  }
  /* Open, the panel is a popover in the top layer (see internal/popover): under its button, ending at the
     button's right edge, never below the viewport (it scrolls inside). Anchor names are scoped to the shadow root. */
  .trigger {
    anchor-name: --loket-menu-trigger;
  }
  .panel:popover-open {
    position: fixed;
    position-anchor: --loket-menu-trigger;
    inset: calc(anchor(bottom) + 8px) anchor(right) 8px auto;
    block-size: fit-content;
    max-block-size: stretch;
    margin: 0;
    overflow: auto;
  }
  @media (prefers-reduced-motion: no-preference) {
    .chevron {
      transition: transform 150ms ease;
    }
  }
  @media (forced-colors: active) {
    .trigger {
      border: 1px solid ButtonText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;
